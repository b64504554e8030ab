import { describe, expect, it } from 'vitest';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { candidate, routingInput, sampleOrder } from '../testing/sample-order.ts';
import { runFlow, steps } from '../testing/run-flow.ts';

describe('hold node', () => {
  it('holds the order with the reason; actions after it still run, in order', async () => {
    const b = new FlowBuilder({ id: 'hold', name: 'Hold', trigger: 'order.received' });
    const big = b.add('condition', { condition: { fact: 'order.total', operator: 'moneyGreaterThanInclusive', value: '500' } }, { id: 'big' });
    const hold = b.add('hold', { reason: 'Orders over 500 are checked by hand' }, { id: 'review' });
    const tell = b.add('notify-customer', { template: 'order-under-review' }, { id: 'tell' });
    b.connect(b.start, 'out', big).connect(big, 'true', hold).connect(hold, 'out', tell).connect(big, 'false', b.add('route-to-supplier', { supplierId: 'a' }));
    const d = await runFlow(b.build(), routingInput(sampleOrder(), { all: [candidate('a')] }));
    expect(d).toMatchObject({ kind: 'hold', reason: 'Orders over 500 are checked by hand', nodeId: 'review' });
    expect(d.actions.map((a) => a.type)).toEqual(['hold', 'notify-customer']);
    expect(d.actions[0]).toEqual({ type: 'hold', nodeId: 'review', reason: 'Orders over 500 are checked by hand', lines: ['466157049', '518995019', '703073504'] });
    expect(steps(d, 'action', 'review')[0]!.note).toBe('Orders over 500 are checked by hand');
  });

  it('a hold reached by some lines holds the whole order: nothing is placed', async () => {
    const b = new FlowBuilder({ id: 'hold-line', name: 'Hold a line', trigger: 'order.received' });
    const red = b.add('condition', { condition: { fact: 'order.lines[].sku', operator: 'equal', value: 'IPOD2008RED' } }, { id: 'red' });
    b.connect(b.start, 'out', red)
      .connect(red, 'true', b.add('hold', { reason: 'RED needs a look' }, { id: 'review' }))
      .connect(red, 'false', b.add('route-to-supplier', { supplierId: 'a' }, { id: 'to-a' }));
    const d = await runFlow(b.build(), routingInput(sampleOrder(), { all: [candidate('a')] }));
    expect(d).toMatchObject({ kind: 'hold', nodeId: 'review' });
    expect(d.actions[0]).toMatchObject({ lines: ['518995019'] });
    expect('assignments' in d).toBe(false);
    expect(d.trace.at(-1)).toMatchObject({ step: 'path ended', outcome: 'hold', note: 'order held: 2 assignment(s) not placed' });
  });
});
