import { describe, expect, it } from 'vitest';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { candidate, routingInput, sampleOrder } from '../testing/sample-order.ts';
import { placed, runFlow } from '../testing/run-flow.ts';

describe('add tag node', () => {
  it('tags, then the chain goes on: tag then route', async () => {
    const b = new FlowBuilder({ id: 'tag', name: 'Tag', trigger: 'order.received' });
    const tag = b.add('add-tag', { tags: ['routed-by-flow', 'us'] }, { id: 'tag' });
    b.connect(b.start, 'out', tag).connect(tag, 'out', b.add('route-to-supplier', { supplierId: 'a' }));
    const d = await runFlow(b.build(), routingInput(sampleOrder(), { all: [candidate('a')] }));
    expect(d.actions).toEqual([{ type: 'add-tag', nodeId: 'tag', tags: ['routed-by-flow', 'us'], lines: ['466157049', '518995019', '703073504'] }]);
    expect(placed(d)).toHaveLength(3);
  });

  it('conditions see the order as it came in, not tags added on the way', async () => {
    const b = new FlowBuilder({ id: 'tag2', name: 'Tag', trigger: 'order.received' });
    const tag = b.add('add-tag', { tags: ['vip'] }, { id: 'tag' });
    const isVip = b.add('condition', { condition: { fact: 'order.tags', operator: 'contains', value: 'vip' } }, { id: 'vip' });
    b.connect(b.start, 'out', tag).connect(tag, 'out', isVip).connect(isVip, 'true', b.add('hold', { reason: 'vip' })).connect(isVip, 'false', b.add('route-to-supplier', { supplierId: 'a' }));
    const d = await runFlow(b.build(), routingInput(sampleOrder(), { all: [candidate('a')] }));
    expect(d.kind).toBe('assign');
  });

  it('tags cannot contain commas (stores join them with commas)', () => {
    const b = new FlowBuilder({ id: 'n', name: 'N', trigger: 'order.received' });
    expect(() => b.add('add-tag', { tags: ['a,b'] })).toThrow(/comma/);
  });
});
