/**
 * An order through an EDI X12 supplier over a real SFTP server, end to end: stock from its 846, the PO
 * as an 850, a 997 for it, an 855 backordering one line (which fails over to a second supplier), an
 * 856 with the SCAC and tracking number, an 810 invoice on the timeline, our 997 for each of its groups,
 * and control numbers never reused; a retried placement never sends a second 850.
 */
import { readdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defineConnector, type PlaceOrderInput } from '@dropline/connectors/sdk';
import { ediX12Supplier } from '@dropline/connectors';
import type { SimulatedSupplier } from '@dropline/connectors/fakes';
import { EXAMPLE_EDI_SUPPLIER_CONFIG } from '../../connectors/supplier-edi-x12/example-config.ts';
import { startFakeEdiSupplier, type FakeEdiSupplier } from '../../connectors/supplier-edi-x12/fake-edi-supplier.ts';
import { generateSshKeyPair, startSftpServer, type SftpTestServer } from '../../connectors/testing/sftp-server.ts';
import { DIALECTS } from '../../server/src/db/testing.ts';
import { eventually, startTestHub, type TestHub } from '../../server/src/testing/test-hub.ts';
import { addShop, addSupplier, deliver, shopifyOrder, types } from '../support/small-world.ts';
import { addConnector, mapCatalog, pollNow, purchaseOrderOf, syncStock, waitForOrder } from './support.ts';

/** Sends the 850, then fails as if the hub lost the answer: the job retries with the same PO number. */
let loseFirstAnswer = false;
const flakyEdiSupplier = defineConnector({
  ...ediX12Supplier,
  type: 'flaky-edi-x12-supplier',
  actions: {
    async placeOrder(input: PlaceOrderInput, ctx) {
      const result = await ediX12Supplier.actions!.placeOrder!(input, ctx);
      if (loseFirstAnswer) {
        loseFirstAnswer = false;
        throw new Error('socket hang up (after the 850 was written)');
      }
      return result;
    },
  },
});

