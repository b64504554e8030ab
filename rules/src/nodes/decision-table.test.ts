import { describe, expect, it } from 'vitest';
import type { NodeSettingsInput } from './registry.ts';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { candidate, routingInput, sampleOrder } from '../testing/sample-order.ts';
import { placed, runFlow, steps } from '../testing/run-flow.ts';
import { tableOutputs } from './decision-table.ts';

const SUPPLIERS = ['na', 'eu', 'other'].map((s) => candidate(s));

function tableFlow(settings: NodeSettingsInput<'decision-table'>, connect: Record<string, string>) {
  const b = new FlowBuilder({ id: 'table', name: 'Table', trigger: 'order.received' });
  const t = b.add('decision-table', settings, { id: 'table' });
  b.connect(b.start, 'out', t);
  const routes = new Map<string, string>();
  for (const [outcome, supplierId] of Object.entries(connect)) {
    if (!routes.has(supplierId)) routes.set(supplierId, b.add('route-to-supplier', { supplierId }, { id: `to-${supplierId}` }));
    b.connect(t, outcome, routes.get(supplierId)!);
  }
  return b.build();
}

const REGIONS: NodeSettingsInput<'decision-table'> = {
  columns: [{ fact: 'order.shippingAddress.country' }, { fact: 'order.total' }],
  rows: [
    { cells: [{ operator: 'countryIn', value: ['US', 'CA'] }, { operator: 'moneyGreaterThan', value: '1000' }], outcome: 'other' },
    { cells: [{ operator: 'countryIn', value: ['US', 'CA'] }, null], outcome: 'na' },
    { cells: [{ operator: 'countryIn', value: ['DE', 'FR'] }, null], outcome: 'eu' },
    { cells: [null, { operator: 'moneyLessThan', value: '10' }], outcome: 'other' },
  ],
};

describe('decision table node', () => {
  it('has one output per outcome plus default', () => {
    expect(tableOutputs(REGIONS.rows)).toEqual(['other', 'na', 'eu', 'default']);
  });

  it('first hit: the first matching row wins, empty cells match anything', async () => {
    const flow = tableFlow(REGIONS, { na: 'na', eu: 'eu', other: 'other', default: 'other' });
    const us = await runFlow(flow, routingInput(sampleOrder(), { all: SUPPLIERS }));
    // Row 1 (US and over 1000) fails on the total; row 2 (US, anything) matches.
    expect(placed(us)).toEqual(['IPOD2008GREEN→na', 'IPOD2008RED→na', 'IPOD2008BLACK→na']);
    expect(steps(us, 'decision table', 'table')).toEqual([
      { step: 'decision table', nodeId: 'table', outcome: 'na', note: 'row 2 matched', facts: { 'order.shippingAddress.country': 'US', 'order.total': '598.94' } },
    ]);
    const de = sampleOrder((o) => ({ ...o, shippingAddress: { ...o.shippingAddress!, country: 'DE' } }));
    expect(placed(await runFlow(flow, routingInput(de, { all: SUPPLIERS })))[0]).toBe('IPOD2008GREEN→eu');
  });

  it('an earlier row wins over a later one that also matches', async () => {
    const rich = sampleOrder((o) => ({ ...o, total: '1500.00' }));
    const d = await runFlow(tableFlow(REGIONS, { na: 'na', eu: 'eu', other: 'other' }), routingInput(rich, { all: SUPPLIERS }));
    expect(placed(d)[0]).toBe('IPOD2008GREEN→other');
    expect(steps(d, 'decision table')[0]).toMatchObject({ outcome: 'other', note: 'row 1 matched' });
  });

  it('no row matching takes default', async () => {
    const jp = sampleOrder((o) => ({ ...o, shippingAddress: { ...o.shippingAddress!, country: 'JP' } }));
    const d = await runFlow(tableFlow(REGIONS, { na: 'na', eu: 'eu', other: 'other', default: 'eu' }), routingInput(jp, { all: SUPPLIERS }));
    expect(placed(d)[0]).toBe('IPOD2008GREEN→eu');
    expect(steps(d, 'decision table')[0]).toMatchObject({ outcome: 'default', note: 'no row matched' });
  });

  it('a first hit whose outcome leads nowhere ends the path, even when a later row leads on', async () => {
    // Row 2 matches the US order but "na" is not connected; row 4 would match too (through "other") but must not win.
    const cheap = sampleOrder((o) => ({ ...o, total: '5.00' }));
    const d = await runFlow(tableFlow(REGIONS, { eu: 'eu', other: 'other' }), routingInput(cheap, { all: SUPPLIERS }));
    expect(placed(d)).toEqual([]);
    expect(d.kind === 'assign' && d.unassigned[0]!.reason).toBe('the flow ends at table (na)');
  });

  it('columns on line facts pick an outcome per line', async () => {
    const flow = tableFlow(
      {
        columns: [{ fact: 'order.lines[].sku' }, { fact: 'order.lines[].quantity' }],
        rows: [
          { cells: [{ operator: 'skuMatches', value: ['*RED'] }, null], outcome: 'eu' },
          { cells: [null, { operator: 'greaterThan', value: 1 }], outcome: 'other' },
        ],
      },
      { eu: 'eu', other: 'other', default: 'na' },
    );
    const order = sampleOrder((o) => ({ ...o, lines: o.lines.map((l) => (l.sku === 'IPOD2008BLACK' ? { ...l, quantity: 2 } : l)) }));
    const input = routingInput(order, { all: SUPPLIERS });
    const d = await runFlow(flow, input);
    expect(placed(d, input)).toEqual(['IPOD2008GREEN→na', 'IPOD2008RED→eu', 'IPOD2008BLACK→other×2']);
    expect(steps(d, 'decision table').map((s) => [s.facts?.lineId, s.outcome])).toEqual([
      ['466157049', 'default'],
      ['518995019', 'eu'],
      ['703073504', 'other'],
    ]);
  });
});
