/**
 * An order through a supplier added by configuration alone (`rest-supplier` with the two example
 * configs for the Acme Wholesale API), end to end: stock from the supplier, the PO as an API call with
 * the PO number as idempotency key, acknowledgment with a backordered line that fails over to a second
 * supplier, shipment with tracking — once through signed webhooks (OAuth 2.0 API), once through the
 * order's answer and status polling (API-key API). A placement retried after a lost answer never
 * creates a second order.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defineConnector, type PlaceOrderInput } from '@dropline/connectors/sdk';
import { restSupplier } from '@dropline/connectors';
import type { SimulatedSupplier } from '@dropline/connectors/fakes';
import { ACME_POLLING_CONFIG, ACME_WEBHOOKS_CONFIG } from '../../connectors/supplier-rest/example-configs.ts';
import { startFakeRestSupplier, type FakeRestSupplier } from '../../connectors/supplier-rest/fake-rest-supplier.ts';
import { DIALECTS } from '../../server/src/db/testing.ts';
import { startTestHub, type TestHub } from '../../server/src/testing/test-hub.ts';
import { addShop, addSupplier, deliver, shopifyOrder, types } from '../support/small-world.ts';
import { addConnector, deliveriesOf, mapCatalog, pollNow, purchaseOrderOf, syncStock, waitForOrder } from './support.ts';

const OAUTH = { clientId: 'dropline', clientSecret: 'acme-client-secret' };

/** The supplier takes the order, and the answer is lost on the way back: the job retries. */
let loseFirstAnswer = false;
const flakyRestSupplier = defineConnector({
  ...restSupplier,
  type: 'flaky-rest-supplier',
  actions: {
    ...restSupplier.actions,
    async placeOrder(input: PlaceOrderInput, ctx) {
      const result = await restSupplier.actions!.placeOrder!(input, ctx);
      if (loseFirstAnswer) {
        loseFirstAnswer = false;
        throw new Error('socket hang up (after the supplier took the order)');
      }
      return result;
    },
  },
});