describe.each(DIALECTS)('edi-x12-supplier end to end on %s', (dialect) => {
  const keys = generateSshKeyPair();
  let t: TestHub;
  let sftp: SftpTestServer;
  let supplier: FakeEdiSupplier;
  const sims: SimulatedSupplier[] = [];

  beforeAll(async () => {
    t = await startTestHub({ dialect, hub: { extraConnectors: [flakyEdiSupplier], jobRetryBaseMs: 50 } });
    await addShop(t);
    sftp = await startSftpServer({ users: [{ username: 'DROPLINE', publicKey: keys.publicKey }] });
  }, 60_000);
  afterEach(async () => {
    for (const s of sims.splice(0)) await s.close();
    for (const c of (await t.api('GET', '/api/connectors?kind=supplier')).body.items) await t.api('DELETE', `/api/connectors/${c.id}`);
  });
  afterAll(async () => {
    await sftp?.close();
    await t?.stop();
  });

  const connect = async (id: string, type = 'edi-x12-supplier') => {
    supplier = startFakeEdiSupplier({ root: sftp.root, stock: { 'NW-MUG-01': 40, 'NW-TEE-02': 40 }, supplierId: '8005551234', retailerId: 'DROPLINERTL', prices: { 'NW-MUG-01': '4.10' } });
    await addConnector(t, {
      id,
      type,
      config: { ...EXAMPLE_EDI_SUPPLIER_CONFIG, host: sftp.host, port: sftp.port, hostKeySha256: sftp.hostKeySha256, minFileAgeSeconds: 0, pollIntervalSeconds: 3600 },
      secrets: { privateKey: keys.privateKey },
    });
    await mapCatalog(t, id, [['NW-MUG-01', 'MUG'], ['NW-TEE-02', 'TEE']], 1);
    supplier.publishInventory();
    await syncStock(t, id, { MUG: 40, TEE: 40 });
  };
  const takeOne = () =>
    eventually(async () => {
      const fresh = supplier.takeFiles();
      return fresh.length ? fresh : undefined;
    });

  it('850 out; 997, 855 with a backorder that fails over, 856 and 810 in; our 997s back', async () => {
    await connect('summit');
    sims.push(await addSupplier(t, 'backup', { skus: ['TEE'], priority: 2 }));
    supplier.stock.set('NW-TEE-02', 0);

    const order = shopifyOrder([['MUG', 2], ['TEE', 1]]);
    expect(await deliver(t, order)).toBe(202);
    const po = await purchaseOrderOf(t, order.id, 'summit');
    expect(await takeOne()).toEqual([po]);
    const sent = supplier.orders.get(po)!;
    expect(sent.lines.map((l) => [l.line, l.sku, l.buyerSku, l.quantity])).toEqual([['1', 'NW-MUG-01', 'MUG', 2], ['2', 'NW-TEE-02', 'TEE', 1]]);

    supplier.functionalAck(po, 'A');
    supplier.acknowledge(po);
    await pollNow(t, 'summit');
    const failedOver = await waitForOrder(t, order.id, (o) => o.supplierOrders.some((so: any) => so.supplierId === 'backup'));
    const backordered = failedOver.events.find((e: any) => e.type === 'supplier_order.backordered');
    expect(backordered.data.lines).toEqual([expect.objectContaining({ sku: 'NW-TEE-02', quantity: 1 })]);

    supplier.ship(po, { scac: 'UPSN', trackingNumber: '1Z999AA10123456784' });
    supplier.invoice(po, 'INV-3001');
    await pollNow(t, 'summit');
    const o = await waitForOrder(t, order.id, (x) => x.status === 'shipped' && types(x).includes('invoice.received'));
    expect(types(o)).toEqual(expect.arrayContaining(['supplier_order.placed', 'supplier_order.acknowledged', 'supplier_order.backordered', 'shipment.created', 'invoice.received']));
    const shipment = o.shipments.find((s: any) => s.supplierId === 'summit');
    expect([shipment.carrier, shipment.trackingNumber, shipment.lines.map((l: any) => [l.sku, l.quantity])]).toEqual(['UPS', '1Z999AA10123456784', [['MUG', 2]]]);
    const invoice = o.events.find((e: any) => e.type === 'invoice.received');
    expect(invoice).toMatchObject({ source: 'summit', data: { supplierId: 'summit', supplierOrderId: po, invoiceNumber: 'INV-3001', amount: '8.20', currency: 'USD' } });
    expect(o.shipments.find((s: any) => s.supplierId === 'backup').lines.map((l: any) => [l.sku, l.quantity])).toEqual([['TEE', 1]]);

    // Our 997s: one for each group the supplier sent (846, 855, 856, 810), none for its 997.
    await eventually(async () => readdirSync(`${sftp.root}/outbound`).filter((n) => !n.startsWith('.')).length === 0 || undefined);
    supplier.takeFiles();
    const theirs = [...supplier.sentGroups].filter(([, id]) => id !== 'FA').map(([control]) => control).sort();
    expect(supplier.acksReceived.map((a) => a.groupControl).sort()).toEqual(theirs);
    expect(supplier.acksReceived.map((a) => a.functionalId).sort()).toEqual(['IB', 'IN', 'PR', 'SH']);
    expect(new Set(supplier.interchangesReceived).size).toBe(supplier.interchangesReceived.length);
  });

  it('sends one 850 when a placement is retried after its answer was lost', async () => {
    loseFirstAnswer = true;
    await connect('flaky-edi', 'flaky-edi-x12-supplier');
    const order = shopifyOrder([['MUG', 1]]);
    await deliver(t, order);
    const po = await purchaseOrderOf(t, order.id, 'flaky-edi');
    const o = await waitForOrder(t, order.id, (x) => x.supplierOrders[0]?.status === 'placed');
    expect(loseFirstAnswer).toBe(false);
    expect(types(o).filter((x) => x === 'supplier_order.placed')).toHaveLength(1);
    expect(await takeOne()).toEqual([po]);
    expect(supplier.received).toEqual([`850_${po}.edi`]);
    expect(supplier.orders.size).toBe(1);
  });

  it('fails the order over when the supplier’s 997 rejects our 850', async () => {
    await connect('strict');
    sims.push(await addSupplier(t, 'backup', { skus: ['MUG'], priority: 2 }));
    const order = shopifyOrder([['MUG', 1]]);
    await deliver(t, order);
    const po = await purchaseOrderOf(t, order.id, 'strict');
    await takeOne();
    supplier.functionalAck(po, 'R');
    await pollNow(t, 'strict');
    const o = await waitForOrder(t, order.id, (x) => x.status === 'shipped');
    expect(o.supplierOrders.map((so: any) => [so.supplierId, so.status])).toEqual([['strict', 'rejected'], ['backup', 'shipped']]);
    expect(o.events.find((e: any) => e.type === 'supplier_order.rejected').data.reason).toMatch(/^997: the supplier's EDI system rejected the 850/);
  });
});
