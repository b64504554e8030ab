import { describe, expect, it } from 'vitest';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { candidate, routingInput, sampleOrder } from '../testing/sample-order.ts';
import { placed, runFlow, steps } from '../testing/run-flow.ts';
import { rankName } from './route-failover.ts';

function chain(suppliers: string[]) {
  const b = new FlowBuilder({ id: 'chain', name: 'Chain', trigger: 'order.received' });
  const route = b.add('route-failover', { suppliers }, { id: 'chain' });
  b.connect(b.start, 'out', route).connect(route, 'none', b.add('hold', { reason: 'no supplier left' }, { id: 'exhausted' }));
  return b.build();
}

const ALL = [candidate('primary', { priority: 1 }), candidate('secondary', { priority: 2 }), candidate('tertiary', { priority: 3 })];

describe('failover chain node', () => {
  it('takes the primary when it has stock', async () => {
    const d = await runFlow(chain(['primary', 'secondary', 'tertiary']), routingInput(sampleOrder(), { all: ALL }));
    expect(placed(d)).toEqual(['IPOD2008GREEN→primary', 'IPOD2008RED→primary', 'IPOD2008BLACK→primary']);
    expect(steps(d, 'line assigned')[0]).toMatchObject({ nodeId: 'chain', outcome: 'primary', note: 'primary in the failover chain', facts: { rank: 1 } });
  });

  it('follows the chain order, not catalog priority', async () => {
    const d = await runFlow(chain(['tertiary', 'primary']), routingInput(sampleOrder(), { all: ALL }));
    expect(placed(d)[0]).toBe('IPOD2008GREEN→tertiary');
  });

  it('skips a supplier without stock and says so: "why did this go to the secondary?"', async () => {
    const input = routingInput(sampleOrder(), { all: [candidate('primary', { stock: 0 }), candidate('secondary')] });
    const d = await runFlow(chain(['primary', 'secondary']), input);
    expect(placed(d)).toEqual(['IPOD2008GREEN→secondary', 'IPOD2008RED→secondary', 'IPOD2008BLACK→secondary']);
    const green = d.trace.filter((s) => s.facts?.lineId === '466157049' && s.nodeId === 'chain');
    expect(green.map((s) => [s.step, s.outcome, s.note])).toEqual([
      ['candidate dropped', 'primary', 'stock 0 < 1'],
      ['line assigned', 'secondary', 'secondary in the failover chain'],
    ]);
  });

  it('fails over after a rejection: the input excludes the supplier, the next in the chain takes the line', async () => {
    const excluded = { '518995019': [{ supplierId: 'primary', reason: 'rejected this line earlier' }] };
    const input = routingInput(sampleOrder(), { all: ALL, excluded, attempt: 2, lines: ['518995019'] });
    const d = await runFlow(chain(['primary', 'secondary', 'tertiary']), input);
    expect(placed(d)).toEqual(['IPOD2008RED→secondary']);
    // Dropped twice: once as the input's exclusion, once when the chain reached it.
    expect(steps(d, 'candidate dropped').map((s) => [s.nodeId ?? null, s.note])).toEqual([
      [null, 'excluded: rejected this line earlier'],
      ['chain', 'excluded: rejected this line earlier'],
    ]);
  });

  it('runs the exception path once every supplier in the chain is excluded', async () => {
    const excluded = {
      '518995019': [
        { supplierId: 'primary', reason: 'rejected this line earlier' },
        { supplierId: 'secondary', reason: 'backordered this line earlier' },
      ],
    };
    const d = await runFlow(chain(['primary', 'secondary']), routingInput(sampleOrder(), { all: ALL, excluded, attempt: 3, lines: ['518995019'] }));
    expect(d).toMatchObject({ kind: 'hold', reason: 'no supplier left', nodeId: 'exhausted' });
    expect(d.actions).toEqual([{ type: 'hold', nodeId: 'exhausted', reason: 'no supplier left', lines: ['518995019'] }]);
    expect(steps(d, 'line not placed')[0]!.note).toBe(
      'no supplier in the chain can take it: primary: excluded: rejected this line earlier; secondary: excluded: backordered this line earlier',
    );
  });

  it('counts stock across lines of the same SKU', async () => {
    const order = sampleOrder((o) => ({ ...o, lines: [o.lines[0]!, { ...o.lines[0]!, lineId: 'dup', quantity: 2 }] }));
    const input = routingInput(order, { candidates: { IPOD2008GREEN: [candidate('primary', { stock: 2 }), candidate('secondary')] } });
    const d = await runFlow(chain(['primary', 'secondary']), input);
    expect(placed(d, input)).toEqual(['IPOD2008GREEN→primary', 'IPOD2008GREEN→secondary×2']);
    expect(steps(d, 'candidate dropped')[0]).toMatchObject({ outcome: 'primary', note: 'stock 1 < 2' });
  });

  it('names ranks', () => {
    expect([0, 1, 2, 3].map(rankName)).toEqual(['primary', 'secondary', 'tertiary', '#4 in the chain']);
  });
});
