/**
 * Published routing flows against simulated suppliers, end to end: the primary/secondary failover starter
 * failing over after a rejection, a backorder and a missed acknowledgment window, and holding the order
 * when the chain runs out; per-line routing by SKU (cheapest / fastest by the supplier terms) and a split
 * that divides a line, one supplier order per supplier; the fraud starter holding on velocity and on a
 * billing/shipping country mismatch.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeShopify, SimulatedSupplier } from '@dropline/connectors/fakes';
import { FlowBuilder, fraudHold } from '../../rules/src/index.ts';
import { DIALECTS } from '../../server/src/db/testing.ts';
import { eventually, startTestHub, type TestHub } from '../../server/src/testing/test-hub.ts';
import { types } from '../support/small-world.ts';
import { addFakeShop, addStockedSupplier, eventsOf, hasEvent, orderWhen, placeOrder, publishFlow, supplierOrders } from './support.ts';

describe.each(DIALECTS)('routing flows against simulated suppliers on %s', (dialect) => {
  let t: TestHub;
  let shop: FakeShopify;
  const sims: SimulatedSupplier[] = [];
  const supplier = async (...args: Parameters<typeof addStockedSupplier> extends [unknown, ...infer R] ? R : never) => {
    const s = await addStockedSupplier(t, ...args);
    sims.push(s);
    return s;
  };
  const agree = async (id: string, terms: object) => expect((await t.api('PUT', `/api/suppliers/${id}/agreement`, { terms })).status).toBe(201);
  const shipped = (order: { id: number }) => orderWhen(t, order.id, (o) => o.status === 'shipped');

  beforeAll(async () => {
    t = await startTestHub({ dialect, hub: { jobRetryBaseMs: 50 } });
    shop = await addFakeShop(t);
  }, 60_000);
  afterEach(async () => {
    for (const s of sims.splice(0)) await s.close();
    for (const c of (await t.api('GET', '/api/connectors?kind=supplier')).body.items) await t.api('DELETE', `/api/connectors/${c.id}`);
  });
  afterAll(async () => {
    await shop?.close();
    await t?.stop();
  });

  describe('primary / secondary failover starter', () => {
    beforeAll(async () => {
      // The flow needs the suppliers to exist when it is published; they are re-created per test.
      await supplier('sup-a', { skus: ['MUG'], priority: 2 });
      await supplier('sup-b', { skus: ['MUG'], priority: 1 });
      const created = await t.api('POST', '/api/flows', { name: 'A then B', template: { id: 'primary-secondary-failover', suppliers: ['sup-a', 'sup-b'] } });
      expect(created.status).toBe(201);
      expect((await t.api('POST', `/api/flows/${created.body.id}/publish`, { message: 'go live' })).status).toBe(200);
      for (const s of sims.splice(0)) await s.close();
      for (const id of ['sup-a', 'sup-b']) await t.api('DELETE', `/api/connectors/${id}`);
    });

    it('routes to the primary even though the catalog ranks the secondary first', async () => {
      await supplier('sup-a', { skus: ['MUG'], priority: 2 });
      await supplier('sup-b', { skus: ['MUG'], priority: 1 });
      const o = await shipped(await placeOrder(shop, [['MUG', 1]]));
      expect(supplierOrders(o)).toEqual([['sup-a', 'shipped']]);
      const routed = eventsOf(o, 'order.routed')[0].data;
      expect(routed).toMatchObject({ flowId: expect.stringMatching(/^flow_/), flowVersion: 1 });
      expect(routed.trace).toEqual(expect.arrayContaining([expect.objectContaining({ step: 'line assigned', nodeId: 'failover', outcome: 'sup-a', note: 'primary in the failover chain' })]));
    });

    it('fails over to the secondary after the primary rejects', async () => {
      const a = await supplier('sup-a', { skus: ['MUG'], priority: 2, rejectRate: 1 });
      const b = await supplier('sup-b', { skus: ['MUG'], priority: 1 });
      const o = await shipped(await placeOrder(shop, [['MUG', 2]]));
      expect(supplierOrders(o)).toEqual([['sup-a', 'rejected'], ['sup-b', 'shipped']]);
      const [first, second] = eventsOf(o, 'order.routed').map((e) => e.data);
      expect(first.flowVersion).toBe(1);
      expect(second).toMatchObject({ flowVersion: 1, excluded: [{ supplierId: 'sup-a', reason: 'rejected this line earlier' }] });
      // Why did it go to B? A was dropped because it rejected the line; B was next in the chain.
      expect(second.trace).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ step: 'candidate dropped', nodeId: 'failover', outcome: 'sup-a', note: 'excluded: rejected this line earlier' }),
          expect.objectContaining({ step: 'line assigned', nodeId: 'failover', outcome: 'sup-b', note: 'secondary in the failover chain' }),
        ]),
      );
      expect([a.orders.size, b.orders.size]).toEqual([1, 1]);
    });

    it('fails over to the secondary after the primary backorders', async () => {
      const a = await supplier('sup-a', { skus: ['MUG'], priority: 2 });
      a.stock.set('sup-a-MUG', 0); // the feed said 100; the warehouse has none
      await supplier('sup-b', { skus: ['MUG'], priority: 1 });
      const o = await shipped(await placeOrder(shop, [['MUG', 1]]));
      expect(types(o)).toContain('supplier_order.backordered');
      expect(supplierOrders(o)).toEqual([['sup-a', 'backordered'], ['sup-b', 'shipped']]);
      expect(eventsOf(o, 'order.routed')[1].data.excluded).toEqual([{ supplierId: 'sup-a', reason: 'backordered this line earlier' }]);
    });

    it('fails over to the secondary when the primary misses its acknowledgment window', async () => {
      const a = await supplier('sup-a', { skus: ['MUG'], priority: 2, ackDelayMs: [60_000, 60_000] });
      await supplier('sup-b', { skus: ['MUG'], priority: 1 });
      await agree('sup-a', { acknowledgment: { windowMinutes: 0.02, failoverOnTimeout: true } });
      const o = await shipped(await placeOrder(shop, [['MUG', 1]]));
      expect(eventsOf(o, 'order.exception').map((e) => e.data.code)).toContain('ack_overdue');
      expect(supplierOrders(o)).toEqual([['sup-a', 'rejected'], ['sup-b', 'shipped']]);
      expect(eventsOf(o, 'order.routed').map((e) => e.data.flowVersion)).toEqual([1, 1]);
      expect(a.orders.size).toBe(1);
    });

    it("runs the flow's exception path (hold for review) when every supplier in the chain has failed", async () => {
      await supplier('sup-a', { skus: ['MUG'], priority: 2, rejectRate: 1 });
      await supplier('sup-b', { skus: ['MUG'], priority: 1, rejectRate: 1 });
      const o = await orderWhen(t, (await placeOrder(shop, [['MUG', 1]])).id, hasEvent('order.held'));
      expect(supplierOrders(o)).toEqual([['sup-a', 'rejected'], ['sup-b', 'rejected']]);
      const held = eventsOf(o, 'order.held')[0].data;
      expect(held).toMatchObject({ reason: 'No supplier in the failover chain can take the order', nodeId: 'hold-no-supplier', flowVersion: 1 });
      expect(held.trace).toEqual(expect.arrayContaining([expect.objectContaining({ step: 'candidate dropped', outcome: 'sup-b', note: 'excluded: rejected this line earlier' })]));
      expect(o.status).toBe('held');
    });
  });

  it("reads a supplier's reported stock of the line even after it failed the line (the failover attempt's facts)", async () => {
    await supplier('sup-a', { skus: ['MUG'], priority: 1, rejectRate: 1 });
    await supplier('sup-b', { skus: ['MUG'], priority: 2 });
    const b = new FlowBuilder({ id: 'second-look', name: 'Second look', trigger: 'order.received' });
    const stillStocked = b.add(
      'condition',
      { condition: { all: [{ fact: 'routing.attempt', operator: 'greaterThan', value: 1 }, { fact: 'order.lines[].stockAt', params: { supplierId: 'sup-a' }, operator: 'greaterThanInclusive', value: 1 }] } },
      { id: 'primary-still-stocked' },
    );
    const route = b.add('route-failover', { suppliers: ['sup-a', 'sup-b'] }, { id: 'failover' });
    b.connect(b.start, 'out', stillStocked)
      .connect(stillStocked, 'true', b.add('hold', { reason: 'The primary refused a line it reports in stock: ask it why' }, { id: 'ask-primary' }))
      .connect(stillStocked, 'false', route)
      .connect(route, 'none', b.add('hold', { reason: 'no supplier' }, { id: 'hold' }));
    await publishFlow(t, b.build());

    const o = await orderWhen(t, (await placeOrder(shop, [['MUG', 1]])).id, hasEvent('order.held'));
    expect(supplierOrders(o)).toEqual([['sup-a', 'rejected']]);
    const held = eventsOf(o, 'order.held')[0].data;
    expect(held.nodeId).toBe('ask-primary');
    // sup-a reported 100 and one was reserved for the rejected order.
    const seen = held.trace.find((s: any) => s.nodeId === 'primary-still-stocked').facts;
    expect(seen['routing.attempt']).toBe(2);
    expect(Object.entries(seen).filter(([k]) => k.startsWith('order.lines[].stockAt'))).toEqual([[expect.stringContaining('sup-a'), 99]]);
  });

  it('routes per line by SKU (cheapest / fastest by the supplier terms): one supplier order per supplier', async () => {
    await supplier('sup-a', { skus: ['MUG', 'TEE-S'], priority: 1 });
    await supplier('sup-b', { skus: ['MUG', 'TEE-S'], priority: 2 });
    // A is cheaper for mugs; B ships faster (a one-day turnaround against the default two).
    const costs = await t.api('PUT', '/api/catalog/items', {
      items: [
        { supplierId: 'sup-a', supplierSku: 'sup-a-MUG', sku: 'MUG', priority: 1, cost: '4.10', currency: 'USD' },
        { supplierId: 'sup-b', supplierSku: 'sup-b-MUG', sku: 'MUG', priority: 2, cost: '4.2', currency: 'USD' },
      ],
    });
    expect(costs.status).toBe(200);
    await agree('sup-b', { turnaround: { shipWithinHours: 24 } });
    const b = new FlowBuilder({ id: 'by-sku', name: 'By SKU', trigger: 'order.received' });
    const route = b.add('route-by-sku', { rules: [{ skus: ['MUG'], strategy: 'cheapest' }, { skus: ['TEE-*'], strategy: 'fastest' }], otherwise: 'none' }, { id: 'by-sku' });
    b.connect(b.start, 'out', route).connect(route, 'none', b.add('hold', { reason: 'no SKU rule' }, { id: 'hold' }));
    await publishFlow(t, b.build());

    const o = await shipped(await placeOrder(shop, [['MUG', 1], ['TEE-S', 2]]));
    const routed = eventsOf(o, 'order.routed');
    expect(routed).toHaveLength(1);
    expect(routed[0].data.assignments.map((a: any) => [a.sku, a.supplierId, a.quantity])).toEqual([
      ['MUG', 'sup-a', 1],
      ['TEE-S', 'sup-b', 2],
    ]);
    expect(o.supplierOrders.map((so: any) => [so.supplierId, so.lines.map((l: any) => l.sku)]).sort()).toEqual([
      ['sup-a', ['MUG']],
      ['sup-b', ['TEE-S']],
    ]);
    expect(o.shipments).toHaveLength(2);
    expect(routed[0].data.trace).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ outcome: 'sup-a', note: expect.stringMatching(/^cheapest by rule 1 \(MUG\): cost 4.10/) }),
        expect.objectContaining({ outcome: 'sup-b', note: 'fastest by rule 2 (TEE-*): lead time 1 d' }),
        expect.objectContaining({ step: 'candidate dropped', outcome: 'sup-a', note: 'lead time 2 d vs 1 d at sup-b (fastest)' }),
      ]),
    );
  });

  it('splits an order across suppliers, dividing a line none can ship whole', async () => {
    await supplier('sup-a', { skus: ['MUG', 'TEE'], priority: 1, stock: 2 });
    await supplier('sup-b', { skus: ['MUG'], priority: 2, stock: 2 });
    const b = new FlowBuilder({ id: 'split', name: 'Split', trigger: 'order.received' });
    const split = b.add('split-order', { prefer: 'fewest-suppliers', splitLines: true }, { id: 'split' });
    b.connect(b.start, 'out', split).connect(split, 'none', b.add('hold', { reason: 'not enough stock anywhere' }, { id: 'hold' }));
    await publishFlow(t, b.build());

    const o = await shipped(await placeOrder(shop, [['MUG', 3], ['TEE', 1]]));
    expect(eventsOf(o, 'order.routed')).toHaveLength(1);
    const bySupplier = Object.fromEntries(o.supplierOrders.map((so: any) => [so.supplierId, so.lines.map((l: any) => [l.sku, l.quantity])]));
    expect(bySupplier).toEqual({ 'sup-a': [['TEE', 1], ['MUG', 2]], 'sup-b': [['MUG', 1]] });
    expect(o.shipments).toHaveLength(2);
  });

  it('holds orders the fraud starter flags: order velocity over the limit, billing and shipping countries apart', async () => {
    await supplier('sup-a', { skus: ['MUG'], priority: 1 });
    await supplier('sup-b', { skus: ['MUG'], priority: 2 });
    await publishFlow(t, fraudHold.build(['sup-a', 'sup-b'], { id: 'fraud', maxOrdersPerDay: 1 }));
    const email = `velocity-${dialect}@mail.example.com`;
    const fromSameBuyer = (o: any) => {
      o.email = email;
    };

    const first = await orderWhen(t, (await placeOrder(shop, [['MUG', 1]], fromSameBuyer)).id, hasEvent('order.routed'));
    const second = await orderWhen(t, (await placeOrder(shop, [['MUG', 1]], fromSameBuyer)).id, hasEvent('order.routed'));
    expect([first.status, second.status]).not.toContain('held');
    const thirdOrder = await placeOrder(shop, [['MUG', 1]], fromSameBuyer);
    const third = await orderWhen(t, thirdOrder.id, hasEvent('order.held'));
    const held = eventsOf(third, 'order.held')[0].data;
    expect(held).toMatchObject({ nodeId: 'hold-fraud', reason: expect.stringMatching(/^Possible fraud/) });
    // The trace keeps the velocity the condition saw.
    const looked = held.trace.find((s: any) => s.nodeId === 'looks-like-fraud');
    expect(looked).toMatchObject({ step: 'condition', outcome: 'true' });
    expect(Object.values(looked.facts)).toContain(2);
    expect(third).toMatchObject({ status: 'held', tags: expect.arrayContaining(['fraud-review']), supplierOrders: [] });
    // The tag reaches the store too.
    await eventually(async () => shop.orders.get(String(thirdOrder.id))?.tags?.includes('fraud-review'));

    const abroad = await placeOrder(shop, [['MUG', 1]], (o) => {
      o.email = `abroad-${dialect}@mail.example.com`;
      o.billing_address = { ...o.billing_address, country: 'Canada', country_code: 'CA', province: 'Ontario', province_code: 'ON', zip: 'K1A 0B1', city: 'Ottawa' };
    });
    const mismatch = await orderWhen(t, abroad.id, hasEvent('order.held'));
    expect(eventsOf(mismatch, 'order.held')[0].data.nodeId).toBe('hold-fraud');
    expect(mismatch.supplierOrders).toEqual([]);
  });
});
