/**
 * WooCommerce end to end: the webhook creation ping, signed order webhooks from a fake store, routing to
 * simulated suppliers, shipments back as tracking meta data, notes and status over the REST API v3 — plus
 * stale updates, refunds, cancellation and a lost answer, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureJson } from '@dropline/connectors/testing';
import { startFakeWooCommerce, type FakeWooCommerce, type SimulatedSupplier, type WooOrder } from '@dropline/connectors/fakes';
import { DIALECTS } from '../../server/src/db/testing.ts';
import { storeOrderJob } from '../../server/src/store-sync/store-order-jobs.ts';
import { eventually, startTestHub, type TestHub } from '../../server/src/testing/test-hub.ts';
import { addSupplier } from '../support/small-world.ts';
import { connector, enqueue, eventTypes, orderWhen, shipped, storeOrder } from './store-world.ts';

const KEYS = { consumerKey: 'ck_e2e', consumerSecret: 'cs_e2e', webhookSecret: 'wc-e2e-secret' };
const ID = 'woo';
const sample = fixtureJson('store/woocommerce_rest_v3_order_create_response.json') as WooOrder;
let nextId = 7000 + (Date.now() % 1000);

/** The public sample order with a fresh id and the given lines (SKU, quantity). */
function wooOrder(lines: [string, number][]): WooOrder {
  const id = nextId++;
  return {
    ...structuredClone(sample),
    id,
    number: String(id),
    line_items: lines.map(([sku, quantity], i) => ({ ...structuredClone(sample.line_items![1]!), id: id * 10 + i, sku, quantity, subtotal: `${12 * quantity}.00`, total: `${12 * quantity}.00` })),
  };
}