describe.each(DIALECTS)('rest-supplier end to end on %s', (dialect) => {
  let t: TestHub;
  let acme: FakeRestSupplier | undefined;
  const sims: SimulatedSupplier[] = [];

  beforeAll(async () => {
    t = await startTestHub({ dialect, hub: { extraConnectors: [flakyRestSupplier], jobRetryBaseMs: 50 } });
    await addShop(t);
  }, 60_000);
  afterEach(async () => {
    await acme?.close();
    acme = undefined;
    for (const s of sims.splice(0)) await s.close();
    for (const c of (await t.api('GET', '/api/connectors?kind=supplier')).body.items) await t.api('DELETE', `/api/connectors/${c.id}`);
  });
  afterAll(() => t?.stop());

  it('webhook config (OAuth 2.0): stock, order, backorder failover and shipment all through signed webhooks', async () => {
    acme = await startFakeRestSupplier({ stock: { 'AC-MUG': 30, 'AC-TEE': 30 }, auth: { oauth: OAUTH }, webhookSecret: 'whsec-acme', webhookUrl: `${t.url}/webhooks/acme` });
    await addConnector(t, { id: 'acme', type: 'rest-supplier', config: { ...ACME_WEBHOOKS_CONFIG, baseUrl: acme.url }, secrets: { ...OAUTH, webhookSecret: 'whsec-acme' } });
    await mapCatalog(t, 'acme', [['AC-MUG', 'MUG'], ['AC-TEE', 'TEE']], 1);
    expect(await acme.pushInventory()).toBe(202);
    await syncStock(t, 'acme', { MUG: 30, TEE: 30 });
    sims.push(await addSupplier(t, 'backup', { skus: ['TEE'], priority: 2 }));
    acme.stock.set('AC-TEE', 0);

    const order = shopifyOrder([['MUG', 2], ['TEE', 1]]);
    expect(await deliver(t, order)).toBe(202);
    const po = await purchaseOrderOf(t, order.id, 'acme');
    const placed = await waitForOrder(t, order.id, (o) => o.supplierOrders[0]?.status === 'placed');
    const [acmeOrder] = acme.orders.values();
    expect(acmeOrder!.po_number).toBe(po);
    expect(placed.supplierOrders[0].externalId).toBe(acmeOrder!.id);
    expect(acme.requests.find((r) => r.path === '/v2/purchase-orders')!.headers['idempotency-key']).toBe(po);

    await acme.confirm(po);
    await waitForOrder(t, order.id, (o) => o.supplierOrders.some((so: any) => so.supplierId === 'backup'));
    await acme.ship(po, { carrier: 'UPS', tracking: '1Z999AA10123456784' });
    const o = await waitForOrder(t, order.id, (x) => x.status === 'shipped');
    expect(types(o)).toEqual(expect.arrayContaining(['supplier_order.placed', 'supplier_order.acknowledged', 'supplier_order.backordered', 'shipment.created']));
    expect(o.events.find((e: any) => e.type === 'supplier_order.acknowledged')).toMatchObject({ source: 'acme', data: { supplierId: 'acme', externalId: acmeOrder!.id } });
    const bySupplier = Object.fromEntries(o.shipments.map((s: any) => [s.supplierId, s.lines.map((l: any) => [l.sku, l.quantity])]));
    expect(bySupplier).toEqual({ acme: [['MUG', 2]], backup: [['TEE', 1]] });
    expect(o.shipments.find((s: any) => s.supplierId === 'acme').trackingNumber).toBe('1Z999AA10123456784');
    expect(acme.tokensIssued).toHaveLength(1);
    const hooks = await deliveriesOf(t, 'acme');
    expect(hooks.map((d) => d.topic).sort()).toEqual(['inventory.changed', 'order.confirmed', 'order.shipped']);
    expect(hooks.every((d) => d.status === 'accepted')).toBe(true);
  });

  it('refuses an unsigned webhook and stores nothing', async () => {
    acme = await startFakeRestSupplier({ stock: {}, auth: { oauth: OAUTH } });
    await addConnector(t, { id: 'acme-unsigned', type: 'rest-supplier', config: { ...ACME_WEBHOOKS_CONFIG, baseUrl: acme.url }, secrets: { ...OAUTH, webhookSecret: 'whsec-acme' } });
    const res = await fetch(`${t.url}/webhooks/acme-unsigned`, { method: 'POST', body: '{"event":"order.shipped"}', headers: { 'content-type': 'application/json', 'x-acme-signature': 'bm9wZQ==' } });
    expect(res.status).toBe(401);
    expect(await deliveriesOf(t, 'acme-unsigned')).toEqual([]);
  });

  it('polling config (API key): acknowledged in the answer, stock and shipment by polling', async () => {
    acme = await startFakeRestSupplier({ stock: { 'AC-MUG': 30, 'AC-TEE': 30 }, auth: { apiKey: 'acme-key-1' }, confirmOnPlacement: true });
    await addConnector(t, { id: 'acme-poll', type: 'rest-supplier', config: { ...ACME_POLLING_CONFIG, baseUrl: acme.url, pollIntervalSeconds: 3600 }, secrets: { apiKey: 'acme-key-1' } });
    await mapCatalog(t, 'acme-poll', [['AC-MUG', 'MUG'], ['AC-TEE', 'TEE']], 1);
    await syncStock(t, 'acme-poll', { MUG: 30, TEE: 30 });
    sims.push(await addSupplier(t, 'backup', { skus: ['TEE'], priority: 2 }));
    acme.stock.set('AC-TEE', 0);

    const order = shopifyOrder([['MUG', 1], ['TEE', 2]]);
    await deliver(t, order);
    const po = await purchaseOrderOf(t, order.id, 'acme-poll');
    await waitForOrder(t, order.id, (o) => o.supplierOrders.some((so: any) => so.supplierId === 'backup'));
    await acme.ship(po, { carrier: 'FedEx', tracking: '794698571234' });
    await pollNow(t, 'acme-poll');
    const o = await waitForOrder(t, order.id, (x) => x.status === 'shipped');
    const acmeShipment = o.shipments.find((s: any) => s.supplierId === 'acme-poll');
    expect([acmeShipment.carrier, acmeShipment.trackingNumber, acmeShipment.lines.map((l: any) => [l.sku, l.quantity])]).toEqual(['FedEx', '794698571234', [['MUG', 1]]]);
    expect(o.events.filter((e: any) => e.type === 'supplier_order.backordered')[0].data.lines).toEqual([expect.objectContaining({ sku: 'AC-TEE', quantity: 2 })]);
    expect(acme.requests.every((r) => r.headers['x-acme-key'] === 'acme-key-1')).toBe(true);
  });

  it('never creates a second order at the supplier when the answer to the first call was lost', async () => {
    loseFirstAnswer = true;
    acme = await startFakeRestSupplier({ stock: { 'AC-MUG': 30 }, auth: { apiKey: 'acme-key-1' } });
    await addConnector(t, { id: 'flaky-acme', type: 'flaky-rest-supplier', config: { ...ACME_POLLING_CONFIG, baseUrl: acme.url, pollIntervalSeconds: 3600 }, secrets: { apiKey: 'acme-key-1' } });
    await mapCatalog(t, 'flaky-acme', [['AC-MUG', 'MUG']], 1);
    await syncStock(t, 'flaky-acme', { MUG: 30 });
    const order = shopifyOrder([['MUG', 1]]);
    await deliver(t, order);
    const o = await waitForOrder(t, order.id, (x) => x.supplierOrders[0]?.placedAt || x.supplierOrders[0]?.status === 'placed');
    const posts = acme.requests.filter((r) => r.method === 'POST' && r.path === '/v2/purchase-orders');
    expect(loseFirstAnswer).toBe(false);
    expect(posts).toHaveLength(2);
    expect(posts.map((p) => p.headers['idempotency-key'])).toEqual([o.supplierOrders[0].id, o.supplierOrders[0].id]);
    expect(acme.orders.size).toBe(1);
    expect(types(o).filter((x) => x === 'supplier_order.placed')).toHaveLength(1);
  });
});
