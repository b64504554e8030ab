import { describe, expect, it } from 'vitest';
import type { ConditionNode } from '../model/condition.ts';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { candidate, routingInput, sampleOrder } from '../testing/sample-order.ts';
import { runFlow, steps } from '../testing/run-flow.ts';

/** start → condition → true: route to "yes", false: route to "no". */
function branch(condition: ConditionNode) {
  const b = new FlowBuilder({ id: 'cond', name: 'Condition', trigger: 'order.received' });
  const c = b.add('condition', { condition }, { id: 'check' });
  b.connect(b.start, 'out', c)
    .connect(c, 'true', b.add('route-to-supplier', { supplierId: 'yes' }, { id: 'to-yes' }))
    .connect(c, 'false', b.add('route-to-supplier', { supplierId: 'no' }, { id: 'to-no' }));
  return b.build();
}

const stocked = [candidate('yes'), candidate('no')];
/** Assignments in line order (the decision lists them in the order the routing nodes ran). */
const LINE_ORDER = ['IPOD2008GREEN', 'IPOD2008RED', 'IPOD2008BLACK'];
const suppliersOf = (d: Awaited<ReturnType<typeof runFlow>>) =>
  d.kind === 'assign' ? [...d.assignments].sort((a, b) => LINE_ORDER.indexOf(a.sku!) - LINE_ORDER.indexOf(b.sku!)).map((a) => `${a.sku}→${a.supplierId}`) : [];

