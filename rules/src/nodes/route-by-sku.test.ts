import { describe, expect, it } from 'vitest';
import { createInMemoryFactProvider } from '../facts/in-memory-fact-provider.ts';
import type { NodeSettingsInput } from './registry.ts';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { candidate, routingInput, sampleOrder } from '../testing/sample-order.ts';
import { placed, runFlow, steps } from '../testing/run-flow.ts';

function bySku(settings: NodeSettingsInput<'route-by-sku'>) {
  const b = new FlowBuilder({ id: 'sku', name: 'By SKU', trigger: 'order.received' });
  const route = b.add('route-by-sku', settings, { id: 'by-sku' });
  b.connect(b.start, 'out', route);
  return b.build();
}

// Costs chosen so that float and string comparison would both go wrong: "10.5" < "9.99" as strings.
const PRICED = [
  candidate('a', { cost: '10.5', priority: 1 }),
  candidate('b', { cost: '9.99', priority: 2 }),
  candidate('c', { cost: '10.00', priority: 3 }),
  candidate('d', { cost: null, priority: 0 }),
];
const TERMS = createInMemoryFactProvider({ terms: { a: { leadTimeDays: 5 }, b: { leadTimeDays: 2 }, c: { leadTimeDays: 2 }, d: {} } });

describe('route per line by SKU node', () => {
  it('cheapest: compares supplier costs as decimals, unknown cost last', async () => {
    const d = await runFlow(bySku({ rules: [{ skus: ['IPOD*'], strategy: 'cheapest' }] }), routingInput(sampleOrder(), { all: PRICED }));
    expect(placed(d)[0]).toBe('IPOD2008GREEN→b');
    const green = steps(d, 'candidate dropped').filter((s) => s.facts?.lineId === '466157049');
    expect(green.map((s) => [s.outcome, s.note])).toEqual([
      ['c', 'cost 10.00 vs 9.99 at b (cheapest)'],
      ['a', 'cost 10.5 vs 9.99 at b (cheapest)'],
      ['d', 'cost unknown vs 9.99 at b (cheapest)'],
    ]);
    expect(steps(d, 'line assigned')[0]!.note).toBe('cheapest by rule 1 (IPOD*): cost 9.99');
  });

  it('fastest: lead time from the supplier terms, ties to the cheaper', async () => {
    const d = await runFlow(bySku({ rules: [{ skus: ['*'], strategy: 'fastest' }] }), routingInput(sampleOrder(), { all: PRICED }), { facts: TERMS });
    // b and c both take 2 days; b is cheaper.
    expect(placed(d)[0]).toBe('IPOD2008GREEN→b');
    expect(steps(d, 'line assigned')[0]!.facts).toMatchObject({ leadTimeDays: 2, cost: '9.99' });
  });

  it('the first matching rule decides per line; other SKUs follow "otherwise"', async () => {
    const settings: NodeSettingsInput<'route-by-sku'> = {
      rules: [
        { skus: ['*RED'], strategy: 'fastest', suppliers: ['a', 'c'] },
        { skus: ['IPOD2008G*'], strategy: 'cheapest' },
      ],
      otherwise: 'priority',
    };
    const input = routingInput(sampleOrder(), { all: PRICED });
    const d = await runFlow(bySku(settings), input, { facts: TERMS });
    // RED: only a or c, c is faster. GREEN: cheapest is b. BLACK: best priority is d (0).
    expect(placed(d, input)).toEqual(['IPOD2008GREEN→b', 'IPOD2008RED→c', 'IPOD2008BLACK→d']);
  });

  it('"none" for other SKUs leaves them unplaced', async () => {
    const d = await runFlow(bySku({ rules: [{ skus: ['*RED'], strategy: 'cheapest' }], otherwise: 'none' }), routingInput(sampleOrder(), { all: PRICED }));
    expect(placed(d)).toEqual(['IPOD2008RED→b']);
    expect(d.kind === 'assign' && d.unassigned.map((u) => u.reason)).toEqual(['no SKU rule matches IPOD2008GREEN', 'no SKU rule matches IPOD2008BLACK']);
  });

  it('only suppliers that can take the line compete', async () => {
    const d = await runFlow(bySku({ rules: [{ skus: ['*'], strategy: 'cheapest' }] }), routingInput(sampleOrder(), { all: [candidate('b', { cost: '1.00', stock: 0 }), candidate('c', { cost: '5.00' })] }));
    expect(placed(d)[0]).toBe('IPOD2008GREEN→c');
    expect(steps(d, 'candidate dropped')[0]).toMatchObject({ outcome: 'b', note: 'stock 0 < 1' });
  });
});
