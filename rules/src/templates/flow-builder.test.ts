import { describe, expect, it } from 'vitest';
import { FlowBuilder } from './flow-builder.ts';

describe('FlowBuilder', () => {
  it('checks settings against the node type as nodes are added', () => {
    const b = new FlowBuilder({ id: 'f', name: 'F', trigger: 'order.received' });
    expect(() => b.add('route-failover', { suppliers: [] })).toThrow(/route-failover settings: suppliers: expected at least one supplier/);
  });

  it('lays nodes out left to right by depth', () => {
    const b = new FlowBuilder({ id: 'f', name: 'F', trigger: 'order.received' });
    const c = b.add('condition', { condition: { fact: 'order.total', operator: 'moneyGreaterThan', value: '1' } });
    const r = b.add('route-failover', { suppliers: ['a'] });
    const h = b.add('hold', { reason: 'x' });
    b.connect(b.start, 'out', c).connect(c, 'true', r).connect(c, 'false', h).connect(r, 'none', h);
    const flow = b.build();
    const at = Object.fromEntries(flow.nodes.map((n) => [n.id, n.position]));
    expect(at).toEqual({ start: { x: 0, y: 0 }, 'condition-1': { x: 280, y: 0 }, 'route-failover-1': { x: 560, y: 0 }, 'hold-1': { x: 840, y: 0 } });
    expect(flow.edges.map((e) => e.id)).toEqual(['e-start-out', 'e-condition-1-true', 'e-condition-1-false', 'e-route-failover-1-none']);
  });
});
