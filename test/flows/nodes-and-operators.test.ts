/**
 * Every custom operator and the branching and routing node types not covered elsewhere, through the hub:
 * for each case a flow is published and live orders are routed by it, with facts answered from the hub's
 * storage (reported stock, supplier agreements) — countries, SKU globs and prefixes, stock at a supplier,
 * money in decimals, supplier cut-offs on the supplier's clock, all/any/not groups, a first-hit decision
 * table, nearest-supplier routing, and the geographic and SKU cost/speed starters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeShopify, SimulatedSupplier } from '@dropline/connectors/fakes';
import { FlowBuilder, geographicRouting, skuCostSpeedRouting, type ConditionNode, type Flow } from '../../rules/src/index.ts';
import { DIALECTS } from '../../server/src/db/testing.ts';
import { startTestHub, type TestHub } from '../../server/src/testing/test-hub.ts';
import { addFakeShop, addStockedSupplier, eventsOf, hasEvent, orderWhen, placeOrder, publishFlow } from './support.ts';

const SKUS = ['MUG-RED', 'TEE', 'STOCKED'];

/** A zone where it is not yet 23:00, so a 23:59 cut-off lies ahead. */
function zoneBeforeCutoff(): string {
  for (const zone of ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Tokyo', 'America/New_York']) {
    const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
    if (hour < 23) return zone;
  }
  throw new Error('no zone found');
}

const inGermany = (o: any) => {
  o.shipping_address = { ...o.shipping_address, country: 'Germany', country_code: 'DE', province: null, province_code: null, city: 'Berlin', zip: '10115', address1: 'Invalidenstraße 117' };
};

/** Condition true → sup-a, false → sup-b; either takes any line it carries (stock not required). */
function conditionFlow(condition: ConditionNode): Flow {
  const b = new FlowBuilder({ id: 'operator', name: 'Operator case', trigger: 'order.received' });
  const cond = b.add('condition', { condition }, { id: 'cond' });
  const a = b.add('route-to-supplier', { supplierId: 'sup-a', stock: 'ignore' }, { id: 'to-a' });
  const other = b.add('route-to-supplier', { supplierId: 'sup-b', stock: 'ignore' }, { id: 'to-b' });
  b.connect(b.start, 'out', cond).connect(cond, 'true', a).connect(cond, 'false', other);
  return b.build();
}

function tableFlow(): Flow {
  const b = new FlowBuilder({ id: 'table', name: 'Decision table', trigger: 'order.received' });
  const table = b.add(
    'decision-table',
    {
      columns: [{ fact: 'order.shippingAddress.country' }, { fact: 'order.total' }],
      rows: [
        { cells: [{ operator: 'countryIn', value: ['DE', 'FR'] }, null], outcome: 'europe' },
        { cells: [null, { operator: 'moneyGreaterThanInclusive', value: '500.00' }], outcome: 'big' },
      ],
    },
    { id: 'table' },
  );
  b.connect(b.start, 'out', table)
    .connect(table, 'europe', b.add('route-to-supplier', { supplierId: 'sup-b', stock: 'ignore' }, { id: 'to-b' }))
    .connect(table, 'big', b.add('route-to-supplier', { supplierId: 'sup-a', stock: 'ignore' }, { id: 'to-a' }))
    .connect(table, 'default', b.add('hold', { reason: 'small order outside Europe' }, { id: 'hold' }));
  return b.build();
}

function nearestFlow(): Flow {
  const b = new FlowBuilder({ id: 'nearest', name: 'Nearest', trigger: 'order.received' });
  const route = b.add(
    'route-nearest',
    { areas: [{ label: 'North America', countries: ['US', 'CA'], suppliers: ['sup-a'] }, { label: 'Europe', countries: ['DE', 'FR'], suppliers: ['sup-b'] }], fallback: ['sup-a'] },
    { id: 'nearest' },
  );
  b.connect(b.start, 'out', route).connect(route, 'none', b.add('hold', { reason: 'nobody ships there' }, { id: 'hold' }));
  return b.build();
}

