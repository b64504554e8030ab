import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OrderSnapshotSchema } from '../model/order.ts';
import { actionContextFor, memoryState } from '../testing/action-context.ts';
import { magento } from './connector.ts';
import { magentoFixtureOrder, magentoSampleOrder, startFakeMagento, type FakeMagento } from './fake-magento.ts';
import { mapMagentoOrder } from './map-order.ts';
import { CURSOR_KEY } from './poll-orders.ts';

describe('magento order mapping', () => {
  it('maps the public sample (made valid JSON) without losing lines, money, addresses or the customer', () => {
    const order = OrderSnapshotSchema.parse(mapMagentoOrder(magentoFixtureOrder()));
    expect(order).toMatchObject({
      externalId: '3',
      number: '#000000003',
      currency: 'USD',
      subtotal: '160.00',
      shippingTotal: '5.00',
      taxTotal: '0.00',
      discountTotal: '0.00',
      total: '165.00',
      placedAt: '2017-08-21T22:22:19.000Z',
      updatedAt: '2017-08-21T22:22:20.000Z',
      shippingAddress: { name: 'Jane Doe', line1: '123 Oak Ave', city: 'Purchase', region: 'NY', postalCode: '10577', country: 'US', phone: '512-555-1111' },
      billingAddress: { line1: '123 Oak Ave', country: 'US' },
      customer: { externalId: '3', email: 'jdoe@example.com', firstName: 'Jane', lastName: 'Doe', phone: '512-555-1111' },
      shippingLines: [{ title: 'Best Way - Table Rate', code: 'tablerate_bestway', price: '5.00' }],
      financialStatus: 'pending',
      tags: [],
    });
    expect(order.lines.map((l) => [l.lineId, l.sku, l.quantity, l.unitPrice, l.requiresShipping])).toEqual([['3', 'WS12-M-Orange', 1, '22.00', true]]);
  });

  it('keeps configurable parents, bundle children, flags virtual lines and gift cards, subtracts cancellations', () => {
    const o = magentoSampleOrder(10, [['CFG-PARENT', 1, 30], ['CFG-CHILD', 1, 0], ['BUNDLE', 1, 50], ['B-1', 2, 0], ['EBOOK', 1, 9], ['GC', 1, 25], ['GONE', 2, 5], ['HALF', 3, 4]]);
    const [parent, child, bundle, bchild, ebook, gc, gone, half] = o.items!;
    parent!.product_type = 'configurable';
    child!.parent_item_id = parent!.item_id;
    bundle!.product_type = 'bundle';
    bchild!.parent_item_id = bundle!.item_id;
    ebook!.product_type = 'downloadable';
    ebook!.is_virtual = 1;
    gc!.product_type = 'giftcard';
    gc!.is_virtual = 1;
    gone!.qty_canceled = 2;
    half!.qty_canceled = 1;
    o.discount_amount = -7.5;
    const order = OrderSnapshotSchema.parse(mapMagentoOrder(o));
    expect(order.discountTotal).toBe('7.50');
    expect(order.lines.map((l) => [l.sku, l.quantity, l.requiresShipping, l.giftCard])).toEqual([
      ['CFG-PARENT', 1, true, false],
      ['BUNDLE', 1, false, false],
      ['B-1', 2, true, false],
      ['EBOOK', 1, false, false],
      ['GC', 1, false, true],
      ['HALF', 2, true, false],
    ]);
  });

  it('leaves a fractional quantity for validation to refuse, naming the line', () => {
    const o = magentoSampleOrder(11, [['ROPE', 1.5]]);
    const r = OrderSnapshotSchema.safeParse(mapMagentoOrder(o));
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['lines.0.quantity']);
  });
});

