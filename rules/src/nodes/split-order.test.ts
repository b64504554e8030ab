import { describe, expect, it } from 'vitest';
import type { NodeSettingsInput } from './registry.ts';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { candidate, routingInput, sampleOrder } from '../testing/sample-order.ts';
import { placed, runFlow, steps } from '../testing/run-flow.ts';

function split(settings: NodeSettingsInput<'split-order'> = {}) {
  const b = new FlowBuilder({ id: 'split', name: 'Split', trigger: 'order.received' });
  const node = b.add('split-order', settings, { id: 'split' });
  b.connect(b.start, 'out', node).connect(node, 'none', b.add('notify-customer', { template: 'partly-unavailable' }, { id: 'tell' }));
  return b.build();
}

// GREEN: x, z · RED: x, y · BLACK: y. Best priority per line would use x, x, y... but z ranks first for GREEN.
const CANDIDATES = {
  IPOD2008GREEN: [candidate('z', { priority: 1 }), candidate('x', { priority: 2 })],
  IPOD2008RED: [candidate('x', { priority: 1 }), candidate('y', { priority: 2 })],
  IPOD2008BLACK: [candidate('y', { priority: 1 })],
};

describe('split order node', () => {
  it('fewest suppliers: as few supplier orders as cover the lines', async () => {
    const input = routingInput(sampleOrder(), { candidates: CANDIDATES });
    const d = await runFlow(split(), input);
    // x covers GREEN and RED, y covers BLACK: two supplier orders instead of three.
    expect(placed(d, input)).toEqual(['IPOD2008GREEN→x', 'IPOD2008RED→x', 'IPOD2008BLACK→y']);
    expect(steps(d, 'action', 'split')[0]!.note).toBe('2 supplier order(s): x, y');
  });

  it('priority: each line on its best supplier, which may mean more suppliers', async () => {
    const input = routingInput(sampleOrder(), { candidates: CANDIDATES });
    const d = await runFlow(split({ prefer: 'priority' }), input);
    expect(placed(d, input)).toEqual(['IPOD2008GREEN→z', 'IPOD2008RED→x', 'IPOD2008BLACK→y']);
  });

  it('divides a line no single supplier can cover when allowed', async () => {
    const order = sampleOrder((o) => ({ ...o, lines: [{ ...o.lines[0]!, quantity: 5 }] }));
    const input = routingInput(order, { candidates: { IPOD2008GREEN: [candidate('x', { stock: 3, priority: 1 }), candidate('y', { stock: 4, priority: 2 })] } });
    const d = await runFlow(split({ splitLines: true }), input);
    expect(placed(d, input)).toEqual(['IPOD2008GREEN→x×3', 'IPOD2008GREEN→y×2']);
    const whole = await runFlow(split(), input);
    expect(placed(whole)).toEqual([]);
    expect(whole.actions).toEqual([{ type: 'notify-customer', nodeId: 'tell', template: 'partly-unavailable', channel: 'email', to: 'bob.norman@mail.example.com', lines: ['466157049'] }]);
  });

  it('what part of a line cannot be placed leaves through "none" with the quantity left', async () => {
    const order = sampleOrder((o) => ({ ...o, lines: [{ ...o.lines[0]!, quantity: 5 }] }));
    const input = routingInput(order, { candidates: { IPOD2008GREEN: [candidate('x', { stock: 3 }), candidate('y', { stock: null })] } });
    const d = await runFlow(split({ splitLines: true }), input);
    expect(placed(d)).toEqual(['IPOD2008GREEN→x×3']);
    expect(d.kind === 'assign' && d.unassigned).toEqual([
      { lineId: '466157049', sku: 'IPOD2008GREEN', quantity: 2, reason: 'only 3 of 5 placed: x: stock 0 < 2; y: no stock reported' },
    ]);
  });

  it('only the listed suppliers when given', async () => {
    const input = routingInput(sampleOrder(), { candidates: CANDIDATES });
    const d = await runFlow(split({ suppliers: ['y', 'z'] }), input);
    expect(placed(d, input)).toEqual(['IPOD2008GREEN→z', 'IPOD2008RED→y', 'IPOD2008BLACK→y']);
  });
});
