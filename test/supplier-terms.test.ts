/**
 * Supplier agreement terms at work, end to end over HTTP with simulated suppliers: SLA timers that
 * raise exceptions (and fail over on a missed acknowledgment when the agreement says so), and daily
 * capacity that spills orders over to the next supplier.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedSupplier } from '@dropline/connectors/fakes';
import { DIALECTS } from '../server/src/db/testing.ts';
import { eventually, startTestHub, type TestHub } from '../server/src/testing/test-hub.ts';
import { addShop, addSupplier, deliver, orderFor, shopifyOrder, types } from './support/small-world.ts';

/** A zone where it is not yet 23:00, so a 23:59 cut-off lies ahead and the shipping clock starts now. */
function zoneBeforeCutoff(): string {
  for (const zone of ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Tokyo', 'America/New_York']) {
    const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
    if (hour < 23) return zone;
  }
  throw new Error('no zone found');
}

describe.each(DIALECTS)('supplier terms on %s', (dialect) => {
  let t: TestHub;
  const sims: SimulatedSupplier[] = [];
  const supplier = async (...args: Parameters<typeof addSupplier> extends [unknown, ...infer R] ? R : never) => {
    const s = await addSupplier(t, ...args);
    sims.push(s);
    return s;
  };
  const agree = async (id: string, terms: object) => {
    const r = await t.api('PUT', `/api/suppliers/${id}/agreement`, { terms });
    expect(r.status).toBe(201);
  };
  const settled = (order: { id: number }, done: (o: any) => boolean, ms = 20_000) =>
    eventually(async () => {
      const o = await orderFor(t, order.id);
      return o && done(o) ? o : undefined;
    }, ms);

  beforeAll(async () => {
    t = await startTestHub({ dialect, hub: { jobRetryBaseMs: 50 } });
    await addShop(t);
  }, 60_000);
  afterEach(async () => {
    for (const s of sims.splice(0)) await s.close();
    for (const c of (await t.api('GET', '/api/connectors?kind=supplier')).body.items) await t.api('DELETE', `/api/connectors/${c.id}`);
  });
  afterAll(() => t?.stop());

  it('a missed acknowledgment window raises ack_overdue and fails over to the next supplier', async () => {
    const slow = await supplier('slow', { skus: ['MUG'], priority: 1, ackDelayMs: [60_000, 60_000] });
    await supplier('fast', { skus: ['MUG'], priority: 2 });
    await agree('slow', { acknowledgment: { windowMinutes: 0.02, failoverOnTimeout: true } });
    const order = shopifyOrder([['MUG', 1]]);
    expect(await deliver(t, order)).toBe(202);
    const o = await settled(order, (x) => x.status === 'shipped');
    const overdue = o.events.find((e: any) => e.type === 'order.exception' && e.data.code === 'ack_overdue');
    expect(overdue.data).toMatchObject({ supplierId: 'slow', lines: [expect.objectContaining({ sku: 'MUG', quantity: 1 })] });
    expect(overdue.data.message).toMatch(/did not acknowledge/);
    const rejected = o.events.find((e: any) => e.type === 'supplier_order.rejected');
    expect(rejected.data).toMatchObject({ supplierId: 'slow', reason: 'acknowledgment window missed' });
    expect(o.supplierOrders.map((so: any) => [so.supplierId, so.status])).toEqual([['slow', 'rejected'], ['fast', 'shipped']]);
    // The timer fired after the window, not before: the placement came first.
    const placedAt = Date.parse(o.events.find((e: any) => e.type === 'supplier_order.placed').recordedAt);
    expect(Date.parse(overdue.recordedAt) - placedAt).toBeGreaterThanOrEqual(1_100);
    expect(slow.orders.size).toBe(1);
    // The slow supplier was asked to cancel before its lines went elsewhere.
    expect(slow.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/cancel')).map((r) => r.headers['idempotency-key'])).toEqual([`sla-cancel:${o.supplierOrders[0].id}`]);
    expect(overdue.data.message).toMatch(/cancelled with the supplier/);
  });

  it('without failover on a missed acknowledgment, only the exception is raised', async () => {
    await supplier('slow', { skus: ['TEE'], priority: 1, ackDelayMs: [60_000, 60_000] });
    await supplier('fast', { skus: ['TEE'], priority: 2 });
    await agree('slow', { acknowledgment: { windowMinutes: 0.02, failoverOnTimeout: false } });
    const order = shopifyOrder([['TEE', 1]]);
    await deliver(t, order);
    const o = await settled(order, (x) => types(x).includes('order.exception'));
    expect(o.events.filter((e: any) => e.type === 'order.exception').map((e: any) => e.data.code)).toEqual(['ack_overdue']);
    expect(types(o)).not.toContain('supplier_order.rejected');
    expect(o.supplierOrders.map((so: any) => [so.supplierId, so.status])).toEqual([['slow', 'placed']]);
  });

  it('a missed shipping deadline raises ship_overdue; an order acknowledged in time raises no ack_overdue', async () => {
    await supplier('slowship', { skus: ['CAP'], priority: 1, shipDelayMs: [60_000, 60_000] });
    await agree('slowship', { acknowledgment: { windowMinutes: 0.03 }, turnaround: { shipWithinHours: 0.0006 }, cutoff: { time: '23:59', timeZone: zoneBeforeCutoff() } });
    const order = shopifyOrder([['CAP', 1]]);
    await deliver(t, order);
    const o = await settled(order, (x) => types(x).includes('order.exception'));
    expect(o.events.find((e: any) => e.type === 'order.exception').data).toMatchObject({ code: 'ship_overdue', supplierId: 'slowship' });
    // Both timers have run once the acknowledgment one (1.8 s) is done: it found the order acknowledged.
    await eventually(async () => {
      const jobs = (await t.api('GET', `/api/jobs?type=supplier.sla-check&orderId=${o.id}`)).body.items;
      return jobs.length === 2 && jobs.every((j: any) => j.status === 'done');
    });
    const after = await orderFor(t, order.id);
    expect(after.events.filter((e: any) => e.type === 'order.exception').map((e: any) => e.data.code)).toEqual(['ship_overdue']);
    expect(after.supplierOrders[0].status).toBe('acknowledged');
  });

  it('spills over to the next supplier once one reaches its daily capacity', async () => {
    await supplier('small', { skus: ['BAG'], priority: 1 });
    await supplier('big', { skus: ['BAG'], priority: 2 });
    await agree('small', { capacity: { ordersPerDay: 1 } });
    const first = shopifyOrder([['BAG', 1]]);
    await deliver(t, first);
    const o1 = await settled(first, (x) => x.status === 'shipped');
    expect(o1.suppliers).toEqual(['small']);
    expect((await t.api('GET', '/api/suppliers/small/capacity')).body).toMatchObject({ limit: 1, placed: 1, left: 0 });

    const second = shopifyOrder([['BAG', 1]]);
    await deliver(t, second);
    const o2 = await settled(second, (x) => x.status === 'shipped');
    expect(o2.suppliers).toEqual(['big']);
    const trace = o2.events.find((e: any) => e.type === 'order.routed').data.trace;
    expect(trace).toContainEqual(expect.objectContaining({ step: 'candidate dropped', outcome: 'small', note: 'at capacity: 1 of 1 orders today' }));
  });
});
