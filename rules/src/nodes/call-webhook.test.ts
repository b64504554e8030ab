import { describe, expect, it } from 'vitest';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { routingInput, sampleOrder } from '../testing/sample-order.ts';
import { runFlow } from '../testing/run-flow.ts';

describe('call webhook node', () => {
  it('asks the hub to call the URL, with the lines that got there', async () => {
    const b = new FlowBuilder({ id: 'hook', name: 'Hook', trigger: 'return.requested' });
    b.connect(b.start, 'out', b.add('call-webhook', { url: 'https://erp.example.com/hooks/returns' }, { id: 'erp' }));
    const input = routingInput(sampleOrder(), { lines: ['518995019'], event: { type: 'return.requested', data: { lines: [{ lineId: '518995019', sku: 'IPOD2008RED', quantity: 1 }] } } });
    const d = await runFlow(b.build(), input);
    expect(d.actions).toEqual([{ type: 'call-webhook', nodeId: 'erp', url: 'https://erp.example.com/hooks/returns', lines: ['518995019'] }]);
    // Not a routing flow: lines that were never routed are not "unassigned".
    expect(d).toMatchObject({ kind: 'assign', assignments: [], unassigned: [] });
  });

  it('takes http(s) URLs only', () => {
    const b = new FlowBuilder({ id: 'n', name: 'N', trigger: 'order.received' });
    expect(() => b.add('call-webhook', { url: 'file:///etc/passwd' })).toThrow(/http/);
    expect(() => b.add('call-webhook', { url: 'not a url' })).toThrow();
  });
});
