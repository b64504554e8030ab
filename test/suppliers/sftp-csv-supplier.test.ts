/**
 * An order through a CSV-over-SFTP supplier, end to end: stock from its inventory file, the PO as a
 * file on a real SFTP server, its acknowledgment backordering one line (which fails over to a second
 * supplier), its shipment file with tracking; never a second order on a retry, never a file lost or
 * taken twice when the hub fails between storing a file's rows and archiving it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defineConnector, type PlaceOrderInput } from '@dropline/connectors/sdk';
import { sftpCsvSupplier } from '@dropline/connectors';
import type { SimulatedSupplier } from '@dropline/connectors/fakes';
import { EXAMPLE_CSV_SUPPLIER_CONFIG } from '../../connectors/supplier-sftp-csv/example-config.ts';
import { startFakeCsvSupplier, type FakeCsvSupplier } from '../../connectors/supplier-sftp-csv/fake-csv-supplier.ts';
import { generateSshKeyPair, startSftpServer, type SftpTestServer } from '../../connectors/testing/sftp-server.ts';
import { DIALECTS } from '../../server/src/db/testing.ts';
import { eventually, startTestHub, type TestHub } from '../../server/src/testing/test-hub.ts';
import { addShop, addSupplier, deliver, shopifyOrder, types } from '../support/small-world.ts';
import { addConnector, deliveriesOf, mapCatalog, pollNow, purchaseOrderOf, syncStock, waitForOrder } from './support.ts';

/** Uploads the order file, then "dies" before noting it: the first attempt's answer is lost. */
let loseFirstAnswer = false;
const forgetfulCsvSupplier = defineConnector({
  ...sftpCsvSupplier,
  type: 'forgetful-sftp-csv-supplier',
  actions: {
    async placeOrder(input: PlaceOrderInput, ctx) {
      if (!loseFirstAnswer) return sftpCsvSupplier.actions!.placeOrder!(input, ctx);
      loseFirstAnswer = false;
      await sftpCsvSupplier.actions!.placeOrder!(input, { ...ctx, state: { ...ctx.state, set: async () => undefined } });
      throw new Error('hub lost its connection after the upload');
    },
  },
});

/** Stores a poll's items, then fails before the files are archived (the hub died between the two). */
let failFirstArchive = false;
const crashingCsvSupplier = defineConnector({
  ...sftpCsvSupplier,
  type: 'crashing-sftp-csv-supplier',
  poll: {
    ...sftpCsvSupplier.poll!,
    async acknowledge(items, ctx) {
      if (failFirstArchive && items.length) {
        failFirstArchive = false;
        throw new Error('hub died before archiving');
      }
      return sftpCsvSupplier.poll!.acknowledge!(items, ctx);
    },
  },
});