describe.each(DIALECTS)('woocommerce store end to end on %s', (dialect) => {
  let t: TestHub;
  let woo: FakeWooCommerce;
  const sims: SimulatedSupplier[] = [];

  beforeAll(async () => {
    t = await startTestHub({ dialect, hub: { jobRetryBaseMs: 50 } });
    woo = await startFakeWooCommerce({ ...KEYS, webhookUrl: `${t.url}/webhooks/${ID}` });
    await connector(t, { id: ID, type: 'woocommerce', config: { siteUrl: woo.url }, secrets: KEYS });
    sims.push(await addSupplier(t, 'woo-mugs', { skus: ['MUG'], priority: 1 }));
    sims.push(await addSupplier(t, 'woo-tees', { skus: ['TEE'], priority: 1 }));
    sims.push(await addSupplier(t, 'woo-slow', { skus: ['SLOW'], priority: 1, shipDelayMs: [60_000, 60_000] }));
  }, 60_000);
  afterAll(async () => {
    for (const s of sims) await s.close();
    await woo?.close();
    await t?.stop();
  });

  const deliveries = async () => (await t.api('GET', `/api/deliveries?connectorId=${ID}`)).body.items as any[];
  const requestsFor = (id: number) => woo.requests.filter((r) => r.path.startsWith(`/wp-json/wc/v3/orders/${id}`));

  it('answers the webhook creation ping with 200 and stores nothing', async () => {
    const before = (await deliveries()).length;
    expect(await woo.ping()).toBe(200);
    expect(await deliveries()).toHaveLength(before);
    const unsigned = await fetch(`${t.url}/webhooks/${ID}`, { method: 'POST', body: JSON.stringify(sample), headers: { 'content-type': 'application/json' } });
    expect(unsigned.status).toBe(401);
  });

  it('sends each shipment back as tracking meta data and a customer note, completing the order with the last', async () => {
    const order = wooOrder([['MUG', 2], ['TEE', 1]]);
    expect(await woo.deliver('order.created', order)).toBe(202);
    const o = await shipped(t, ID, order.id);
    await eventually(async () => (woo.notes.get(String(order.id)) ?? []).length === 2 && woo.orders.get(String(order.id))!.status === 'completed');

    const puts = requestsFor(order.id).filter((r) => r.method === 'PUT').map((r) => JSON.parse(r.body));
    const posts = requestsFor(order.id).filter((r) => r.method === 'POST' && r.path.endsWith('/notes')).map((r) => JSON.parse(r.body));
    expect(puts).toHaveLength(2);
    const first = o.shipments.find((s: any) => s.trackingNumber === puts[0].meta_data[0].value[0].tracking_number);
    const second = o.shipments.find((s: any) => s !== first);
    const item = (s: any) => ({
      tracking_provider: '',
      custom_tracking_provider: 'UPS',
      custom_tracking_link: '',
      tracking_number: s.trackingNumber,
      date_shipped: expect.stringMatching(/^\d+$/),
      tracking_id: expect.stringMatching(/^fulfil_shp_/),
    });
    expect(puts[0]).toEqual({
      meta_data: [
        { key: '_wc_shipment_tracking_items', value: [item(first)] },
        { key: '_dropline_shipped_lines', value: Object.fromEntries(first.lines.map((l: any) => [l.lineId, l.quantity])) },
      ],
    });
    expect(puts[1]).toEqual({
      status: 'completed',
      meta_data: [
        { key: '_wc_shipment_tracking_items', value: [item(first), item(second)] },
        { key: '_dropline_shipped_lines', value: { [String(order.id * 10)]: 2, [String(order.id * 10 + 1)]: 1 } },
      ],
    });
    expect(posts).toEqual(
      [first, second].map((s: any) => ({
        note: `${s.lines.reduce((n: number, l: any) => n + l.quantity, 0)} item(s) shipped with UPS, tracking number ${s.trackingNumber}`,
        customer_note: true,
      })),
    );
    expect(requestsFor(order.id).every((r) => r.headers.authorization === `Basic ${Buffer.from('ck_e2e:cs_e2e').toString('base64')}`)).toBe(true);
  });

  it('drops an order.updated older than the one it holds', async () => {
    const order = wooOrder([['MUG', 1]]);
    await woo.deliver('order.created', order);
    await orderWhen(t, ID, order.id, (x) => x.status !== 'received');
    const newer = { ...structuredClone(order), customer_note: 'newer', date_modified_gmt: '2030-01-01T10:00:00' };
    const older = { ...structuredClone(order), customer_note: 'older', date_modified_gmt: '2030-01-01T09:00:00' };
    await woo.deliver('order.updated', newer, 'upd-newer');
    await eventually(async () => (await storeOrder(t, ID, order.id)).note === 'newer');
    await woo.deliver('order.updated', older, 'upd-older');
    await eventually(async () => (await deliveries()).some((d) => d.topic === 'order.updated' && d.status === 'stale'));
    expect((await storeOrder(t, ID, order.id)).note).toBe('newer');
  });

  it('refunds through WooCommerce once; the order.updated it causes carries the same refund', async () => {
    const order = wooOrder([['MUG', 1]]);
    await woo.deliver('order.created', order);
    const o = await shipped(t, ID, order.id);
    await enqueue(t, storeOrderJob('refund', { orderId: o.id, cause: 'evt_woo_refund', amount: '5.00', reason: 'Scratched', lines: [{ lineId: o.lines[0].lineId, quantity: 1 }] }));
    await eventually(async () => (await deliveries()).some((d) => d.status === 'accepted' && d.error?.includes('already recorded')));
    const refunds = woo.refunds.get(String(order.id))!;
    expect(refunds).toHaveLength(1);
    const post = woo.requests.find((r) => r.method === 'POST' && r.path === `/wp-json/wc/v3/orders/${order.id}/refunds`)!;
    expect(JSON.parse(post.body)).toEqual({
      amount: '5.00',
      reason: 'Scratched',
      api_refund: true,
      api_restock: false,
      line_items: [{ id: order.id * 10, quantity: 1 }],
      meta_data: [{ key: '_dropline_idempotency_key', value: 'refund:evt_woo_refund' }],
    });
    const issued = (await storeOrder(t, ID, order.id)).events.filter((e: any) => e.type === 'refund.issued');
    expect(issued).toHaveLength(1);
    expect(issued[0].data).toMatchObject({ amount: '5.00', externalId: String(refunds[0]!.id) });
  });

  it('cancels in WooCommerce and stops the supplier; the store\'s update is the same cancellation', async () => {
    const order = wooOrder([['SLOW', 1]]);
    await woo.deliver('order.created', order);
    const o = await orderWhen(t, ID, order.id, (x) => x.status === 'acknowledged');
    await enqueue(t, storeOrderJob('cancel', { orderId: o.id, cause: 'rule_fraud', reason: 'fraud score 97', by: 'rule' }));
    const done = await orderWhen(t, ID, order.id, (x) => x.status === 'cancelled' && x.supplierOrders[0]?.status === 'cancelled');
    expect(woo.orders.get(String(order.id))!.status).toBe('cancelled');
    await eventually(async () => eventTypes(await storeOrder(t, ID, order.id)).filter((x) => x === 'order.updated').length >= 1);
    expect(eventTypes(await storeOrder(t, ID, order.id)).filter((x) => x === 'order.cancelled')).toHaveLength(1);
    // Whichever is recorded first, the job's own record or the store's announcement of it, the other is a repeat.
    expect([{ reason: 'fraud score 97', by: 'rule' }, { by: 'store' }]).toContainEqual(done.events.find((e: any) => e.type === 'order.cancelled').data);
  });

  it('cancels the order when the store deletes it', async () => {
    const order = wooOrder([['SLOW', 1]]);
    await woo.deliver('order.created', order);
    await orderWhen(t, ID, order.id, (x) => x.status === 'acknowledged');
    await woo.deliver('order.deleted', { id: order.id });
    const o = await orderWhen(t, ID, order.id, (x) => x.status === 'cancelled');
    expect(o.events.find((e: any) => e.type === 'order.cancelled').data).toEqual({ reason: 'deleted in WooCommerce', by: 'store' });
  });
});
