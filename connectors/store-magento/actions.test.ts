import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionContextFor } from '../testing/action-context.ts';
import { magento } from './connector.ts';
import { magentoSampleOrder, startFakeMagento, type FakeMagento } from './fake-magento.ts';

const actions = magento.actions!;

describe('magento outbound (REST V1)', () => {
  let fake: FakeMagento;
  let nextId = 50;
  beforeAll(async () => {
    fake = await startFakeMagento({ accessToken: 'mg-token' });
  });
  afterAll(() => fake.close());
  const seed = (lines: [string, number, number?][] = [['MG-A', 2, 22], ['MG-B', 1, 10]]) => {
    const o = magentoSampleOrder(nextId++, lines);
    fake.addOrder(o);
    return o;
  };
  const ctx = (key = 'k', config: Record<string, unknown> = {}) =>
    actionContextFor(magento, { config: { baseUrl: fake.url, ...config }, secrets: { accessToken: 'mg-token' }, idempotencyKey: key });
  const since = (n: number) => fake.requests.slice(n).map((r) => `${r.method} ${r.path}`);

  it('ships part of an order with its track, then the rest, each once', async () => {
    const o = seed();
    const id = o.entity_id;
    const before = fake.requests.length;
    const first = await actions.createFulfillment!(
      { order: { externalId: String(id), number: '#1' }, carrier: 'UPS', trackingNumber: '1ZMG', trackingUrl: 'https://hub.example/t/m', lines: [{ lineId: `${id * 100 + 1}`, quantity: 1 }], notifyCustomer: true },
      ctx(),
    );
    expect(since(before)).toEqual(['GET /rest/V1/shipments', `POST /rest/V1/order/${id}/ship`]);
    expect(fake.requests[before]!.query.get('searchCriteria[filter_groups][0][filters][0][field]')).toBe('order_id');
    expect(JSON.parse(fake.requests.at(-1)!.body)).toEqual({
      items: [{ order_item_id: id * 100 + 1, qty: 1 }],
      notify: true,
      appendComment: true,
      comment: { comment: 'Shipped with UPS, tracking number 1ZMG: https://hub.example/t/m', is_visible_on_front: 1 },
      tracks: [{ track_number: '1ZMG', title: 'UPS', carrier_code: 'ups' }],
    });
    expect(first.externalId).toBe(String(fake.shipments.at(-1)!.entity_id));
    expect(o.state).toBe('processing');

    await actions.createFulfillment!({ order: { externalId: String(id), number: '#1' }, carrier: 'Evri', trackingNumber: 'H1', lines: [], notifyCustomer: false }, ctx());
    expect(JSON.parse(fake.requests.at(-1)!.body)).toMatchObject({ items: [], notify: false, tracks: [{ track_number: 'H1', title: 'Evri', carrier_code: 'custom' }] });
    expect(o.state).toBe('complete');
  });

  it('does not ship twice when the answer was lost', async () => {
    const o = seed();
    const input = { order: { externalId: String(o.entity_id), number: '#1' }, carrier: 'fedex', trackingNumber: '7788', lines: [], notifyCustomer: true };
    fake.loseAnswerOf('POST', /\/ship$/);
    await expect(actions.createFulfillment!(input, ctx())).rejects.toMatchObject({ upstreamStatus: 503, retryable: true });
    const again = await actions.createFulfillment!(input, ctx());
    const made = fake.shipments.filter((s) => s.order_id === o.entity_id);
    expect(made).toHaveLength(1);
    expect(again).toEqual({ externalId: String(made[0]!.entity_id) });
  });

  it('refunds lines as a credit memo adjusted to the exact amount, and an amount alone without items, once each', async () => {
    const o = seed();
    const id = o.entity_id;
    const input = { order: { externalId: String(id), number: '#1', currency: 'USD' }, amount: '20.00', reason: 'Damaged', lines: [{ lineId: `${id * 100 + 1}`, quantity: 1 }] };
    fake.loseAnswerOf('POST', /\/refund$/);
    await expect(actions.refund!(input, ctx('refund:evt_1'))).rejects.toMatchObject({ retryable: true });
    expect(await actions.refund!(input, ctx('refund:evt_1'))).toEqual({ externalId: String(fake.creditMemos.at(-1)!.entity_id), amount: '20.00' });
    const memos = fake.creditMemos.filter((m) => m.order_id === id);
    expect(memos).toHaveLength(1);
    expect(memos[0]).toMatchObject({ grand_total: 20, adjustment_negative: 2, adjustment_positive: 0 });
    const post = fake.requests.find((r) => r.method === 'POST' && r.path === `/rest/V1/order/${id}/refund`)!;
    expect(JSON.parse(post.body)).toEqual({
      items: [{ order_item_id: id * 100 + 1, qty: 1 }],
      notify: true,
      appendComment: true,
      comment: { comment: 'Damaged [dropline:refund:evt_1]', is_visible_on_front: 0 },
      arguments: { shipping_amount: 0, adjustment_positive: 0, adjustment_negative: 2, extension_attributes: { return_to_stock_items: [] } },
    });
    await actions.refund!({ ...input, amount: '5.50', lines: [] }, ctx('refund:evt_2'));
    expect(fake.creditMemos.at(-1)).toMatchObject({ grand_total: 5.5, adjustment_positive: 5.5, items: [{ order_item_id: id * 100 + 1, qty: 0 }, { order_item_id: id * 100 + 2, qty: 0 }] });
  });

  it('cancels once, and reports an order that shipped as not cancelled', async () => {
    const o = seed();
    expect(await actions.cancelOrder!({ order: { externalId: String(o.entity_id) }, reason: 'no stock' }, ctx())).toEqual({ cancelled: true });
    expect(o.state).toBe('canceled');
    expect(fake.comments.get(o.entity_id)!.map((c) => c.comment)).toEqual(['Cancelled: no stock']);
    const before = fake.requests.length;
    expect(await actions.cancelOrder!({ order: { externalId: String(o.entity_id) }, reason: 'no stock' }, ctx())).toEqual({ cancelled: true });
    expect(since(before)).toEqual([`GET /rest/V1/orders/${o.entity_id}`]);
    const shipped = seed();
    shipped.items![0]!.qty_shipped = 1;
    shipped.state = 'processing';
    expect(await actions.cancelOrder!({ order: { externalId: String(shipped.entity_id) } }, ctx())).toEqual({ cancelled: false });
  });

  it('adds tags and notes as order comments, once', async () => {
    const o = seed();
    await actions.annotateOrder!({ order: { externalId: String(o.entity_id) }, tags: ['vip', 'split'], note: 'Two parcels' }, ctx());
    await actions.annotateOrder!({ order: { externalId: String(o.entity_id) }, tags: ['split', 'late'], note: 'Two parcels' }, ctx());
    expect(fake.comments.get(o.entity_id)).toEqual([
      { comment: 'Tags: vip, split', is_customer_notified: 0 },
      { comment: 'Two parcels', is_customer_notified: 0 },
      { comment: 'Tags: late', is_customer_notified: 0 },
    ]);
  });

  it('sets stock items by SKU and prices in bulk, special prices for "was" prices and cleared otherwise', async () => {
    fake.addProduct('MG/SLASH');
    fake.addProduct('MG-PLAIN');
    expect(await actions.setInventoryLevels!({ items: [{ sku: 'MG/SLASH', quantity: 3 }, { sku: 'MG-PLAIN', quantity: 0 }, { sku: 'NOPE', quantity: 1 }] }, ctx())).toEqual({ updated: 2 });
    const put = fake.requests.find((r) => r.method === 'PUT' && r.path.startsWith('/rest/V1/products/MG%2FSLASH/stockItems/'))!;
    expect(JSON.parse(put.body)).toEqual({ stockItem: { qty: 3, is_in_stock: true } });
    expect(fake.stock.get('MG/SLASH')).toMatchObject({ qty: 3, is_in_stock: true });
    expect(fake.stock.get('MG-PLAIN')).toMatchObject({ qty: 0, is_in_stock: false });

    fake.specialPrices.set('MG-PLAIN', { price: 1, price_from: '2020-01-01 00:00:00' });
    expect(await actions.updatePrices!({ items: [{ sku: 'MG/SLASH', price: '15.00', compareAtPrice: '19.00' }, { sku: 'MG-PLAIN', price: '9.50' }, { sku: 'NOPE', price: '1.00' }] }, ctx())).toEqual({ updated: 2 });
    const bulk = fake.requests.find((r) => r.path === '/rest/V1/products/base-prices')!;
    expect(JSON.parse(bulk.body)).toEqual({ prices: [{ sku: 'MG/SLASH', price: 19, store_id: 0 }, { sku: 'MG-PLAIN', price: 9.5, store_id: 0 }, { sku: 'NOPE', price: 1, store_id: 0 }] });
    expect([fake.prices.get('MG/SLASH'), fake.specialPrices.get('MG/SLASH')?.price, fake.prices.get('MG-PLAIN'), fake.specialPrices.has('MG-PLAIN')]).toEqual([19, 15, 9.5, false]);
  });

  it('calls a store view when configured, and refuses a bad token without retrying', async () => {
    const o = seed();
    await actions.annotateOrder!({ order: { externalId: String(o.entity_id) }, note: 'x' }, ctx('k', { storeCode: 'default' }));
    expect(fake.requests.at(-1)!.path).toBe(`/rest/default/V1/orders/${o.entity_id}/comments`);
    const bad = actionContextFor(magento, { config: { baseUrl: fake.url }, secrets: { accessToken: 'nope' } });
    await expect(actions.cancelOrder!({ order: { externalId: String(o.entity_id) } }, bad)).rejects.toMatchObject({ upstreamStatus: 401, retryable: false });
  });

  it('waits out a 429 from the CDN in front of the store', async () => {
    const o = seed();
    fake.failNext({ status: 429, headers: { 'retry-after': '1' }, body: '<html>Too Many Requests</html>' });
    await actions.annotateOrder!({ order: { externalId: String(o.entity_id) }, note: 'after the limit' }, ctx());
    expect(fake.comments.get(o.entity_id)!.map((c) => c.comment)).toEqual(['after the limit']);
  });
});