interface Case {
  name: string;
  flow: () => Flow;
  /** After publishing, before the orders (agreements the facts read). */
  setup?: (t: TestHub) => Promise<void>;
  orders: { lines: [string, number][]; change?: (o: any) => void; before?: (t: TestHub) => Promise<void>; expect: Record<string, string> | 'held' }[];
}

const agree = async (t: TestHub, id: string, terms: object) => {
  const r = await t.api('PUT', `/api/suppliers/${id}/agreement`, { terms });
  if (r.status !== 201) throw new Error(`agreement: ${r.status} ${JSON.stringify(r.body)}`);
};
const cutoffFact = { fact: 'supplier.cutoff', params: { supplierId: 'sup-a' } };

const CASES: Case[] = [
  {
    name: 'countryIn (ship-to country in a list)',
    flow: () => conditionFlow({ fact: 'order.shippingAddress.country', operator: 'countryIn', value: ['US', 'CA'] }),
    orders: [
      { lines: [['TEE', 1]], expect: { TEE: 'sup-a' } },
      { lines: [['TEE', 1]], change: inGermany, expect: { TEE: 'sup-b' } },
    ],
  },
  {
    name: 'countryNotIn inside not / any groups',
    flow: () => conditionFlow({ not: { any: [{ fact: 'order.shippingAddress.country', operator: 'countryNotIn', value: ['US'] }, { fact: 'order.totalQuantity', operator: 'greaterThan', value: 5 }] } }),
    orders: [
      { lines: [['TEE', 1]], expect: { TEE: 'sup-a' } },
      { lines: [['TEE', 6]], expect: { TEE: 'sup-b' } },
      { lines: [['TEE', 1]], change: inGermany, expect: { TEE: 'sup-b' } },
    ],
  },
  {
    name: 'skuMatches (glob), line by line in one order',
    flow: () => conditionFlow({ fact: 'order.lines[].sku', operator: 'skuMatches', value: ['MUG-*', 'CUP-{S,M}'] }),
    orders: [{ lines: [['MUG-RED', 1], ['TEE', 1]], expect: { 'MUG-RED': 'sup-a', TEE: 'sup-b' } }],
  },
  {
    name: 'skuStartsWith (prefix)',
    flow: () => conditionFlow({ fact: 'order.lines[].sku', operator: 'skuStartsWith', value: ['TE'] }),
    orders: [{ lines: [['MUG-RED', 1], ['TEE', 2]], expect: { 'MUG-RED': 'sup-b', TEE: 'sup-a' } }],
  },
  {
    name: 'hasStockAt (reported stock covers the ordered quantity)',
    flow: () => conditionFlow({ fact: 'order.lines[].availability', operator: 'hasStockAt', value: 'sup-c' }),
    orders: [
      { lines: [['STOCKED', 3]], expect: { STOCKED: 'sup-a' } },
      { lines: [['STOCKED', 4]], expect: { STOCKED: 'sup-b' } },
    ],
  },
  {
    name: 'moneyGreaterThan and moneyEqual, in decimals',
    flow: () => conditionFlow({ all: [{ fact: 'order.total', operator: 'moneyGreaterThan', value: '598.939' }, { fact: 'order.total', operator: 'moneyEqual', value: '598.9400' }] }),
    orders: [
      { lines: [['TEE', 1]], expect: { TEE: 'sup-a' } },
      {
        lines: [['TEE', 1]],
        change: (o) => {
          o.total_price = '598.95';
        },
        expect: { TEE: 'sup-b' },
      },
    ],
  },
  {
    name: "beforeCutoff against the supplier's cut-off in its time zone",
    flow: () => conditionFlow({ fact: 'clock.now', operator: 'beforeCutoff', valueFact: cutoffFact }),
    orders: [
      { lines: [['TEE', 1]], before: (t) => agree(t, 'sup-a', { cutoff: { time: '23:59', timeZone: zoneBeforeCutoff() } }), expect: { TEE: 'sup-a' } },
      { lines: [['TEE', 1]], before: (t) => agree(t, 'sup-a', { cutoff: { time: '00:00', timeZone: 'Asia/Tokyo' } }), expect: { TEE: 'sup-b' } },
    ],
  },
  {
    name: 'afterCutoff',
    flow: () => conditionFlow({ fact: 'clock.now', operator: 'afterCutoff', valueFact: cutoffFact }),
    orders: [
      { lines: [['TEE', 1]], expect: { TEE: 'sup-a' } },
      { lines: [['TEE', 1]], before: (t) => agree(t, 'sup-a', { cutoff: { time: '23:59', timeZone: zoneBeforeCutoff() } }), expect: { TEE: 'sup-b' } },
    ],
  },
  {
    name: 'a decision table (first hit, default outcome)',
    flow: tableFlow,
    orders: [
      { lines: [['TEE', 1]], change: inGermany, expect: { TEE: 'sup-b' } },
      { lines: [['TEE', 1]], expect: { TEE: 'sup-a' } },
      {
        lines: [['TEE', 1]],
        change: (o) => {
          o.total_price = '499.99';
        },
        expect: 'held',
      },
    ],
  },
  {
    name: 'route to the nearest supplier for the ship-to country',
    flow: nearestFlow,
    orders: [
      { lines: [['TEE', 1]], expect: { TEE: 'sup-a' } },
      { lines: [['TEE', 1]], change: inGermany, expect: { TEE: 'sup-b' } },
    ],
  },
  {
    name: 'the geographic routing starter',
    flow: () => geographicRouting.build(['sup-a', 'sup-b', 'sup-c'], { id: 'geo' }),
    orders: [
      { lines: [['TEE', 1]], expect: { TEE: 'sup-a' } },
      { lines: [['TEE', 1]], change: inGermany, expect: { TEE: 'sup-b' } },
    ],
  },
  {
    name: 'the SKU cost / speed starter (fastest by the agreed turnaround, else cheapest)',
    flow: () => skuCostSpeedRouting.build(['sup-a', 'sup-b'], { id: 'cost-speed', fastSkus: ['TEE'] }),
    setup: (t) => agree(t, 'sup-b', { turnaround: { shipWithinHours: 24 } }),
    orders: [{ lines: [['MUG-RED', 1], ['TEE', 1]], expect: { 'MUG-RED': 'sup-a', TEE: 'sup-b' } }],
  },
];

