/**
 * The sandbox world a newcomer sees after `npm start`: within two minutes of the hub being ready, orders
 * at every stage from order.received to shipment.delivered, including a backorder that fails over to a
 * second supplier. Real timings on SQLite (the `npm start` default); on PostgreSQL at double pace.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../server/src/db/testing.ts';
import { startTestHub, type TestHub } from '../server/src/testing/test-hub.ts';

const STAGES = [
  'order.received',
  'order.routed',
  'supplier_order.placed',
  'supplier_order.acknowledged',
  'shipment.created',
  'shipment.tracking_updated',
  'shipment.delivered',
] as const;

describe.each(DIALECTS)('sandbox world on %s', (dialect) => {
  let t: TestHub | undefined;
  afterAll(() => t?.stop());

  it(
    'shows every stage and a backorder failing over within two minutes',
    async () => {
      const started = Date.now();
      t = await startTestHub({ dialect, sandbox: dialect === 'sqlite' ? true : { pace: 0.5, orderEveryMs: 2_000 } });
      const seen = new Set<string>();
      let failover: { order: string; from: string; to: string } | undefined;
      const details = new Map<string, any>();
      while (Date.now() - started < 120_000) {
        await new Promise((r) => setTimeout(r, 3_000));
        const { items } = (await t.api('GET', '/api/orders?limit=200')).body;
        for (const o of items) {
          if (details.get(o.id)?.status === 'delivered') continue;
          const d = (await t.api('GET', `/api/orders/${o.id}`)).body;
          details.set(o.id, d);
          for (const e of d.events) seen.add(e.type);
          failover ??= findFailover(d);
        }
        if (STAGES.every((s) => seen.has(s)) && failover && [...details.values()].some((d) => d.status === 'delivered')) break;
      }
      expect([...STAGES].filter((s) => !seen.has(s))).toEqual([]);
      expect(failover).toBeDefined();
      expect(failover!.from).not.toBe(failover!.to);
      const statuses = new Set([...details.values()].map((d) => d.status));
      expect(statuses.has('delivered')).toBe(true);
      expect(Date.now() - started).toBeLessThan(125_000);
      // exactly one supplier order per supplier per routing decision, each placed once
      for (const d of details.values()) {
        const placed = d.events.filter((e: any) => e.type === 'supplier_order.placed').map((e: any) => e.data.supplierOrderId);
        expect(new Set(placed).size).toBe(placed.length);
      }
    },
    180_000,
  );
});

/** An order whose line was backordered by one supplier and then routed to another. */
function findFailover(order: any): { order: string; from: string; to: string } | undefined {
  const events = order.events as any[];
  for (const [i, e] of events.entries()) {
    if (e.type !== 'supplier_order.backordered') continue;
    const skus = new Set(e.data.lines.map((l: any) => l.sku));
    const line = order.supplierOrders.find((so: any) => so.id === e.data.supplierOrderId)?.lines.find((l: any) => skus.has(l.supplierSku));
    const rerouted = events.slice(i + 1).find((r) => r.type === 'order.routed' && r.data.assignments.some((a: any) => a.lineId === line?.lineId));
    if (rerouted) {
      const to = rerouted.data.assignments.find((a: any) => a.lineId === line.lineId).supplierId;
      return { order: order.number, from: e.data.supplierId, to };
    }
  }
  return undefined;
}
