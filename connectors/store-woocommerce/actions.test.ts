import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionContextFor } from '../testing/action-context.ts';
import { fixtureJson } from '../testing/fixtures.ts';
import { woocommerce } from './connector.ts';
import { startFakeWooCommerce, type FakeWooCommerce } from './fake-woocommerce.ts';
import type { WooOrder } from './map-order.ts';

const KEYS = { consumerKey: 'ck_test', consumerSecret: 'cs_test', webhookSecret: 'wc-secret' };
const sample = fixtureJson('store/woocommerce_rest_v3_order_create_response.json') as WooOrder;
const actions = woocommerce.actions!;

describe('woocommerce outbound (REST API v3)', () => {
  let fake: FakeWooCommerce;
  let nextId = 1000;
  beforeAll(async () => {
    fake = await startFakeWooCommerce(KEYS);
  });
  afterAll(() => fake.close());

  const seed = (): WooOrder => {
    const order = { ...structuredClone(sample), id: nextId++ };
    fake.orders.set(String(order.id), order);
    return order;
  };
  const ctx = (key = 'k1', config: Record<string, unknown> = {}) =>
    actionContextFor(woocommerce, { config: { siteUrl: `${fake.url}/`, ...config }, secrets: KEYS, idempotencyKey: key });
  const since = (n: number) => fake.requests.slice(n).map((r) => `${r.method} ${r.path}`);

  it('records a partial shipment as tracking meta and a customer note, and completes the order with the last parcel', async () => {
    const order = seed();
    const before = fake.requests.length;
    await actions.createFulfillment!(
      {
        order: { externalId: String(order.id), number: '#1' },
        carrier: 'UPS',
        trackingNumber: '1Z001',
        trackingUrl: 'https://hub.example/t/x',
        lines: [{ lineId: '315', quantity: 2 }],
        notifyCustomer: true,
      },
      ctx('fulfil:shp_1'),
    );
    expect(since(before)).toEqual([
      `GET /wp-json/wc/v3/orders/${order.id}`,
      `PUT /wp-json/wc/v3/orders/${order.id}`,
      `GET /wp-json/wc/v3/orders/${order.id}/notes`,
      `POST /wp-json/wc/v3/orders/${order.id}/notes`,
    ]);
    const put = JSON.parse(fake.requests[before + 1]!.body);
    expect(put.status).toBeUndefined();
    expect(put.meta_data).toEqual([
      {
        key: '_wc_shipment_tracking_items',
        value: [{ tracking_provider: '', custom_tracking_provider: 'UPS', custom_tracking_link: 'https://hub.example/t/x', tracking_number: '1Z001', date_shipped: expect.stringMatching(/^\d+$/), tracking_id: 'fulfil_shp_1' }],
      },
      { key: '_dropline_shipped_lines', value: { '315': 2 } },
    ]);
    expect(JSON.parse(fake.requests[before + 3]!.body)).toEqual({ note: '2 item(s) shipped with UPS, tracking number 1Z001: https://hub.example/t/x', customer_note: true });
    expect(fake.requests[before]!.headers.authorization).toBe(`Basic ${Buffer.from('ck_test:cs_test').toString('base64')}`);
    expect(fake.orders.get(String(order.id))!.status).toBe('processing');

    await actions.createFulfillment!(
      { order: { externalId: String(order.id), number: '#1' }, carrier: 'USPS', trackingNumber: '9400', lines: [{ lineId: '316', quantity: 1 }], notifyCustomer: true },
      ctx('fulfil:shp_2'),
    );
    const stored = fake.orders.get(String(order.id))!;
    expect(stored.status).toBe('completed');
    expect((stored.meta_data!.find((m) => m.key === '_wc_shipment_tracking_items')!.value as any[]).map((t) => t.tracking_number)).toEqual(['1Z001', '9400']);
  });

  it('repeats nothing when a fulfilment is retried after its answer was lost', async () => {
    const order = seed();
    const input = { order: { externalId: String(order.id), number: '#1' }, carrier: 'FedEx', trackingNumber: '7777', lines: [], notifyCustomer: false };
    fake.loseAnswerOf('POST', /\/notes$/);
    await expect(actions.createFulfillment!(input, ctx('fulfil:lost'))).rejects.toMatchObject({ upstreamStatus: 502, retryable: true });
    const before = fake.requests.length;
    await actions.createFulfillment!(input, ctx('fulfil:lost'));
    expect(since(before)).toEqual([`GET /wp-json/wc/v3/orders/${order.id}`, `GET /wp-json/wc/v3/orders/${order.id}/notes`]);
    expect(fake.notes.get(String(order.id))!.map((n) => [n.note, n.customer_note])).toEqual([['Your order shipped with FedEx, tracking number 7777', false]]);
    expect(fake.orders.get(String(order.id))!.status).toBe('completed');
  });

  it('refunds by amount with the lines, once, even when retried after a lost answer', async () => {
    const order = seed();
    const input = { order: { externalId: String(order.id), number: '#1', currency: 'USD' }, amount: '12.00', reason: 'Damaged', lines: [{ lineId: '316', quantity: 1 }] };
    fake.loseAnswerOf('POST', /\/refunds$/);
    await expect(actions.refund!(input, ctx('refund:evt_9'))).rejects.toMatchObject({ retryable: true });
    const again = await actions.refund!(input, ctx('refund:evt_9'));
    const refunds = fake.refunds.get(String(order.id))!;
    expect(refunds).toHaveLength(1);
    expect(again).toEqual({ externalId: String(refunds[0]!.id), amount: '12.00' });
    const post = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith(`/orders/${order.id}/refunds`))!;
    expect(JSON.parse(post.body)).toEqual({
      amount: '12.00',
      reason: 'Damaged',
      api_refund: true,
      api_restock: false,
      line_items: [{ id: 316, quantity: 1 }],
      meta_data: [{ key: '_dropline_idempotency_key', value: 'refund:evt_9' }],
    });
    // Recorded in WooCommerce only, when the connector says so.
    await actions.refund!({ ...input, amount: '17.35', lines: [] }, ctx('refund:evt_10', { refundPayment: false }));
    expect(fake.refunds.get(String(order.id))!.map((r) => [r.amount, r.refunded_payment])).toEqual([['12.00', true], ['17.35', false]]);
    expect(fake.orders.get(String(order.id))!.status).toBe('refunded');
  });

  it('passes on WooCommerce refusing a refund, without retrying', async () => {
    const order = seed();
    await expect(actions.refund!({ order: { externalId: String(order.id), number: '#1', currency: 'USD' }, amount: '999.00', lines: [] }, ctx('refund:big'))).rejects.toMatchObject({
      upstreamStatus: 500,
    });
  });

  it('cancels an open order once, and does not cancel a completed one', async () => {
    const order = seed();
    expect(await actions.cancelOrder!({ order: { externalId: String(order.id) }, reason: 'fraud check failed' }, ctx())).toEqual({ cancelled: true });
    expect(fake.orders.get(String(order.id))!.status).toBe('cancelled');
    expect(fake.notes.get(String(order.id))!.map((n) => n.note)).toEqual(['Cancelled: fraud check failed']);
    const before = fake.requests.length;
    expect(await actions.cancelOrder!({ order: { externalId: String(order.id) } }, ctx())).toEqual({ cancelled: true });
    expect(since(before)).toEqual([`GET /wp-json/wc/v3/orders/${order.id}`]);
    const done = seed();
    done.status = 'completed';
    expect(await actions.cancelOrder!({ order: { externalId: String(done.id) } }, ctx())).toEqual({ cancelled: false });
    expect(done.status).toBe('completed');
  });

  it('keeps tags in meta data and adds a private note once', async () => {
    const order = seed();
    await actions.annotateOrder!({ order: { externalId: String(order.id) }, tags: ['vip', 'split'], note: 'Ships in two parcels' }, ctx());
    await actions.annotateOrder!({ order: { externalId: String(order.id) }, tags: ['split', 'late'], note: 'Ships in two parcels' }, ctx());
    expect(fake.orders.get(String(order.id))!.meta_data!.find((m) => m.key === '_dropline_tags')!.value).toEqual(['vip', 'split', 'late']);
    expect(fake.notes.get(String(order.id))!.map((n) => [n.note, n.customer_note])).toEqual([['Ships in two parcels', false]]);
  });

  it('sets stock and prices by SKU through the batch endpoints, variations under their parent', async () => {
    const simple = fake.addProduct('WOO-MUG');
    const variation = fake.addProduct('WOO-TEE-M', { parentId: 22 });
    const before = fake.requests.length;
    expect(await actions.setInventoryLevels!({ items: [{ sku: 'WOO-MUG', quantity: 7 }, { sku: 'WOO-TEE-M', quantity: 0 }, { sku: 'NOPE', quantity: 1 }] }, ctx())).toEqual({ updated: 2 });
    const calls = fake.requests.slice(before);
    expect(calls.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'GET /wp-json/wc/v3/products?sku=WOO-MUG%2CWOO-TEE-M%2CNOPE&per_page=100',
      'POST /wp-json/wc/v3/products/batch?',
      'POST /wp-json/wc/v3/products/22/variations/batch?',
    ]);
    expect(JSON.parse(calls[1]!.body)).toEqual({ update: [{ id: simple.id, manage_stock: true, stock_quantity: 7 }] });
    expect(JSON.parse(calls[2]!.body)).toEqual({ update: [{ id: variation.id, manage_stock: true, stock_quantity: 0 }] });
    expect([simple.stock_quantity, variation.stock_quantity]).toEqual([7, 0]);

    expect(await actions.updatePrices!({ items: [{ sku: 'WOO-MUG', price: '8.00', compareAtPrice: '10.00' }, { sku: 'WOO-TEE-M', price: '19.00' }] }, ctx())).toEqual({ updated: 2 });
    expect([simple.regular_price, simple.sale_price, variation.regular_price, variation.sale_price]).toEqual(['10.00', '8.00', '19.00', '']);
  });

  it('waits out a 429 from the host in front of the store', async () => {
    const order = seed();
    fake.failNext({ status: 429, headers: { 'retry-after': '1' }, body: { code: 'too_many_requests', message: 'Too many requests', data: { status: 429 } } });
    const started = Date.now();
    await actions.annotateOrder!({ order: { externalId: String(order.id) }, note: 'after the limit' }, ctx());
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.notes.get(String(order.id))!.map((n) => n.note)).toEqual(['after the limit']);
  });

  it('refuses calls with wrong API keys without retrying', async () => {
    const order = seed();
    const bad = actionContextFor(woocommerce, { config: { siteUrl: fake.url }, secrets: { ...KEYS, consumerSecret: 'nope' } });
    await expect(actions.cancelOrder!({ order: { externalId: String(order.id) } }, bad)).rejects.toMatchObject({ upstreamStatus: 401, retryable: false });
  });
});