describe('condition node', () => {
  it('sends the order down true or false on an order fact, tracing the value it saw', async () => {
    const order = sampleOrder();
    const big = await runFlow(branch({ fact: 'order.total', operator: 'moneyGreaterThan', value: '500' }), routingInput(order, { all: stocked }));
    expect(suppliersOf(big)).toEqual(['IPOD2008GREEN→yes', 'IPOD2008RED→yes', 'IPOD2008BLACK→yes']);
    expect(steps(big, 'condition', 'check')).toEqual([{ step: 'condition', nodeId: 'check', outcome: 'true', facts: { 'order.total': '598.94' } }]);
    const small = await runFlow(branch({ fact: 'order.total', operator: 'moneyGreaterThan', value: 598.94 }), routingInput(order, { all: stocked }));
    expect(suppliersOf(small)).toEqual(['IPOD2008GREEN→no', 'IPOD2008RED→no', 'IPOD2008BLACK→no']);
  });

  it('combines all / any / not groups', async () => {
    const input = routingInput(sampleOrder(), { all: stocked });
    const tree: ConditionNode = {
      all: [
        { fact: 'order.shippingAddress.country', operator: 'countryIn', value: ['us', 'ca'] },
        { any: [{ fact: 'order.tags', operator: 'contains', value: 'vip' }, { fact: 'order.lineCount', operator: 'greaterThanInclusive', value: 3 }] },
        { not: { fact: 'order.test', operator: 'equal', value: true } },
      ],
    };
    expect(suppliersOf(await runFlow(branch(tree), input))[0]).toBe('IPOD2008GREEN→yes');
    const negated: ConditionNode = { not: tree };
    expect(suppliersOf(await runFlow(branch(negated), input))[0]).toBe('IPOD2008GREEN→no');
  });

  it('compares two facts: shipping country against billing country', async () => {
    const mismatch: ConditionNode = { fact: 'order.shippingAddress.country', operator: 'notEqual', valueFact: { fact: 'order.billingAddress.country' } };
    const same = await runFlow(branch(mismatch), routingInput(sampleOrder(), { all: stocked }));
    expect(suppliersOf(same)[0]).toBe('IPOD2008GREEN→no');
    const abroad = sampleOrder((o) => ({ ...o, billingAddress: { ...o.billingAddress!, country: 'DE' } }));
    const d = await runFlow(branch(mismatch), routingInput(abroad, { all: stocked }));
    expect(suppliersOf(d)[0]).toBe('IPOD2008GREEN→yes');
    expect(steps(d, 'condition', 'check')[0]!.facts).toEqual({ 'order.shippingAddress.country': 'US', 'order.billingAddress.country': 'DE' });
  });

  it('evaluates line facts once per line, so lines can part ways', async () => {
    const d = await runFlow(branch({ fact: 'order.lines[].sku', operator: 'skuMatches', value: ['*RED', '*BLACK'] }), routingInput(sampleOrder(), { all: stocked }));
    expect(suppliersOf(d)).toEqual(['IPOD2008GREEN→no', 'IPOD2008RED→yes', 'IPOD2008BLACK→yes']);
    expect(steps(d, 'condition', 'check').map((s) => [s.facts?.lineId, s.outcome, s.facts?.['order.lines[].sku']])).toEqual([
      ['466157049', 'false', 'IPOD2008GREEN'],
      ['518995019', 'true', 'IPOD2008RED'],
      ['703073504', 'true', 'IPOD2008BLACK'],
    ]);
  });

  it('binds several line conditions to the same line (not to any line of the order)', async () => {
    // RED has quantity 1, GREEN quantity 3: "a RED line with quantity ≥ 2" holds for no line. Evaluated over
    // the order's line array, each condition would find some line and the pair would wrongly hold.
    const order = sampleOrder((o) => ({ ...o, lines: o.lines.map((l) => (l.sku === 'IPOD2008GREEN' ? { ...l, quantity: 3 } : l)) }));
    const tree: ConditionNode = { all: [{ fact: 'order.lines[].sku', operator: 'equal', value: 'IPOD2008RED' }, { fact: 'order.lines[].quantity', operator: 'greaterThanInclusive', value: 2 }] };
    const d = await runFlow(branch(tree), routingInput(order, { all: stocked }));
    expect(suppliersOf(d)).toEqual(['IPOD2008GREEN→no', 'IPOD2008RED→no', 'IPOD2008BLACK→no']);
  });

  it('mixes order and line facts in one condition, line by line', async () => {
    const tree: ConditionNode = { all: [{ fact: 'order.currency', operator: 'equal', value: 'USD' }, { fact: 'order.lines[].sku', operator: 'skuStartsWith', value: ['IPOD2008G'] }] };
    const d = await runFlow(branch(tree), routingInput(sampleOrder(), { all: stocked }));
    expect(suppliersOf(d)).toEqual(['IPOD2008GREEN→yes', 'IPOD2008RED→no', 'IPOD2008BLACK→no']);
    expect(steps(d, 'condition', 'check')[0]!.facts).toEqual({ lineId: '466157049', 'order.currency': 'USD', 'order.lines[].sku': 'IPOD2008GREEN' });
  });

  it('an unconnected branch ends the path: the lines stay unassigned with the reason', async () => {
    const b = new FlowBuilder({ id: 'dead', name: 'Dead end', trigger: 'order.received' });
    const c = b.add('condition', { condition: { fact: 'order.total', operator: 'moneyGreaterThan', value: '1000' } }, { id: 'big' });
    b.connect(b.start, 'out', c).connect(c, 'true', b.add('route-to-supplier', { supplierId: 'yes' }));
    const d = await runFlow(b.build(), routingInput(sampleOrder(), { all: stocked }));
    expect(d).toMatchObject({ kind: 'assign', assignments: [] });
    expect(d.kind === 'assign' && d.unassigned.map((u) => u.reason)).toEqual(['the flow ends at big (false)', 'the flow ends at big (false)', 'the flow ends at big (false)']);
  });

  it('a missing fact makes its comparisons false instead of failing the run', async () => {
    const noBilling = sampleOrder((o) => ({ ...o, billingAddress: undefined }));
    const d = await runFlow(branch({ fact: 'order.billingAddress.country', operator: 'countryIn', value: ['US'] }), routingInput(noBilling, { all: stocked }));
    expect(suppliersOf(d)[0]).toBe('IPOD2008GREEN→no');
    expect(steps(d, 'condition', 'check')[0]!.facts).toEqual({ 'order.billingAddress.country': null });
  });
});