describe.each(DIALECTS)('sftp-csv-supplier end to end on %s', (dialect) => {
  const keys = generateSshKeyPair();
  let t: TestHub;
  let sftp: SftpTestServer;
  let supplier: FakeCsvSupplier;
  const sims: SimulatedSupplier[] = [];

  beforeAll(async () => {
    t = await startTestHub({ dialect, hub: { extraConnectors: [forgetfulCsvSupplier, crashingCsvSupplier], jobRetryBaseMs: 50 } });
    await addShop(t);
    sftp = await startSftpServer({ users: [{ username: 'dropline', publicKey: keys.publicKey }, { username: 'dropline-pw', password: 'pw-9' }] });
  }, 60_000);
  afterEach(async () => {
    for (const s of sims.splice(0)) await s.close();
    for (const c of (await t.api('GET', '/api/connectors?kind=supplier')).body.items) await t.api('DELETE', `/api/connectors/${c.id}`);
  });
  afterAll(async () => {
    await sftp?.close();
    await t?.stop();
  });

  const connect = async (id: string, type = 'sftp-csv-supplier', password = false) => {
    supplier = startFakeCsvSupplier({ root: `${sftp.root}`, stock: { 'NW-MUG-01': 50, 'NW-TEE-02': 50 }, cost: { 'NW-MUG-01': '4.10', 'NW-TEE-02': '6.00' } });
    await addConnector(t, {
      id,
      type,
      config: { ...EXAMPLE_CSV_SUPPLIER_CONFIG, host: sftp.host, port: sftp.port, username: password ? 'dropline-pw' : 'dropline', hostKeySha256: `SHA256:${sftp.hostKeySha256}`, minFileAgeSeconds: 0, pollIntervalSeconds: 3600 },
      secrets: password ? { password: 'pw-9' } : { privateKey: keys.privateKey },
    });
    await mapCatalog(t, id, [['NW-MUG-01', 'MUG'], ['NW-TEE-02', 'TEE']], 1);
    supplier.publishInventory();
    await syncStock(t, id, { MUG: 50, TEE: 50 });
  };

  it('places the PO as a file, fails a backordered line over, ships with tracking, and shows it all on the timeline', async () => {
    await connect('northwind');
    sims.push(await addSupplier(t, 'backup', { skus: ['TEE'], priority: 2 }));
    supplier.stock.set('NW-TEE-02', 0); // the feed said 50; the warehouse has none

    const order = shopifyOrder([['MUG', 2], ['TEE', 1]]);
    expect(await deliver(t, order)).toBe(202);
    const po = await purchaseOrderOf(t, order.id, 'northwind');
    const taken = await eventually(async () => {
      const fresh = supplier.takeOrders();
      return fresh.length ? fresh : undefined;
    });
    expect(taken).toEqual([po]);
    expect(supplier.received).toEqual([`DROPLINE_${po}.csv`]);
    expect(supplier.orders.get(po)!.lines.map((l) => [l.sku, l.quantity])).toEqual([['NW-MUG-01', 2], ['NW-TEE-02', 1]]);

    supplier.acknowledge(po);
    await pollNow(t, 'northwind');
    await waitForOrder(t, order.id, (o) => o.supplierOrders.some((so: any) => so.supplierId === 'backup'));

    supplier.ship(po, { carrier: 'UPS', trackingNumber: '1Z999AA10123456784' });
    await pollNow(t, 'northwind');
    const o = await waitForOrder(t, order.id, (x) => x.status === 'shipped');
    expect(types(o)).toEqual(
      expect.arrayContaining(['order.received', 'order.routed', 'supplier_order.placed', 'supplier_order.acknowledged', 'supplier_order.backordered', 'shipment.created']),
    );
    const ack = o.events.find((e: any) => e.type === 'supplier_order.acknowledged');
    expect(ack).toMatchObject({ source: 'northwind', data: { supplierId: 'northwind', supplierOrderId: po, externalId: 'SO100000' } });
    expect(o.events.filter((e: any) => e.type === 'order.routed')).toHaveLength(2);
    const bySupplier = Object.fromEntries(o.shipments.map((s: any) => [s.supplierId, [s.carrier, s.lines.map((l: any) => [l.sku, l.quantity])]]));
    expect(bySupplier.northwind).toEqual(['UPS', [['MUG', 2]]]);
    expect(bySupplier.backup[1]).toEqual([['TEE', 1]]);
    expect(o.shipments.find((s: any) => s.supplierId === 'northwind').trackingNumber).toBe('1Z999AA10123456784');

    // Every file the supplier wrote was taken once and archived.
    await eventually(async () => (await deliveriesOf(t, 'northwind')).every((d) => d.status === 'accepted') || undefined);
    const ids = (await deliveriesOf(t, 'northwind')).map((d) => d.deliveryId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith('/out/acks/'))).toHaveLength(1);
    expect(ids.filter((id) => id.startsWith('/out/shipments/'))).toHaveLength(1);
  });

  it('never places a second order when the upload went through but its answer was lost (password login)', async () => {
    loseFirstAnswer = true;
    await connect('forgetful', 'forgetful-sftp-csv-supplier', true);
    const order = shopifyOrder([['MUG', 1]]);
    await deliver(t, order);
    const po = await purchaseOrderOf(t, order.id, 'forgetful');
    const o = await waitForOrder(t, order.id, (x) => x.supplierOrders[0]?.status === 'placed');
    expect(loseFirstAnswer).toBe(false);
    expect(types(o).filter((x) => x === 'supplier_order.placed')).toHaveLength(1);
    supplier.takeOrders();
    expect(supplier.received).toEqual([`DROPLINE_${po}.csv`]);
    expect(supplier.orders.size).toBe(1);
    expect(sftp.logins.some((l) => l.username === 'dropline-pw' && l.method === 'password')).toBe(true);
  });

  it('takes a file once and archives it, though the hub failed between storing its rows and archiving it', async () => {
    await connect('crashing', 'crashing-sftp-csv-supplier');
    const order = shopifyOrder([['MUG', 1]]);
    await deliver(t, order);
    const po = await purchaseOrderOf(t, order.id, 'crashing');
    await eventually(async () => supplier.takeOrders().length > 0 || undefined);
    failFirstArchive = true;
    supplier.acknowledge(po);
    await pollNow(t, 'crashing');
    // The failed poll job is retried: it reads the file again, the inbox knows it, and now it is archived.
    await eventually(async () => !failFirstArchive && (await import('node:fs')).readdirSync(`${sftp.root}/out/acks`).length === 0 || undefined, 15_000);
    const o = await waitForOrder(t, order.id, (x) => x.status === 'acknowledged');
    expect(types(o).filter((x) => x === 'supplier_order.acknowledged')).toHaveLength(1);
    const acks = (await deliveriesOf(t, 'crashing')).filter((d) => d.deliveryId.startsWith('/out/acks/'));
    expect(acks).toHaveLength(1);
    expect((await import('node:fs')).readdirSync(`${sftp.root}/archive/acknowledgments`).length).toBeGreaterThan(0);
  });
});
