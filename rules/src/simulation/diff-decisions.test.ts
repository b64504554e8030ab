import { describe, expect, it } from 'vitest';
import type { Decision } from '../runtime/decision.ts';
import { diffDecisions } from './diff-decisions.ts';

const base = { flowId: 'f', flowVersion: 1, trigger: 'order.received' as const, trace: [], settled: [] };
const assign = (assignments: [string, string, number][], extra: Partial<Extract<Decision, { kind: 'assign' }>> = {}): Decision => ({
  ...base,
  kind: 'assign',
  actions: [],
  unassigned: [],
  assignments: assignments.map(([lineId, supplierId, quantity]) => ({ lineId, sku: `SKU-${lineId}`, supplierId, quantity })),
  ...extra,
});

describe('diffDecisions', () => {
  it('same decision (assignment order and node ids aside): no change', () => {
    const a = assign([['1', 'x', 1], ['2', 'y', 1]], { actions: [{ type: 'add-tag', nodeId: 'n1', tags: ['t'], lines: ['1'] }] });
    const b = assign([['2', 'y', 1], ['1', 'x', 1]], { actions: [{ type: 'add-tag', nodeId: 'other-id', tags: ['t'], lines: ['1'] }] });
    expect(diffDecisions(a, b)).toEqual({ changed: false, assignments: [], unassigned: [], actions: { added: [], removed: [] } });
  });

  it('names lines that moved, were split, or lost their supplier', () => {
    const a = assign([['1', 'x', 2], ['2', 'y', 1]]);
    const b = assign([['1', 'x', 1], ['1', 'z', 1]], { unassigned: [{ lineId: '2', sku: 'SKU-2', quantity: 1, reason: 'no stock' }] });
    const d = diffDecisions(a, b);
    expect(d.changed).toBe(true);
    expect(d.assignments).toEqual([
      { lineId: '1', sku: 'SKU-1', before: [{ supplierId: 'x', quantity: 2 }], after: [{ supplierId: 'x', quantity: 1 }, { supplierId: 'z', quantity: 1 }] },
      { lineId: '2', sku: 'SKU-2', before: [{ supplierId: 'y', quantity: 1 }], after: [] },
    ]);
    expect(d.unassigned).toEqual([{ lineId: '2', after: 'no stock' }]);
  });

  it('actions added and removed, counted (two notifications are not one)', () => {
    const notify = { type: 'notify-customer' as const, nodeId: 'n', template: 't', channel: 'email' as const, lines: [] };
    const d = diffDecisions(assign([], { actions: [notify] }), assign([], { actions: [notify, { ...notify, nodeId: 'm' }, { type: 'call-webhook', nodeId: 'w', url: 'https://x.example', lines: [] }] }));
    expect(d.actions.removed).toEqual([]);
    expect(d.actions.added.map((a) => a.type)).toEqual(['notify-customer', 'call-webhook']);
  });
});
