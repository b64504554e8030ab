import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../sdk/errors.ts';
import { actionContextFor } from '../testing/action-context.ts';
import { fixtureJson } from '../testing/fixtures.ts';
import { shopify } from './connector.ts';
import { startFakeShopify, type FakeShopify } from './fake-shopify.ts';
import type { ShopifyOrder } from './map-order.ts';

const SHOP = { shopDomain: 'outbound.myshopify.com', webhookSecret: 'whsec-out', accessToken: 'shpat_out' };
const sample = fixtureJson('store/shopify_order_get_2024-10.json').order as ShopifyOrder;
const actions = shopify.actions!;

/** The sample order with two units of its first line, under a fresh id. */
function seedOrder(fake: FakeShopify, id: number): ShopifyOrder {
  const order = structuredClone(sample);
  order.id = id;
  order.line_items = order.line_items!.map((l, i) => ({ ...l, quantity: i === 0 ? 2 : 1 }));
  fake.orders.set(String(id), order);
  return order;
}

describe('shopify outbound (Admin GraphQL)', () => {
  let fake: FakeShopify;
  let nextOrder = 900_000_001;
  beforeAll(async () => {
    fake = await startFakeShopify({ ...SHOP, admin: { restoreRate: 1_000 } });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.admin.calls.length = 0;
  });

  const ctx = (key = 'fulfil:shp_1', config: Record<string, unknown> = {}) =>
    actionContextFor(shopify, { config: { shopDomain: SHOP.shopDomain, apiBaseUrl: fake.url, ...config }, secrets: SHOP, idempotencyKey: key });
  const mutations = () => fake.admin.calls.filter((c) => c.query.trimStart().startsWith('mutation'));

  it('fulfils part of an order through its fulfillment order, with carrier, tracking and the exact lines', async () => {
    const order = seedOrder(fake, nextOrder++);
    const result = await actions.createFulfillment!(
      {
        order: { externalId: String(order.id), number: '#1001' },
        carrier: 'ups',
        trackingNumber: '1Z999AA10123456784',
        trackingUrl: 'https://hub.example/t/abc',
        lines: [{ lineId: '466157049', quantity: 1 }],
        notifyCustomer: true,
      },
      ctx(),
    );
    expect(result.externalId).toMatch(/^gid:\/\/shopify\/Fulfillment\/\d+$/);
    const [query, create] = fake.admin.calls;
    expect(query!.rootField).toBe('order');
    expect(query!.variables).toEqual({ id: `gid://shopify/Order/${order.id}` });
    expect(create!.rootField).toBe('fulfillmentCreate');
    expect(create!.variables).toEqual({
      fulfillment: {
        notifyCustomer: true,
        trackingInfo: { company: 'UPS', number: '1Z999AA10123456784', url: 'https://hub.example/t/abc' },
        lineItemsByFulfillmentOrder: [
          { fulfillmentOrderId: `gid://shopify/FulfillmentOrder/${order.id}1`, fulfillmentOrderLineItems: [{ id: 'gid://shopify/FulfillmentOrderLineItem/4661570491', quantity: 1 }] },
        ],
      },
    });
    const request = fake.requests.at(-1)!;
    expect(request.path).toBe('/admin/api/2024-10/graphql.json');
    expect(request.headers['x-shopify-access-token']).toBe(SHOP.accessToken);

    // The rest of the order in a second parcel: what remains, nothing more.
    await actions.createFulfillment!(
      { order: { externalId: String(order.id), number: '#1001' }, carrier: 'fedex', trackingNumber: '7489', lines: [], notifyCustomer: false },
      ctx('fulfil:shp_2'),
    );
    expect(mutations().at(-1)!.variables.fulfillment.lineItemsByFulfillmentOrder[0].fulfillmentOrderLineItems).toEqual([
      { id: 'gid://shopify/FulfillmentOrderLineItem/4661570491', quantity: 1 },
      { id: 'gid://shopify/FulfillmentOrderLineItem/5189950191', quantity: 1 },
      { id: 'gid://shopify/FulfillmentOrderLineItem/7030735041', quantity: 1 },
    ]);
    expect(fake.admin.fulfillments.filter((f) => f.orderId === String(order.id)).map((f) => [f.trackingInfo[0]!.company, f.lines])).toEqual([
      ['UPS', [{ lineId: '466157049', quantity: 1 }]],
      ['FedEx', [{ lineId: '466157049', quantity: 1 }, { lineId: '518995019', quantity: 1 }, { lineId: '703073504', quantity: 1 }]],
    ]);
  });

  it('groups lines per fulfillment order when the order is split across locations', async () => {
    const split = await startFakeShopify({ ...SHOP, admin: { fulfillmentOrderPerLine: true } });
    try {
      const order = seedOrder(split, 42);
      await actions.createFulfillment!(
        {
          order: { externalId: '42', number: '#1001' },
          carrier: 'USPS',
          trackingNumber: '9400',
          lines: [{ lineId: '466157049', quantity: 2 }, { lineId: '703073504', quantity: 1 }],
          notifyCustomer: true,
        },
        actionContextFor(shopify, { config: { shopDomain: SHOP.shopDomain, apiBaseUrl: split.url }, secrets: SHOP }),
      );
      expect(split.admin.calls.at(-1)!.variables.fulfillment.lineItemsByFulfillmentOrder).toEqual([
        { fulfillmentOrderId: `gid://shopify/FulfillmentOrder/${order.id}1`, fulfillmentOrderLineItems: [{ id: 'gid://shopify/FulfillmentOrderLineItem/4661570491', quantity: 2 }] },
        { fulfillmentOrderId: `gid://shopify/FulfillmentOrder/${order.id}3`, fulfillmentOrderLineItems: [{ id: 'gid://shopify/FulfillmentOrderLineItem/7030735041', quantity: 1 }] },
      ]);
    } finally {
      await split.close();
    }
  });

  it('speaks fulfillmentCreateV2 to API versions before 2024-10', async () => {
    const order = seedOrder(fake, nextOrder++);
    await actions.createFulfillment!(
      { order: { externalId: String(order.id), number: '#1' }, carrier: 'dhl', trackingNumber: 'JD0001', lines: [], notifyCustomer: true },
      ctx('fulfil:v2', { apiVersion: '2024-07' }),
    );
    const create = mutations().at(-1)!;
    expect(create.rootField).toBe('fulfillmentCreateV2');
    expect(create.query).toContain('$fulfillment: FulfillmentV2Input!');
    expect(fake.requests.at(-1)!.path).toBe('/admin/api/2024-07/graphql.json');
  });

  it('never fulfils twice when the answer to fulfillmentCreate is lost and the job retries', async () => {
    const order = seedOrder(fake, nextOrder++);
    const input = { order: { externalId: String(order.id), number: '#1' }, carrier: 'ups', trackingNumber: '1ZLOST', lines: [{ lineId: '518995019', quantity: 1 }], notifyCustomer: true };
    fake.admin.loseAnswerOf('fulfillmentCreate');
    await expect(actions.createFulfillment!(input, ctx('fulfil:lost'))).rejects.toMatchObject({ upstreamStatus: 502, retryable: true });
    const retried = await actions.createFulfillment!(input, ctx('fulfil:lost'));
    const made = fake.admin.fulfillments.filter((f) => f.orderId === String(order.id));
    expect(made).toHaveLength(1);
    expect(retried.externalId).toBe(made[0]!.id);
    expect(mutations().filter((m) => m.rootField === 'fulfillmentCreate')).toHaveLength(1);
  });

  it('waits for the cost bucket when Shopify throttles, and runs the mutation once', async () => {
    const order = seedOrder(fake, nextOrder++);
    fake.admin.drainBucket();
    await actions.createFulfillment!(
      { order: { externalId: String(order.id), number: '#1' }, carrier: 'ups', trackingNumber: '1ZTHROTTLE', lines: [], notifyCustomer: true },
      ctx('fulfil:throttled'),
    );
    const roots = fake.admin.calls.map((c) => c.rootField);
    expect(roots[0]).toBe('order');
    // Refused while the bucket was empty (not executed), then the same query again once it refilled.
    expect(roots.filter((r) => r === 'order').length).toBeGreaterThanOrEqual(2);
    expect(roots.filter((r) => r === 'fulfillmentCreate')).toHaveLength(1);
    expect(fake.admin.fulfillments.filter((f) => f.orderId === String(order.id))).toHaveLength(1);
  });

  it('waits out a 429 by its Retry-After, and hands a long one back to the job queue', async () => {
    const order = seedOrder(fake, nextOrder++);
    const limited = { status: 429, headers: { 'retry-after': '1' }, body: { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' } };
    fake.admin.failNext(limited);
    const started = Date.now();
    await actions.cancelOrder!({ order: { externalId: String(order.id) }, reason: 'customer changed their mind' }, ctx('cancel:1'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.admin.cancelled.has(String(order.id))).toBe(true);

    fake.admin.failNext({ ...limited, headers: { 'retry-after': '120' } });
    const err = await actions.annotateOrder!({ order: { externalId: String(order.id) }, tags: ['x'] }, ctx('annotate:1')).catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ upstreamStatus: 429, retryable: true, retryAfterMs: 120_000 });
  });

  it('cancels without refunding or restocking, once', async () => {
    const order = seedOrder(fake, nextOrder++);
    expect(await actions.cancelOrder!({ order: { externalId: String(order.id) }, reason: 'out of stock everywhere' }, ctx('cancel:2'))).toEqual({ cancelled: true });
    expect(mutations().at(-1)!.variables).toEqual({
      orderId: `gid://shopify/Order/${order.id}`,
      reason: 'OTHER',
      refund: false,
      restock: false,
      notifyCustomer: true,
      staffNote: 'out of stock everywhere',
    });
    const before = mutations().length;
    expect(await actions.cancelOrder!({ order: { externalId: String(order.id) } }, ctx('cancel:2'))).toEqual({ cancelled: true });
    expect(mutations()).toHaveLength(before);
  });

  it('refunds part of an order against its payment, and a retry after a lost answer finds the first refund', async () => {
    const order = seedOrder(fake, nextOrder++);
    const input = {
      order: { externalId: String(order.id), number: '#1001', currency: 'USD' },
      amount: '199.00',
      reason: 'Arrived damaged',
      lines: [{ lineId: '703073504', quantity: 1 }],
    };
    fake.admin.loseAnswerOf('refundCreate');
    await expect(actions.refund!(input, ctx('refund:evt_1'))).rejects.toMatchObject({ retryable: true });
    const again = await actions.refund!(input, ctx('refund:evt_1'));
    const refunds = fake.admin.refunds.filter((r) => r.orderId === String(order.id));
    expect(refunds).toHaveLength(1);
    expect(again).toEqual({ externalId: refunds[0]!.id.replace('gid://shopify/Refund/', ''), amount: '199.00' });
    expect(mutations().filter((m) => m.rootField === 'refundCreate').map((m) => m.variables)).toEqual([
      {
        input: {
          orderId: `gid://shopify/Order/${order.id}`,
          note: 'Arrived damaged [dropline:refund:evt_1]',
          notify: true,
          refundLineItems: [{ lineItemId: 'gid://shopify/LineItem/703073504', quantity: 1, restockType: 'NO_RESTOCK' }],
          transactions: [{ orderId: `gid://shopify/Order/${order.id}`, parentId: `gid://shopify/OrderTransaction/${order.id}9`, gateway: 'bogus', kind: 'REFUND', amount: '199.00' }],
        },
      },
    ]);
    // A different refund of the same order is a new one.
    await actions.refund!({ ...input, amount: '10.00', lines: [] }, ctx('refund:evt_2'));
    expect(fake.admin.refunds.filter((r) => r.orderId === String(order.id)).map((r) => r.amount)).toEqual(['199.00', '10.00']);
  });

  it('refuses a refund larger than what is left, without retrying', async () => {
    const order = seedOrder(fake, nextOrder++);
    const err = await actions.refund!({ order: { externalId: String(order.id), number: '#1', currency: 'USD' }, amount: '10000.00', lines: [] }, ctx('refund:big')).catch((e) => e);
    expect(err).toMatchObject({ retryable: false, message: expect.stringContaining('exceeds the refundable amount') });
  });

  it('adds only new tags and appends a note once', async () => {
    const order = seedOrder(fake, nextOrder++);
    order.tags = 'vip';
    order.note = 'Leave at the door';
    await actions.annotateOrder!({ order: { externalId: String(order.id) }, tags: ['vip', 'dropline:split'], note: 'Split across two suppliers' }, ctx('annotate:2'));
    expect(mutations().map((m) => [m.rootField, m.variables])).toEqual([
      ['tagsAdd', { id: `gid://shopify/Order/${order.id}`, tags: ['dropline:split'] }],
      ['orderUpdate', { input: { id: `gid://shopify/Order/${order.id}`, note: 'Leave at the door\nSplit across two suppliers' } }],
    ]);
    await actions.annotateOrder!({ order: { externalId: String(order.id) }, tags: ['vip', 'dropline:split'], note: 'Split across two suppliers' }, ctx('annotate:2'));
    expect(mutations()).toHaveLength(2);
  });

  it('sets stock by SKU at the primary location, skipping SKUs the shop does not sell', async () => {
    const a = fake.admin.addVariant('MUG-RED', '12.00', 7);
    const b = fake.admin.addVariant('MUG-"BLUE"', '12.00', 7);
    const result = await actions.setInventoryLevels!({ items: [{ sku: 'MUG-RED', quantity: 5 }, { sku: 'MUG-"BLUE"', quantity: 0 }, { sku: 'NOT-SOLD', quantity: 3 }] }, ctx('stock:feed_1'));
    expect(result).toEqual({ updated: 2 });
    const [lookup, location, set] = fake.admin.calls;
    expect(lookup!.variables).toEqual({ query: 'sku:"MUG-RED" OR sku:"MUG-\\"BLUE\\"" OR sku:"NOT-SOLD"', first: 12 });
    expect(location!.rootField).toBe('location');
    expect(set!.variables).toEqual({
      input: {
        name: 'available',
        reason: 'correction',
        ignoreCompareQuantity: true,
        referenceDocumentUri: 'dropline://stock/stock%3Afeed_1',
        quantities: [
          { inventoryItemId: a.inventoryItemId, locationId: fake.admin.primaryLocation, quantity: 5 },
          { inventoryItemId: b.inventoryItemId, locationId: fake.admin.primaryLocation, quantity: 0 },
        ],
      },
    });
    expect(fake.admin.inventory.get(`${a.inventoryItemId}|${fake.admin.primaryLocation}`)).toBe(5);
    // A configured location is used as given, without asking for the primary one.
    fake.admin.calls.length = 0;
    await actions.setInventoryLevels!({ items: [{ sku: 'MUG-RED', quantity: 9 }] }, ctx('stock:feed_2', { locationId: '123' }));
    expect(fake.admin.calls.map((c) => c.rootField)).toEqual(['productVariants', 'inventorySetQuantities']);
    expect(fake.admin.inventory.get(`${a.inventoryItemId}|gid://shopify/Location/123`)).toBe(9);
  });

  it('updates prices per product, with the compare-at price when given', async () => {
    const a = fake.admin.addVariant('TEE-S', '20.00', 11);
    const b = fake.admin.addVariant('TEE-M', '20.00', 11);
    const c = fake.admin.addVariant('CAP', '15.00', 12);
    const result = await actions.updatePrices!(
      { items: [{ sku: 'TEE-S', price: '18.00', compareAtPrice: '20.00' }, { sku: 'TEE-M', price: '18.00' }, { sku: 'CAP', price: '14.50' }] },
      ctx('prices:1'),
    );
    expect(result).toEqual({ updated: 3 });
    expect(mutations().map((m) => m.variables)).toEqual([
      { productId: a.productId, variants: [{ id: a.id, price: '18.00', compareAtPrice: '20.00' }, { id: b.id, price: '18.00' }] },
      { productId: c.productId, variants: [{ id: c.id, price: '14.50' }] },
    ]);
    expect([a.price, a.compareAtPrice, c.price]).toEqual(['18.00', '20.00', '14.50']);
  });

  it('refuses calls with a wrong access token without retrying', async () => {
    const order = seedOrder(fake, nextOrder++);
    const bad = actionContextFor(shopify, { config: { shopDomain: SHOP.shopDomain, apiBaseUrl: fake.url }, secrets: { ...SHOP, accessToken: 'shpat_wrong' } });
    await expect(actions.cancelOrder!({ order: { externalId: String(order.id) } }, bad)).rejects.toMatchObject({ upstreamStatus: 401, retryable: false });
  });
});
