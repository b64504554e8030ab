/**
 * BigCommerce end to end: thin webhooks from a fake store, verified by their shared-secret header, stored
 * at once and completed over the v2 API in the apply job; routing to simulated suppliers; shipments back
 * as v2 shipments — plus refunds through the v3 payment actions and the rate limit, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigCommerceSampleOrder, startFakeBigCommerce, type FakeBigCommerce, type SimulatedSupplier } from '@dropline/connectors/fakes';
import { DIALECTS } from '../../server/src/db/testing.ts';
import { storeOrderJob } from '../../server/src/store-sync/store-order-jobs.ts';
import { eventually, startTestHub, type TestHub } from '../../server/src/testing/test-hub.ts';
import { addSupplier } from '../support/small-world.ts';
import { connector, enqueue, orderWhen, shipped, storeOrder } from './store-world.ts';

const SECRETS = { webhookSecret: 'bc-e2e-shared-secret-0123456789', accessToken: 'bc-e2e-token' };
const ID = 'bc';
let nextId = 9000 + (Date.now() % 1000);

describe.each(DIALECTS)('bigcommerce store end to end on %s', (dialect) => {
  let t: TestHub;
  let bc: FakeBigCommerce;
  const sims: SimulatedSupplier[] = [];

  beforeAll(async () => {
    t = await startTestHub({ dialect, hub: { jobRetryBaseMs: 50 } });
    // A tight rate limit, so the hub's calls run into it and must wait rather than fail or repeat.
    bc = await startFakeBigCommerce({ storeHash: 'e2e42', ...SECRETS, webhookUrl: `${t.url}/webhooks/${ID}`, rateLimit: { requests: 4, windowMs: 300 } });
    await connector(t, { id: ID, type: 'bigcommerce', config: { storeHash: 'e2e42', apiBaseUrl: bc.url }, secrets: SECRETS });
    sims.push(await addSupplier(t, 'bc-mugs', { skus: ['MUG'], priority: 1 }));
    sims.push(await addSupplier(t, 'bc-tees', { skus: ['TEE'], priority: 1 }));
    sims.push(await addSupplier(t, 'bc-slow', { skus: ['SLOW'], priority: 1, shipDelayMs: [60_000, 60_000] }));
  }, 60_000);
  afterAll(async () => {
    for (const s of sims) await s.close();
    await bc?.close();
    await t?.stop();
  });

  const seed = (lines: [string, number, string?][]) => {
    const id = nextId++;
    bc.orders.set(String(id), { ...bigCommerceSampleOrder(id, lines), shipments: [], refunds: [] });
    return bc.orders.get(String(id))!;
  };

  it('refuses a webhook without the shared secret, and stores nothing', async () => {
    const res = await fetch(`${t.url}/webhooks/${ID}`, { method: 'POST', body: JSON.stringify({ scope: 'store/order/created', data: { type: 'order', id: 1 } }), headers: { 'content-type': 'application/json', 'x-dropline-webhook-token': 'guess' } });
    expect(res.status).toBe(401);
    expect((await t.api('GET', `/api/deliveries?connectorId=${ID}`)).body.items).toHaveLength(0);
  });

  it('fetches the order a thin webhook names, routes it, and creates a shipment per parcel with tracking', async () => {
    const o = seed([['MUG', 2, '12.5000'], ['TEE', 1, '20.0000']]);
    const id = o.order.id;
    expect(await bc.deliver('store/order/created', id)).toBe(202);
    const order = await shipped(t, ID, id);
    expect(order).toMatchObject({ number: `#${id}`, currency: 'USD', total: o.order.total_inc_tax, shippingAddress: { line1: '455 Main Street', country: 'US' } });
    await eventually(async () => o.shipments.length === 2);
    for (const s of order.shipments) {
      const post = bc.requests.find((r) => r.method === 'POST' && r.path === `/stores/e2e42/v2/orders/${id}/shipments` && JSON.parse(r.body).tracking_number === s.trackingNumber)!;
      expect(JSON.parse(post.body)).toEqual({
        order_address_id: id * 10 + 1,
        tracking_number: s.trackingNumber,
        shipping_provider: 'ups',
        tracking_carrier: 'ups',
        comments: 'Shipped with UPS',
        items: s.lines.map((l: any) => ({ order_product_id: Number(l.lineId), quantity: l.quantity })),
      });
      expect(post.headers['x-auth-token']).toBe(SECRETS.accessToken);
    }
    expect(o.order.status).toBe('Shipped');
    // Every call got through in the end; the ones the rate limit refused were repeated, none doubled.
    expect(bc.throttled).toBeGreaterThan(0);
    expect(o.products.map((p) => [p.quantity, p.quantity_shipped])).toEqual([[2, 2], [1, 1]]);
  });

  it('records the store\'s status change to cancelled as a store cancellation', async () => {
    const o = seed([['SLOW', 1]]);
    await bc.deliver('store/order/created', o.order.id);
    await orderWhen(t, ID, o.order.id, (x) => x.status === 'acknowledged');
    o.order.status_id = 5;
    o.order.status = 'Cancelled';
    o.order.date_modified = new Date(Date.now() + 5_000).toUTCString().replace('GMT', '+0000');
    await bc.deliver('store/order/statusUpdated', o.order.id, { status: { previous_status_id: 11, new_status_id: 5 } });
    const order = await orderWhen(t, ID, o.order.id, (x) => x.status === 'cancelled' && x.supplierOrders[0]?.status === 'cancelled');
    expect(order.events.find((e: any) => e.type === 'order.cancelled').data).toEqual({ by: 'store' });
  });

  it('refunds through a refund quote once per cause', async () => {
    const o = seed([['MUG', 1, '12.5000']]);
    await bc.deliver('store/order/created', o.order.id);
    const order = await shipped(t, ID, o.order.id);
    const job = storeOrderJob('refund', { orderId: order.id, cause: 'evt_bc_1', amount: '12.50', reason: 'Broken handle', lines: [{ lineId: order.lines[0].lineId, quantity: 1 }] });
    await enqueue(t, job);
    await enqueue(t, job);
    const refunded = await orderWhen(t, ID, o.order.id, (x) => x.events.some((e: any) => e.type === 'refund.issued'));
    expect(o.refunds).toHaveLength(1);
    expect(o.refunds[0]).toMatchObject({ reason: 'Broken handle [dropline:refund:evt_bc_1]', total_amount: 12.5, items: [{ item_type: 'PRODUCT', item_id: Number(order.lines[0].lineId), quantity: 1 }] });
    expect(refunded.events.filter((e: any) => e.type === 'refund.issued').map((e: any) => e.data)).toEqual([
      { amount: '12.50', currency: 'USD', reason: 'Broken handle', externalId: String(o.refunds[0]!.id), lines: [{ lineId: order.lines[0].lineId, sku: 'MUG', quantity: 1 }] },
    ]);
    // The store's own announcement of that refund is the same refund.
    await bc.deliver('store/order/refund/created', o.order.id, { refund: { refund_id: o.refunds[0]!.id } });
    await eventually(async () => (await t.api('GET', `/api/deliveries?connectorId=${ID}`)).body.items.some((d: any) => d.topic === 'store/order/refund/created' && d.status === 'accepted'));
    expect((await storeOrder(t, ID, o.order.id)).events.filter((e: any) => e.type === 'refund.issued')).toHaveLength(1);
  });

  it('keeps an order it could not fetch as a rejected delivery, to replay later', async () => {
    const missing = nextId++;
    await bc.deliver('store/order/created', missing);
    const d = await eventually(async () => (await t.api('GET', `/api/deliveries?connectorId=${ID}&status=rejected`)).body.items.find((x: any) => x.topic === 'store/order/created'));
    expect(d.error).toMatch(/answered 404/);
    bc.orders.set(String(missing), { ...bigCommerceSampleOrder(missing, [['TEE', 1]]), shipments: [], refunds: [] });
    expect((await t.api('POST', `/api/deliveries/${d.id}/replay`)).status).toBe(202);
    await shipped(t, ID, missing);
  });
});