describe.each(DIALECTS)('operators and node types through the hub on %s', (dialect) => {
  let t: TestHub;
  let shop: FakeShopify;
  const sims: SimulatedSupplier[] = [];
  let flowId: string | undefined;

  beforeAll(async () => {
    t = await startTestHub({ dialect, hub: { jobRetryBaseMs: 50 } });
    shop = await addFakeShop(t);
    sims.push(await addStockedSupplier(t, 'sup-a', { skus: SKUS, priority: 1 }));
    sims.push(await addStockedSupplier(t, 'sup-b', { skus: SKUS, priority: 2 }));
    // Only reports stock: the hasStockAt case asks about it.
    sims.push(await addStockedSupplier(t, 'sup-c', { skus: ['STOCKED'], priority: 3, stock: 3 }));
  }, 60_000);
  afterAll(async () => {
    for (const s of sims) await s.close();
    await shop?.close();
    await t?.stop();
  });

  it.each(CASES)('$name', async (c) => {
    const published = await publishFlow(t, c.flow(), { ...(flowId ? { into: flowId } : {}) });
    flowId = published.id;
    await c.setup?.(t);
    for (const [i, spec] of c.orders.entries()) {
      await spec.before?.(t);
      const order = await placeOrder(shop, spec.lines, spec.change);
      const o = await orderWhen(t, order.id, (x) => hasEvent('order.routed')(x) || hasEvent('order.held')(x));
      const decision = eventsOf(o, 'order.routed')[0]?.data ?? eventsOf(o, 'order.held')[0].data;
      expect(decision.flowVersion, `order ${i + 1}`).toBe(published.version);
      if (spec.expect === 'held') {
        expect(eventsOf(o, 'order.held'), `order ${i + 1}`).toHaveLength(1);
        continue;
      }
      const placed = Object.fromEntries(decision.assignments.map((a: any) => [a.sku, a.supplierId]));
      expect(placed, `order ${i + 1}: ${JSON.stringify(decision.trace.filter((s: any) => s.step === 'condition' || s.step === 'decision table'))}`).toEqual(spec.expect);
    }
  });
});
