/**
 * Orders through suppliers, end to end over HTTP: placement that is never doubled, failover after a
 * rejection, a backorder or a refused call, split orders, unmappable lines, and store cancellations.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defineConnector, type PlaceOrderInput } from '@dropline/connectors/sdk';
import { sandboxSupplier } from '@dropline/connectors';
import type { SimulatedSupplier } from '@dropline/connectors/fakes';
import { DIALECTS } from '../server/src/db/testing.ts';
import { eventually, startTestHub, type TestHub } from '../server/src/testing/test-hub.ts';
import { addShop, addSupplier, deliver, orderFor, shopifyOrder, types } from './support/small-world.ts';

/** A supplier connector whose first placement succeeds at the supplier but fails on the way back. */
let dropFirstAnswer = true;
const flakySupplier = defineConnector({
  ...sandboxSupplier,
  type: 'flaky-sandbox-supplier',
  actions: {
    async placeOrder(input: PlaceOrderInput, ctx) {
      const result = await sandboxSupplier.actions!.placeOrder!(input, ctx);
      if (dropFirstAnswer) {
        dropFirstAnswer = false;
        throw new Error('socket hang up (after the supplier took the order)');
      }
      return result;
    },
  },
});

describe.each(DIALECTS)('supplier flows on %s', (dialect) => {
  let t: TestHub;
  const sims: SimulatedSupplier[] = [];
  const supplier = async (...args: Parameters<typeof addSupplier> extends [unknown, ...infer R] ? R : never) => {
    const s = await addSupplier(t, ...args);
    sims.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await startTestHub({ dialect, hub: { extraConnectors: [flakySupplier], jobRetryBaseMs: 50 } });
    await addShop(t);
  }, 60_000);
  afterEach(async () => {
    for (const s of sims.splice(0)) await s.close();
    for (const c of (await t.api('GET', '/api/connectors?kind=supplier')).body.items) await t.api('DELETE', `/api/connectors/${c.id}`);
  });
  afterAll(() => t?.stop());

  it('places an order with its supplier once, even when the answer is lost and the job retried', async () => {
    dropFirstAnswer = true;
    const a = await supplier('flaky-a', { skus: ['MUG'], priority: 1, type: 'flaky-sandbox-supplier' });
    const order = shopifyOrder([['MUG', 2]]);
    expect(await deliver(t, order)).toBe(202);
    const o = await eventually(async () => {
      const d = await orderFor(t, order.id);
      return d?.status === 'shipped' ? d : undefined;
    }, 20_000);
    const posts = a.requests.filter((r) => r.method === 'POST' && r.path === '/orders');
    expect(posts).toHaveLength(2);
    expect(posts[0]!.headers['idempotency-key']).toBe(posts[1]!.headers['idempotency-key']);
    expect(a.orders.size).toBe(1);
    expect(types(o).filter((x) => x === 'supplier_order.placed')).toHaveLength(1);
    expect(o.supplierOrders).toHaveLength(1);
    expect(posts[0]!.headers['idempotency-key']).toBe(o.supplierOrders[0].id);
  });

  it('fails over to the next supplier when the first rejects the order', async () => {
    await supplier('sup-a', { skus: ['MUG'], priority: 1, rejectRate: 1 });
    const b = await supplier('sup-b', { skus: ['MUG'], priority: 2 });
    const order = shopifyOrder([['MUG', 1]]);
    await deliver(t, order);
    const o = await eventually(async () => {
      const d = await orderFor(t, order.id);
      return d?.status === 'shipped' ? d : undefined;
    }, 20_000);
    expect(o.supplierOrders.map((so: any) => [so.supplierId, so.status])).toEqual([['sup-a', 'rejected'], ['sup-b', 'shipped']]);
    const routed = o.events.filter((e: any) => e.type === 'order.routed');
    expect(routed[1].data.excluded).toEqual([{ supplierId: 'sup-a', reason: 'rejected this line earlier' }]);
    expect(routed[1].data.trace.some((s: any) => s.step === 'candidate dropped' && s.outcome === 'sup-a')).toBe(true);
    expect(b.orders.size).toBe(1);
    expect(o.suppliers).toEqual(['sup-b']);
  });

  it('fails over a backordered line and keeps the rest with the first supplier', async () => {
    const a = await supplier('sup-a', { skus: ['MUG', 'TEE'], priority: 1 });
    a.stock.set('sup-a-TEE', 0); // the feed said 100; the warehouse has none
    await supplier('sup-b', { skus: ['MUG', 'TEE'], priority: 2 });
    const order = shopifyOrder([['MUG', 1], ['TEE', 3]]);
    await deliver(t, order);
    const o = await eventually(async () => {
      const d = await orderFor(t, order.id);
      return d?.status === 'shipped' ? d : undefined;
    }, 20_000);
    expect(types(o)).toEqual(expect.arrayContaining(['supplier_order.backordered', 'supplier_order.acknowledged']));
    const bySupplier = Object.fromEntries(o.shipments.map((s: any) => [s.supplierId, s.lines.map((l: any) => [l.sku, l.quantity])]));
    expect(bySupplier).toEqual({ 'sup-a': [['MUG', 1]], 'sup-b': [['TEE', 3]] });
  });

  it('fails over when the supplier refuses the call outright (401), without retrying it', async () => {
    const a = await supplier('sup-a', { skus: ['MUG'], priority: 1, apiKeyOverride: 'wrong-key' });
    await supplier('sup-b', { skus: ['MUG'], priority: 2 });
    const order = shopifyOrder([['MUG', 1]]);
    await deliver(t, order);
    const o = await eventually(async () => {
      const d = await orderFor(t, order.id);
      return d?.status === 'shipped' ? d : undefined;
    }, 20_000);
    expect(a.requests.filter((r) => r.path === '/orders')).toHaveLength(1);
    const rejected = o.events.find((e: any) => e.type === 'supplier_order.rejected');
    expect(rejected.data.reason).toMatch(/401/);
  });

  it('splits an order across suppliers: one supplier order each', async () => {
    await supplier('sup-a', { skus: ['MUG'], priority: 1 });
    await supplier('sup-b', { skus: ['TEE'], priority: 1 });
    const order = shopifyOrder([['MUG', 1], ['TEE', 1]]);
    await deliver(t, order);
    const o = await eventually(async () => {
      const d = await orderFor(t, order.id);
      return d?.status === 'shipped' ? d : undefined;
    }, 20_000);
    expect(o.supplierOrders.map((so: any) => so.supplierId).sort()).toEqual(['sup-a', 'sup-b']);
    expect(o.events.filter((e: any) => e.type === 'order.routed')).toHaveLength(1);
    expect(o.shipments).toHaveLength(2);
  });

  it('raises an exception for lines no supplier can take, and places the others', async () => {
    await supplier('sup-a', { skus: ['MUG'], priority: 1 });
    const order = shopifyOrder([['MUG', 1], ['', 1], ['UNKNOWN-SKU', 1]]);
    await deliver(t, order);
    const o = await eventually(async () => {
      const d = await orderFor(t, order.id);
      return d && types(d).includes('shipment.created') ? d : undefined;
    }, 20_000);
    const exception = o.events.find((e: any) => e.type === 'order.exception');
    expect(exception.data.code).toBe('no_supplier');
    expect(exception.data.lines.map((l: any) => l.sku)).toEqual([null, 'UNKNOWN-SKU']);
    expect(exception.data.message).toMatch(/no SKU.*UNKNOWN-SKU: no supplier carries the SKU/);
  });

  it('cancels at the supplier when the store cancels', async () => {
    const a = await supplier('sup-a', { skus: ['MUG'], priority: 1, shipDelayMs: [60_000, 60_000] });
    const order = shopifyOrder([['MUG', 1]]);
    await deliver(t, order);
    await eventually(async () => (await orderFor(t, order.id))?.status === 'acknowledged', 20_000);
    expect(await deliver(t, { ...order, cancelled_at: new Date().toISOString(), updated_at: new Date().toISOString(), cancel_reason: 'customer' }, 'orders/cancelled')).toBe(202);
    const o = await eventually(async () => {
      const d = await orderFor(t, order.id);
      return d && types(d).includes('supplier_order.cancelled') ? d : undefined;
    }, 20_000);
    expect(o.status).toBe('cancelled');
    expect([...a.orders.values()][0]!.cancelled).toBe(true);
    // nothing re-routes a cancelled order
    expect(o.events.filter((e: any) => e.type === 'order.routed')).toHaveLength(1);
  });
});
