/**
 * Shopify end to end: orders arrive by webhook from a fake shop, are routed to simulated suppliers, ship,
 * and come back to the shop as fulfillments through the Admin GraphQL API — plus refunds, cancellation,
 * notes and stock through the hub's store jobs, under throttling and lost answers, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureJson } from '@dropline/connectors/testing';
import { startFakeShopify, type FakeShopify, type SimulatedSupplier } from '@dropline/connectors/fakes';
import { DIALECTS } from '../../server/src/db/testing.ts';
import { storeOrderJob } from '../../server/src/store-sync/store-order-jobs.ts';
import { SUPPLIER_JOB_TYPES } from '../../server/src/suppliers/supplier-job-types.ts';
import { eventually, startTestHub, type TestHub } from '../../server/src/testing/test-hub.ts';
import { addSupplier, shopifyOrder } from '../support/small-world.ts';
import { connector, enqueue, eventTypes, orderWhen, settledJobs, shipped, storeOrder } from './store-world.ts';

const SHOP = { shopDomain: 'e2e-shop.myshopify.com', webhookSecret: 'shpss_e2e', accessToken: 'shpat_e2e' };
const ID = 'shop';

describe.each(DIALECTS)('shopify store end to end on %s', (dialect) => {
  let t: TestHub;
  let shop: FakeShopify;
  const sims: SimulatedSupplier[] = [];

  beforeAll(async () => {
    t = await startTestHub({ dialect, hub: { jobRetryBaseMs: 50 } });
    shop = await startFakeShopify({ ...SHOP, webhookUrl: `${t.url}/webhooks/${ID}` });
    await connector(t, { id: ID, type: 'shopify', config: { shopDomain: SHOP.shopDomain, apiBaseUrl: shop.url }, secrets: { webhookSecret: SHOP.webhookSecret, accessToken: SHOP.accessToken } });
    sims.push(await addSupplier(t, 'sup-mugs', { skus: ['MUG'], priority: 1 }));
    sims.push(await addSupplier(t, 'sup-tees', { skus: ['TEE'], priority: 1 }));
    sims.push(await addSupplier(t, 'sup-slow', { skus: ['SLOW'], priority: 1, shipDelayMs: [60_000, 60_000] }));
  }, 60_000);
  afterAll(async () => {
    for (const s of sims) await s.close();
    await shop?.close();
    await t?.stop();
  });

  const fulfilmentsOf = (orderId: number) => shop.admin.fulfillments.filter((f) => f.orderId === String(orderId));
  const createCalls = (orderId: number) =>
    shop.admin.calls.filter((c) => c.rootField === 'fulfillmentCreate' && c.variables.fulfillment.lineItemsByFulfillmentOrder[0].fulfillmentOrderId.includes(`/${orderId}`));

  it('sends each shipment of a split order back as a partial fulfillment with carrier and tracking', async () => {
    const order = shopifyOrder([['MUG', 2], ['TEE', 1]]);
    expect(await shop.deliver('orders/create', order)).toBe(202);
    const o = await shipped(t, ID, order.id);
    expect(o.shipments).toHaveLength(2);
    await eventually(async () => fulfilmentsOf(order.id).length === 2);

    for (const s of o.shipments) {
      const call = createCalls(order.id).find((c) => c.variables.fulfillment.trackingInfo.number === s.trackingNumber)!;
      expect(call.variables).toEqual({
        fulfillment: {
          notifyCustomer: true,
          trackingInfo: { company: 'UPS', number: s.trackingNumber },
          lineItemsByFulfillmentOrder: [
            {
              fulfillmentOrderId: `gid://shopify/FulfillmentOrder/${order.id}1`,
              fulfillmentOrderLineItems: s.lines.map((l: any) => ({ id: `gid://shopify/FulfillmentOrderLineItem/${l.lineId}1`, quantity: l.quantity })),
            },
          ],
        },
      });
    }
    const graphql = shop.requests.filter((r) => r.path === '/admin/api/2024-10/graphql.json');
    expect(graphql.every((r) => r.headers['x-shopify-access-token'] === SHOP.accessToken)).toBe(true);
    expect(fulfilmentsOf(order.id).flatMap((f) => f.lines).sort((a, b) => a.lineId.localeCompare(b.lineId))).toEqual([
      { lineId: String(order.line_items[0]!.id), quantity: 2 },
      { lineId: String(order.line_items[1]!.id), quantity: 1 },
    ]);
  });

  it('fulfils once when Shopify throttles and the answer to fulfillmentCreate is lost', async () => {
    const order = shopifyOrder([['MUG', 1]]);
    shop.admin.drainBucket();
    shop.admin.loseAnswerOf('fulfillmentCreate');
    await shop.deliver('orders/create', order);
    await shipped(t, ID, order.id);
    await eventually(async () => fulfilmentsOf(order.id).length === 1);
    const jobs = await eventually(async () => {
      const all = (await t.hub.queue.list({ type: 'store.fulfil', orderId: (await storeOrder(t, ID, order.id)).id, limit: 10 })) as any[];
      return all.length === 1 && all[0].status === 'done' ? all : undefined;
    });
    // The first attempt created it and lost the answer; the retry found it by its tracking number.
    expect(jobs[0].attempts).toBe(2);
    expect(createCalls(order.id)).toHaveLength(1);
    expect(fulfilmentsOf(order.id)).toHaveLength(1);
  });

  it('refunds through Shopify once per cause; its refunds/create announcement is the same refund', async () => {
    const order = shopifyOrder([['MUG', 1], ['TEE', 1]]);
    await shop.deliver('orders/create', order);
    const o = await shipped(t, ID, order.id);
    const line = o.lines[0];
    const job = storeOrderJob('refund', { orderId: o.id, cause: 'evt_damaged_1', amount: '10.00', reason: 'Arrived dented', lines: [{ lineId: line.lineId, quantity: 1 }] });
    expect(await enqueue(t, job)).toHaveLength(1);
    expect(await enqueue(t, job)).toHaveLength(0);
    const refunded = await orderWhen(t, ID, order.id, (x) => eventTypes(x).includes('refund.issued'));
    await eventually(async () => {
      const { items } = (await t.api('GET', `/api/deliveries?connectorId=${ID}`)).body;
      return items.some((d: any) => d.topic === 'refunds/create' && d.status === 'accepted');
    });
    const refunds = shop.admin.refunds.filter((r) => r.orderId === String(order.id));
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.note).toBe('Arrived dented [dropline:refund:evt_damaged_1]');
    const issued = (await storeOrder(t, ID, order.id)).events.filter((e: any) => e.type === 'refund.issued');
    expect(issued).toHaveLength(1);
    expect(issued[0].data).toMatchObject({ amount: '10.00', currency: 'USD', externalId: refunds[0]!.id.split('/').at(-1), lines: [{ lineId: line.lineId, sku: line.sku, quantity: 1 }] });
    expect(refunded.status).toBe('shipped');
  });

  it('records a refund made in the Shopify admin, and a full one marks the order refunded', async () => {
    const order = shopifyOrder([['TEE', 1]]);
    await shop.deliver('orders/create', order);
    await orderWhen(t, ID, order.id, (x) => x.status !== 'received');
    const refund = { ...fixtureJson('store/shopify_refund_2024-10.json').refund, id: order.id + 7, order_id: order.id };
    refund.transactions[0].amount = order.total_price;
    expect(await shop.deliver('refunds/create', refund)).toBe(202);
    const o = await orderWhen(t, ID, order.id, (x) => x.status === 'refunded');
    expect(o.events.find((e: any) => e.type === 'refund.issued').data).toMatchObject({ amount: order.total_price, externalId: String(order.id + 7) });
  });

  it('cancels in Shopify once, stops the supplier, and takes the shop\'s orders/cancelled as the same cancellation', async () => {
    const order = shopifyOrder([['SLOW', 1]]);
    await shop.deliver('orders/create', order);
    const o = await orderWhen(t, ID, order.id, (x) => x.status === 'acknowledged');
    await enqueue(t, storeOrderJob('cancel', { orderId: o.id, cause: 'ops_cancel_1', reason: 'customer asked', by: 'ops' }));
    const cancelled = await orderWhen(t, ID, order.id, (x) => x.supplierOrders[0]?.status === 'cancelled' && x.status === 'cancelled');
    await eventually(async () => {
      const { items } = (await t.api('GET', `/api/deliveries?connectorId=${ID}`)).body;
      return items.some((d: any) => d.topic === 'orders/cancelled' && d.status === 'accepted');
    });
    expect(shop.admin.cancelled.get(String(order.id))).toMatchObject({ reason: 'OTHER', staffNote: 'customer asked' });
    const final = await storeOrder(t, ID, order.id);
    expect(eventTypes(final).filter((x) => x === 'order.cancelled')).toHaveLength(1);
    // Whichever is recorded first, the job's own record or the shop's announcement of it, the other is a repeat.
    expect([{ reason: 'customer asked', by: 'ops' }, { reason: 'other', by: 'store' }]).toContainEqual(final.events.find((e: any) => e.type === 'order.cancelled').data);
    expect(eventTypes(cancelled)).toContain('supplier_order.cancelled');
  });

  it('tags and notes the order in Shopify, once per cause', async () => {
    const order = shopifyOrder([['MUG', 1]]);
    await shop.deliver('orders/create', order);
    const o = await orderWhen(t, ID, order.id, (x) => x.status !== 'received');
    await enqueue(t, storeOrderJob('annotate', { orderId: o.id, cause: 'rule_vip', tags: ['dropline-vip'], note: 'VIP: ship first' }));
    await settledJobs(t, 'store.annotate');
    expect(shop.orders.get(String(order.id))).toMatchObject({ tags: expect.stringContaining('dropline-vip'), note: 'VIP: ship first' });
  });

  it('pushes stock and prices to the shop through the catalog sync jobs', async () => {
    const mug = shop.admin.addVariant('MUG', '12.00', 501);
    await enqueue(
      t,
      { type: SUPPLIER_JOB_TYPES.pushInventory, payload: { storeId: ID, items: [{ sku: 'MUG', quantity: 42 }] }, dedupeKey: 'e2e-stock-1' },
      { type: SUPPLIER_JOB_TYPES.pushPrices, payload: { storeId: ID, items: [{ sku: 'MUG', price: '11.00', compareAtPrice: '12.00' }] }, dedupeKey: 'e2e-price-1' },
    );
    await eventually(async () => shop.admin.inventory.get(`${mug.inventoryItemId}|${shop.admin.primaryLocation}`) === 42 && mug.price === '11.00');
    expect(mug.compareAtPrice).toBe('12.00');
  });
});
