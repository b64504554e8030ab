import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionContextFor } from '../testing/action-context.ts';
import { bigcommerce } from './connector.ts';
import { bigCommerceSampleOrder, startFakeBigCommerce, type FakeBigCommerce } from './fake-bigcommerce.ts';

const SECRETS = { webhookSecret: 'bc-shared-secret-0123456789', accessToken: 'bc-token' };
const actions = bigcommerce.actions!;

describe('bigcommerce outbound (v2 shipments, v3 payment actions and catalog)', () => {
  let fake: FakeBigCommerce;
  let nextId = 400;
  beforeAll(async () => {
    fake = await startFakeBigCommerce({ storeHash: 'abc123', ...SECRETS });
  });
  afterAll(() => fake.close());

  const seed = (lines: [string, number, string?][] = [['BC-A', 2, '10.0000'], ['BC-B', 1, '5.0000']]) => {
    const id = nextId++;
    fake.orders.set(String(id), { ...bigCommerceSampleOrder(id, lines), shipments: [], refunds: [] });
    return fake.orders.get(String(id))!;
  };
  const ctx = (key = 'k', config: Record<string, unknown> = {}) =>
    actionContextFor(bigcommerce, { config: { storeHash: 'abc123', apiBaseUrl: fake.url, ...config }, secrets: SECRETS, idempotencyKey: key });
  const since = (n: number) => fake.requests.slice(n).map((r) => `${r.method} ${r.path}`);

  it('creates a partial shipment with carrier, tracking and order products, then the rest', async () => {
    const o = seed();
    const id = o.order.id;
    const before = fake.requests.length;
    await actions.createFulfillment!(
      { order: { externalId: String(id), number: '#1' }, carrier: 'UPS', trackingNumber: '1ZBC1', trackingUrl: 'https://hub.example/t/1', lines: [{ lineId: `${id}01`, quantity: 1 }], notifyCustomer: true },
      ctx(),
    );
    expect(since(before)).toEqual([
      `GET /stores/abc123/v2/orders/${id}/shipments`,
      `GET /stores/abc123/v2/orders/${id}/products`,
      `POST /stores/abc123/v2/orders/${id}/shipments`,
    ]);
    expect(JSON.parse(fake.requests.at(-1)!.body)).toEqual({
      order_address_id: id * 10 + 1,
      tracking_number: '1ZBC1',
      shipping_provider: 'ups',
      tracking_carrier: 'ups',
      tracking_link: 'https://hub.example/t/1',
      comments: 'Shipped with UPS',
      items: [{ order_product_id: id * 100 + 1, quantity: 1 }],
    });
    expect(o.order.status).toBe('Partially Shipped');
    await actions.createFulfillment!({ order: { externalId: String(id), number: '#1' }, carrier: 'Evri', trackingNumber: 'H00', lines: [], notifyCustomer: true }, ctx());
    expect(JSON.parse(fake.requests.at(-1)!.body)).toMatchObject({
      shipping_provider: '',
      tracking_carrier: 'evri',
      items: [{ order_product_id: id * 100 + 1, quantity: 1 }, { order_product_id: id * 100 + 2, quantity: 1 }],
    });
    expect(o.order.status).toBe('Shipped');
  });

  it('does not ship twice when the answer was lost and the job retried', async () => {
    const o = seed();
    const input = { order: { externalId: String(o.order.id), number: '#1' }, carrier: 'usps', trackingNumber: '9400LOST', lines: [], notifyCustomer: true };
    fake.loseAnswerOf('POST', /\/shipments$/);
    await expect(actions.createFulfillment!(input, ctx())).rejects.toMatchObject({ upstreamStatus: 502, retryable: true });
    const again = await actions.createFulfillment!(input, ctx());
    expect(o.shipments).toHaveLength(1);
    expect(again).toEqual({ externalId: String(o.shipments[0]!.id) });
  });

  it('refunds lines through a refund quote, once, and an amount as an ORDER item', async () => {
    const o = seed();
    const id = o.order.id;
    const input = { order: { externalId: String(id), number: '#1', currency: 'USD' }, amount: '10.00', reason: 'Damaged', lines: [{ lineId: `${id}01`, quantity: 1 }] };
    fake.loseAnswerOf('POST', /\/payment_actions\/refunds$/);
    await expect(actions.refund!(input, ctx('refund:evt_1'))).rejects.toMatchObject({ retryable: true });
    expect(await actions.refund!(input, ctx('refund:evt_1'))).toEqual({ externalId: String(o.refunds[0]!.id), amount: '10.00' });
    expect(o.refunds).toHaveLength(1);
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path.includes(`/v3/orders/${id}/`)).map((r) => [r.path.split('/').at(-1), JSON.parse(r.body)]);
    expect(posts[0]).toEqual(['refund_quotes', { items: [{ item_type: 'PRODUCT', item_id: id * 100 + 1, quantity: 1 }] }]);
    expect(posts[1]).toEqual([
      'refunds',
      { items: [{ item_type: 'PRODUCT', item_id: id * 100 + 1, quantity: 1 }], payments: [{ provider_id: 'braintree', amount: 10, offline: false }], reason: 'Damaged [dropline:refund:evt_1]' },
    ]);
    expect(await actions.refund!({ ...input, amount: '2.50', lines: [] }, ctx('refund:evt_2'))).toMatchObject({ amount: '2.50' });
    expect(o.refunds.at(-1)!.items).toEqual([{ item_type: 'ORDER', item_id: id, amount: 2.5 }]);
  });

  it('cancels once, and not after shipping', async () => {
    const o = seed();
    expect(await actions.cancelOrder!({ order: { externalId: String(o.order.id) }, reason: 'fraud' }, ctx())).toEqual({ cancelled: true });
    expect(JSON.parse(fake.requests.at(-1)!.body)).toEqual({ status_id: 5, staff_notes: 'Cancelled: fraud' });
    const before = fake.requests.length;
    expect(await actions.cancelOrder!({ order: { externalId: String(o.order.id) }, reason: 'fraud' }, ctx())).toEqual({ cancelled: true });
    expect(since(before)).toEqual([`GET /stores/abc123/v2/orders/${o.order.id}`]);
    const shipped = seed();
    shipped.order.status_id = 2;
    expect(await actions.cancelOrder!({ order: { externalId: String(shipped.order.id) } }, ctx())).toEqual({ cancelled: false });
  });

  it('appends tags and notes to the staff notes once', async () => {
    const o = seed();
    o.order.staff_notes = 'Call before delivery';
    await actions.annotateOrder!({ order: { externalId: String(o.order.id) }, tags: ['vip', 'split'], note: 'Two parcels' }, ctx());
    await actions.annotateOrder!({ order: { externalId: String(o.order.id) }, tags: ['split', 'late'], note: 'Two parcels' }, ctx());
    expect(o.order.staff_notes).toBe('Call before delivery\nTags: vip, split\nTwo parcels\nTags: late');
  });

  it('sets stock at the location and prices by variant SKU', async () => {
    const a = fake.addVariant('BC-VAR-1');
    const b = fake.addVariant('BC-VAR-2');
    expect(await actions.setInventoryLevels!({ items: [{ sku: 'BC-VAR-1', quantity: 4 }, { sku: 'BC-VAR-2', quantity: 0 }, { sku: 'MISSING', quantity: 1 }] }, ctx('stock:1', { locationId: 3 }))).toEqual({ updated: 2 });
    const [lookup, adjust] = fake.requests.slice(-2);
    expect(lookup!.query.get('sku:in')).toBe('BC-VAR-1,BC-VAR-2,MISSING');
    expect(JSON.parse(adjust!.body)).toEqual({
      reason: 'Dropline stock sync stock:1',
      items: [
        { location_id: 3, variant_id: a.id, quantity: 4 },
        { location_id: 3, variant_id: b.id, quantity: 0 },
      ],
    });
    expect(fake.inventory.get(3)!.get(a.id)).toBe(4);
    expect(await actions.updatePrices!({ items: [{ sku: 'BC-VAR-1', price: '15.00', compareAtPrice: '20.00' }, { sku: 'BC-VAR-2', price: '9.99' }] }, ctx())).toEqual({ updated: 2 });
    expect(JSON.parse(fake.requests.at(-1)!.body)).toEqual([
      { id: a.id, price: 20, sale_price: 15 },
      { id: b.id, price: 9.99, sale_price: 0 },
    ]);
  });

  it('waits for the rate-limit window to reset (X-Rate-Limit-Time-Reset-Ms) and repeats nothing', async () => {
    const limited = await startFakeBigCommerce({ storeHash: 'abc123', ...SECRETS, rateLimit: { requests: 2, windowMs: 400 } });
    try {
      const id = 777;
      limited.orders.set(String(id), { ...bigCommerceSampleOrder(id, [['BC-A', 1]]), shipments: [], refunds: [] });
      const c = actionContextFor(bigcommerce, { config: { storeHash: 'abc123', apiBaseUrl: limited.url }, secrets: SECRETS });
      await actions.createFulfillment!({ order: { externalId: String(id), number: '#1' }, carrier: 'ups', trackingNumber: '1ZRL', lines: [], notifyCustomer: true }, c);
      expect(limited.orders.get(String(id))!.shipments).toHaveLength(1);
      const statuses = limited.requests.map((r) => `${r.method} ${r.path.split('/').at(-1)}`);
      // Two calls fit the window; the third was refused (429) and repeated after the reset.
      expect(statuses).toEqual(['GET shipments', 'GET products', 'POST shipments', 'POST shipments']);
    } finally {
      await limited.close();
    }
  });

  it('hands a long rate-limit wait back to the job queue with the wait', async () => {
    fake.failNext({ status: 429, headers: { 'x-rate-limit-time-reset-ms': '25000' }, body: { status: 429, title: 'Too many requests' } });
    const o = seed();
    await expect(actions.cancelOrder!({ order: { externalId: String(o.order.id) } }, ctx())).rejects.toMatchObject({ upstreamStatus: 429, retryable: true, retryAfterMs: 25_000 });
  });
});
