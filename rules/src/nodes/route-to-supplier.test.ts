import { describe, expect, it } from 'vitest';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { candidate, routingInput, sampleOrder } from '../testing/sample-order.ts';
import { placed, runFlow, steps } from '../testing/run-flow.ts';
import type { StockPolicy } from '../runtime/routing-choice.ts';

function flow(stock?: StockPolicy) {
  const b = new FlowBuilder({ id: 'direct', name: 'Direct', trigger: 'order.received' });
  const route = b.add('route-to-supplier', { supplierId: 'acme', ...(stock ? { stock } : {}) }, { id: 'to-acme' });
  b.connect(b.start, 'out', route).connect(route, 'none', b.add('route-to-supplier', { supplierId: 'backup', stock: 'ignore' }, { id: 'to-backup' }));
  return b.build();
}

describe('route to supplier node', () => {
  it('places each line on the supplier when it has the stock', async () => {
    const d = await runFlow(flow(), routingInput(sampleOrder(), { all: [candidate('acme', { stock: 1 })] }));
    expect(placed(d)).toEqual(['IPOD2008GREEN→acme', 'IPOD2008RED→acme', 'IPOD2008BLACK→acme']);
    expect(d.kind === 'assign' && d.assignments[0]).toEqual({ lineId: '466157049', sku: 'IPOD2008GREEN', quantity: 1, supplierId: 'acme', supplierSku: 'acme:IPOD2008GREEN' });
  });

  it('sends lines it cannot take through "none", tracing why', async () => {
    const input = routingInput(sampleOrder(), {
      candidates: { IPOD2008GREEN: [candidate('acme', { stock: 0 }), candidate('backup')], IPOD2008RED: [candidate('acme', { stock: null }), candidate('backup')], IPOD2008BLACK: [candidate('backup')] },
    });
    const d = await runFlow(flow(), input);
    expect(placed(d, input)).toEqual(['IPOD2008GREEN→backup', 'IPOD2008RED→backup', 'IPOD2008BLACK→backup']);
    expect(steps(d, 'candidate dropped', 'to-acme').map((s) => [s.facts?.sku, s.note])).toEqual([
      ['IPOD2008GREEN', 'stock 0 < 1'],
      ['IPOD2008RED', 'no stock reported'],
      ['IPOD2008BLACK', 'does not carry IPOD2008BLACK'],
    ]);
  });

  it('never picks a supplier excluded for the line, even if its stock would do', async () => {
    const input = routingInput(sampleOrder(), { all: [candidate('acme'), candidate('backup')], excluded: { '466157049': [{ supplierId: 'acme', reason: 'rejected this line earlier' }] } });
    // The hub removes excluded suppliers from the candidates; the node refuses them even if it didn't.
    input.candidates['466157049'] = [candidate('acme', { supplierSku: 'A1' }), candidate('backup', { supplierSku: 'B1' })];
    const d = await runFlow(flow(), input);
    expect(placed(d, input)).toEqual(['IPOD2008GREEN→backup', 'IPOD2008RED→acme', 'IPOD2008BLACK→acme']);
    expect(steps(d, 'candidate dropped', 'to-acme')).toEqual([
      { step: 'candidate dropped', nodeId: 'to-acme', outcome: 'acme', note: 'excluded: rejected this line earlier', facts: { lineId: '466157049', sku: 'IPOD2008GREEN' } },
    ]);
  });

  it('stock policy: allow-unknown takes suppliers that never reported stock, ignore takes any', async () => {
    const unknown = routingInput(sampleOrder(), { all: [candidate('acme', { stock: null })] });
    expect(placed(await runFlow(flow('allow-unknown'), unknown))[0]).toBe('IPOD2008GREEN→acme');
    const short = routingInput(sampleOrder(), { all: [candidate('acme', { stock: 0 })] });
    expect(placed(await runFlow(flow('allow-unknown'), short))).toEqual([]);
    expect(placed(await runFlow(flow('ignore'), short))[0]).toBe('IPOD2008GREEN→acme');
  });

  it('a line without a SKU cannot be placed', async () => {
    const order = sampleOrder((o) => ({ ...o, lines: o.lines.map((l, i) => (i === 0 ? { ...l, sku: null } : l)) }));
    const d = await runFlow(flow(), routingInput(order, { all: [candidate('acme')] }));
    expect(d.kind === 'assign' && d.unassigned).toEqual([{ lineId: '466157049', sku: null, quantity: 1, reason: 'supplier cannot take it: backup: line has no SKU to map' }]);
  });
});