describe('magento polling', () => {
  let fake: FakeMagento;
  const state = memoryState();
  const config = { baseUrl: '', since: '2024-01-01T00:00:00Z', pageSize: 3, overlapSeconds: 0 };
  beforeAll(async () => {
    fake = await startFakeMagento({ accessToken: 'mg-token' });
    config.baseUrl = fake.url;
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.orders.clear();
    state.values.clear();
  });
  const ctx = (extra: Record<string, unknown> = {}) => actionContextFor(magento, { config: { ...config, ...extra }, secrets: { accessToken: 'mg-token' }, state });
  /** One run of the poll job: fetch, then (unless it "crashes") acknowledge. */
  const poll = async (c = ctx(), acknowledge = true) => {
    const items = await magento.poll!.run(c);
    if (acknowledge) await magento.poll!.acknowledge!(items, c);
    return items;
  };

  it('walks every order in (updated_at, entity_id) order, across pages and ties, with keyset searchCriteria', async () => {
    fake.addOrder(magentoSampleOrder(5, [['A', 1]], { updatedAt: '2024-03-01 10:00:00' }));
    fake.addOrder(magentoSampleOrder(2, [['A', 1]], { updatedAt: '2024-03-01 10:00:00' }));
    fake.addOrder(magentoSampleOrder(9, [['A', 1]], { updatedAt: '2024-03-01 10:00:00' }));
    fake.addOrder(magentoSampleOrder(3, [['A', 1]], { updatedAt: '2024-03-01 10:00:00' }));
    fake.addOrder(magentoSampleOrder(1, [['A', 1]], { updatedAt: '2024-03-02 08:00:00' }));
    fake.addOrder(magentoSampleOrder(7, [['A', 1]], { updatedAt: '2023-12-31 23:59:59' }));
    const before = fake.requests.length;
    const items = await poll();
    expect(items.map((i) => i.deliveryId)).toEqual([
      'order:2:2024-03-01 10:00:00',
      'order:3:2024-03-01 10:00:00',
      'order:5:2024-03-01 10:00:00',
      'order:9:2024-03-01 10:00:00',
      'order:1:2024-03-02 08:00:00',
    ]);
    const pages = fake.requests.slice(before);
    expect(pages).toHaveLength(2);
    expect(Object.fromEntries(pages[1]!.query)).toEqual({
      'searchCriteria[filter_groups][0][filters][0][field]': 'updated_at',
      'searchCriteria[filter_groups][0][filters][0][value]': '2024-03-01 10:00:00',
      'searchCriteria[filter_groups][0][filters][0][condition_type]': 'gteq',
      'searchCriteria[filter_groups][1][filters][0][field]': 'updated_at',
      'searchCriteria[filter_groups][1][filters][0][value]': '2024-03-01 10:00:00',
      'searchCriteria[filter_groups][1][filters][0][condition_type]': 'gt',
      'searchCriteria[filter_groups][1][filters][1][field]': 'entity_id',
      'searchCriteria[filter_groups][1][filters][1][value]': '5',
      'searchCriteria[filter_groups][1][filters][1][condition_type]': 'gt',
      'searchCriteria[sortOrders][0][field]': 'updated_at',
      'searchCriteria[sortOrders][0][direction]': 'ASC',
      'searchCriteria[sortOrders][1][field]': 'entity_id',
      'searchCriteria[sortOrders][1][direction]': 'ASC',
      'searchCriteria[pageSize]': '3',
      'searchCriteria[currentPage]': '1',
    });
    expect(pages[0]!.headers.authorization).toBe('Bearer mg-token');
    expect(await state.get(CURSOR_KEY)).toEqual({ updatedAt: '2024-03-02 08:00:00', entityId: 1 });
    expect(items[0]!.events.map((e) => e.type)).toEqual(['order.updated']);
    expect(items[0]!.events[0]!.ref).toEqual({ externalOrderId: '2' });

    // Nothing new: nothing returned. A new version of an order: that version, once.
    expect(await poll()).toEqual([]);
    fake.updateOrder(3, (o) => ((o.state = 'canceled'), (o.status = 'canceled')), '2024-03-02 09:00:00');
    const next = await poll();
    expect(next.map((i) => [i.deliveryId, i.topic, i.events.map((e) => e.type)])).toEqual([['order:3:2024-03-02 09:00:00', 'orders/cancelled', ['order.updated', 'order.cancelled']]]);
  });

  it('fetches the same items again when the hub never acknowledged them (a crash), and moves on after', async () => {
    for (let i = 1; i <= 4; i++) fake.addOrder(magentoSampleOrder(i, [['A', 1]], { updatedAt: `2024-04-01 00:00:0${i}` }));
    const first = await poll(ctx(), false);
    expect(first).toHaveLength(4);
    expect(await state.get(CURSOR_KEY)).toBeUndefined();
    const again = await poll();
    expect(again.map((i) => i.deliveryId)).toEqual(first.map((i) => i.deliveryId));
    expect(await poll()).toEqual([]);
  });

  it('re-reads the overlap window each run (late commits), which the inbox drops as duplicates', async () => {
    fake.addOrder(magentoSampleOrder(1, [['A', 1]], { updatedAt: '2024-05-01 12:00:00' }));
    await poll(ctx({ overlapSeconds: 30 }));
    // Committed late: saved at 11:59:50, seen only now.
    fake.addOrder(magentoSampleOrder(2, [['A', 1]], { updatedAt: '2024-05-01 11:59:50' }));
    const items = await poll(ctx({ overlapSeconds: 30 }));
    expect(items.map((i) => i.deliveryId)).toEqual(['order:2:2024-05-01 11:59:50', 'order:1:2024-05-01 12:00:00']);
    expect(await state.get(CURSOR_KEY)).toEqual({ updatedAt: '2024-05-01 12:00:00', entityId: 1 });
  });

  it('never moves the cursor backwards when runs overlap', async () => {
    fake.addOrder(magentoSampleOrder(1, [['A', 1]], { updatedAt: '2024-06-01 00:00:00' }));
    const slow = ctx();
    const slowItems = await magento.poll!.run(slow);
    fake.addOrder(magentoSampleOrder(2, [['A', 1]], { updatedAt: '2024-06-02 00:00:00' }));
    await poll();
    await magento.poll!.acknowledge!(slowItems, slow);
    expect(await state.get(CURSOR_KEY)).toEqual({ updatedAt: '2024-06-02 00:00:00', entityId: 2 });
  });

  it('polls at the configured interval', () => {
    expect(magento.poll!.intervalMs(magento.config.parse({ baseUrl: 'https://m.example.com', pollIntervalSeconds: 15 }))).toBe(15_000);
  });
});
