import { describe, expect, it } from 'vitest';
import { compileFlow } from '../runtime/compile-flow.ts';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { FlowValidationError, ISSUE_CODES, type FlowIssue, type IssueCode } from './issues.ts';
import { validateFlow } from './validate-flow.ts';

type RawNode = { id: string; type: string; settings?: Record<string, unknown> };
type RawEdge = [source: string, handle: string, target: string];

function raw(nodes: RawNode[], edges: RawEdge[], trigger = 'order.received') {
  return {
    id: 'f',
    name: 'Flow',
    trigger,
    nodes: nodes.map((n) => ({ position: { x: 0, y: 0 }, settings: {}, ...n })),
    edges: edges.map(([source, sourceHandle, target], i) => ({ id: `e${i}`, source, sourceHandle, target })),
  };
}

const START: RawNode = { id: 'start', type: 'trigger' };
const ROUTE: RawNode = { id: 'route', type: 'route-failover', settings: { suppliers: ['a', 'b'] } };
const HOLD: RawNode = { id: 'hold', type: 'hold', settings: { reason: 'review' } };
const cond = (id: string, condition: unknown): RawNode => ({ id, type: 'condition', settings: { condition } });

function issues(flow: unknown, options: Parameters<typeof validateFlow>[1] = {}): FlowIssue[] {
  const r = validateFlow(flow, options);
  return r.ok ? [] : r.issues;
}

function only(flow: unknown, code: IssueCode, options: Parameters<typeof validateFlow>[1] = {}): FlowIssue {
  const found = issues(flow, options);
  expect(found.map((i) => i.code)).toContain(code);
  return found.find((i) => i.code === code)!;
}

const seen = new Set<IssueCode>();
function expectIssue(flow: unknown, expected: Partial<FlowIssue> & { code: IssueCode }, options: Parameters<typeof validateFlow>[1] = {}) {
  seen.add(expected.code);
  expect(only(flow, expected.code, options)).toMatchObject(expected);
}

describe('validateFlow', () => {
  it('accepts a valid flow and returns its graph', () => {
    const r = validateFlow(raw([START, ROUTE, HOLD], [['start', 'out', 'route'], ['route', 'none', 'hold']]), { knownSuppliers: ['a', 'b'] });
    expect(r.ok).toBe(true);
    expect(r.ok && r.graph.entry.node.id).toBe('start');
  });

  it('rejects what is not a flow, pointing into nodes by id', () => {
    expectIssue({ id: 'f', name: '', trigger: 'order.received', nodes: [], edges: [] }, { code: 'invalid_flow', field: 'name' });
    expectIssue(raw([START], [], 'order.teleported'), { code: 'invalid_flow', field: 'trigger' });
    const bad = raw([START, { id: 'route', type: 'route-failover', settings: {} }], []);
    (bad.nodes[1] as { position: unknown }).position = { x: 'left' };
    expectIssue(bad, { code: 'invalid_flow', nodeId: 'route', field: 'position.x' });
  });

  it('duplicate ids, unknown node types', () => {
    expectIssue(raw([START, HOLD, HOLD], [['start', 'out', 'hold']]), { code: 'duplicate_id', nodeId: 'hold' });
    expectIssue(raw([START, { id: 'x', type: 'teleport' }], [['start', 'out', 'x']]), { code: 'unknown_node_type', nodeId: 'x', field: 'type' });
  });

  it('one entry node', () => {
    expectIssue(raw([HOLD], []), { code: 'missing_entry' });
    expectIssue(raw([START, { id: 'start2', type: 'trigger' }, HOLD], [['start', 'out', 'hold'], ['start2', 'out', 'hold']]), { code: 'multiple_entries', nodeId: 'start2' });
    expectIssue(raw([START, HOLD], [['start', 'out', 'hold'], ['hold', 'out', 'start']]), { code: 'entry_has_inputs', nodeId: 'start' });
  });

  it('cycles name the nodes in the loop', () => {
    const i = only(
      raw([START, { id: 'tag', type: 'add-tag', settings: { tags: ['x'] } }, HOLD], [['start', 'out', 'tag'], ['tag', 'out', 'hold'], ['hold', 'out', 'tag']]),
      'cycle',
    );
    seen.add('cycle');
    expect(i.message).toBe('cycle: tag → hold → tag');
  });

  it('edges must join existing nodes through existing handles, one edge per handle', () => {
    expectIssue(raw([START, HOLD], [['start', 'out', 'hold'], ['hold', 'out', 'ghost']]), { code: 'dangling_edge', nodeId: 'hold', edgeId: 'e1' });
    expectIssue(raw([START, ROUTE, HOLD], [['start', 'out', 'route'], ['route', 'maybe', 'hold']]), { code: 'unknown_handle', nodeId: 'route', field: 'maybe' });
    expectIssue(
      raw([START, ROUTE, HOLD, { id: 'hold2', type: 'hold', settings: { reason: 'x' } }], [['start', 'out', 'route'], ['route', 'none', 'hold'], ['route', 'none', 'hold2']]),
      { code: 'duplicate_edge', nodeId: 'route', field: 'none' },
    );
  });

  it('every node must be reachable from the start', () => {
    expectIssue(raw([START, ROUTE, HOLD], [['start', 'out', 'route']]), { code: 'unreachable', nodeId: 'hold' });
  });

  it('required outputs must be connected', () => {
    expectIssue(raw([START], []), { code: 'unconnected_handle', nodeId: 'start', field: 'out' });
    expectIssue(raw([START, cond('c', { fact: 'order.total', operator: 'moneyGreaterThan', value: '1' })], [['start', 'out', 'c']]), { code: 'unconnected_handle', nodeId: 'c' });
  });

  it('settings are checked against the node type, naming the field', () => {
    expectIssue(raw([START, { id: 'hold', type: 'hold', settings: {} }], [['start', 'out', 'hold']]), { code: 'invalid_setting', nodeId: 'hold', field: 'reason' });
    expectIssue(raw([START, { id: 'route', type: 'route-failover', settings: { suppliers: [] } }], [['start', 'out', 'route']]), {
      code: 'invalid_setting',
      nodeId: 'route',
      field: 'suppliers',
      message: 'expected at least one supplier',
    });
    expectIssue(raw([START, { id: 'hook', type: 'call-webhook', settings: { url: 'ftp://example.com' } }], [['start', 'out', 'hook']]), { code: 'invalid_setting', nodeId: 'hook', field: 'url' });
    expectIssue(raw([START, { id: 'refund', type: 'cancel-refund', settings: { mode: 'partial' } }], [['start', 'out', 'refund']]), { code: 'invalid_setting', nodeId: 'refund', field: 'reason' });
  });

  it('conditions: the fact must exist for the trigger', () => {
    const flow = (c: unknown, trigger = 'order.received') => raw([START, cond('c', c), HOLD], [['start', 'out', 'c'], ['c', 'true', 'hold']], trigger);
    expectIssue(flow({ fact: 'order.colour', operator: 'equal', value: 'red' }), { code: 'unknown_fact', nodeId: 'c', field: 'condition.fact' });
    // Event facts exist only for their trigger.
    expectIssue(flow({ fact: 'event.expectedInDays', operator: 'lessThan', value: 3 }), { code: 'unknown_fact', nodeId: 'c' });
    expect(issues(flow({ fact: 'event.expectedInDays', operator: 'lessThan', value: 3 }, 'supplier_order.backordered'))).toEqual([]);
    expectIssue(flow({ all: [{ fact: 'order.total', operator: 'moneyGreaterThan', value: '1' }, { not: { fact: 'order.nope', operator: 'isPresent' } }] }), {
      code: 'unknown_fact',
      field: 'condition.all[1].not.fact',
    });
  });

  it('conditions: parameters the fact needs', () => {
    const flow = (params: unknown) =>
      raw([START, cond('c', { fact: 'supplier.leadTimeDays', ...(params ? { params } : {}), operator: 'lessThan', value: 3 }), HOLD], [['start', 'out', 'c'], ['c', 'true', 'hold']]);
    expectIssue(flow(undefined), { code: 'missing_param', nodeId: 'c', field: 'condition.params.supplierId' });
    expectIssue(flow({ supplierId: 'zz' }), { code: 'unknown_supplier', field: 'condition.params.supplierId' }, { knownSuppliers: ['a'] });
  });

  it('conditions: the operator must exist and fit the fact type', () => {
    const flow = (c: unknown) => raw([START, cond('c', c), HOLD], [['start', 'out', 'c'], ['c', 'true', 'hold']]);
    expectIssue(flow({ fact: 'order.total', operator: 'isHuge', value: '1' }), { code: 'unknown_operator', field: 'condition.operator' });
    const i = only(flow({ fact: 'order.total', operator: 'greaterThan', value: 500 }), 'operator_mismatch');
    seen.add('operator_mismatch');
    expect(i).toMatchObject({ nodeId: 'c', field: 'condition.operator' });
    expect(i.message).toContain('moneyGreaterThan');
    expectIssue(flow({ fact: 'order.shippingAddress.country', operator: 'skuMatches', value: ['U*'] }), { code: 'operator_mismatch' });
    // A fact on the right-hand side must have the fact's type.
    expectIssue(flow({ fact: 'order.shippingAddress.country', operator: 'notEqual', valueFact: { fact: 'order.total' } }), { code: 'operator_mismatch', field: 'condition.valueFact.fact' });
  });

  it('conditions: the value must fit the operator', () => {
    const flow = (c: unknown) => raw([START, cond('c', c), HOLD], [['start', 'out', 'c'], ['c', 'true', 'hold']]);
    expectIssue(flow({ fact: 'order.total', operator: 'moneyGreaterThan', value: 'lots' }), { code: 'invalid_value', field: 'condition.value' });
    expectIssue(flow({ fact: 'order.shippingAddress.country', operator: 'countryIn', value: ['US', 'USA'] }), { code: 'invalid_value', field: 'condition.value[1]' });
    expectIssue(flow({ fact: 'order.total', operator: 'moneyGreaterThan' }), { code: 'invalid_value', message: '"moneyGreaterThan" needs a value' });
    expectIssue(flow({ fact: 'order.note', operator: 'isPresent', value: 'x' }), { code: 'invalid_value', message: '"isPresent" takes no value' });
    expectIssue(flow({ fact: 'addressValidation.verdict', operator: 'equal', value: 'fine' }), { code: 'invalid_value' });
    expectIssue(flow({ fact: 'order.lines[].availability', operator: 'hasStockAt', value: 'ghost' }), { code: 'unknown_supplier', field: 'condition.value' }, { knownSuppliers: ['a'] });
  });

  it('routes must name known suppliers', () => {
    expectIssue(raw([START, { ...ROUTE, settings: { suppliers: ['a', 'zz'] } }], [['start', 'out', 'route']]), { code: 'unknown_supplier', nodeId: 'route', field: 'suppliers[1]' }, { knownSuppliers: ['a', 'b'] });
    expectIssue(raw([START, { id: 'r', type: 'route-to-supplier', settings: { supplierId: 'zz' } }], [['start', 'out', 'r']]), { code: 'unknown_supplier', field: 'supplierId' }, { knownSuppliers: ['a'] });
    expectIssue(
      raw([START, { id: 'r', type: 'route-nearest', settings: { areas: [{ countries: ['US'], suppliers: ['a', 'q'] }] } }], [['start', 'out', 'r']]),
      { code: 'unknown_supplier', field: 'areas[0].suppliers[1]' },
      { knownSuppliers: ['a'] },
    );
    // Without a list of known suppliers they are not checked.
    expect(issues(raw([START, { ...ROUTE, settings: { suppliers: ['zz'] } }], [['start', 'out', 'route']]))).toEqual([]);
  });

  it('decision tables need rows, and their cells are checked like conditions', () => {
    const table = (settings: unknown) => raw([START, { id: 't', type: 'decision-table', settings: settings as Record<string, unknown> }, HOLD], [['start', 'out', 't'], ['t', 'default', 'hold']]);
    expectIssue(table({ columns: [{ fact: 'order.total' }], rows: [] }), { code: 'empty_table', nodeId: 't', field: 'rows' });
    expectIssue(table({ columns: [{ fact: 'order.total' }], rows: [{ cells: [{ operator: 'greaterThan', value: 1 }], outcome: 'big' }] }), {
      code: 'operator_mismatch',
      field: 'rows[0].cells[0].operator',
    });
    expectIssue(table({ columns: [{ fact: 'order.size' }], rows: [{ cells: [null], outcome: 'x' }] }), { code: 'unknown_fact', field: 'columns[0].fact' });
    expectIssue(table({ columns: [{ fact: 'order.total' }], rows: [{ cells: [null, null], outcome: 'x' }] }), { code: 'invalid_setting', field: 'rows[0].cells' });
  });

  it('too many paths between two actions', () => {
    const b = new FlowBuilder({ id: 'wide', name: 'Wide', trigger: 'order.received' });
    let prev = b.start;
    let handle = 'out';
    const hold = b.add('hold', { reason: 'x' });
    for (let i = 0; i < 12; i++) {
      const c = b.add('condition', { condition: { fact: 'order.lineCount', operator: 'greaterThan', value: i } });
      b.connect(prev, handle, c).connect(c, 'false', hold);
      prev = c;
      handle = 'true';
    }
    b.connect(prev, handle, hold);
    // A chain of conditions into one node has one path per branch: 13 here, within any sane limit...
    expect(issues(b.build())).toEqual([]);
    // ...and the limit is enforced.
    expectIssue(b.build(), { code: 'too_many_paths', nodeId: 'condition-1' }, { maxPathsPerSegment: 10 });
  });

  it('covers every issue code in these tests', () => {
    expect([...seen].sort()).toEqual([...ISSUE_CODES].sort());
  });

  it('compileFlow throws one error listing every issue', () => {
    const flow = raw([START, { ...ROUTE, settings: { suppliers: ['zz'] } }, HOLD], [['start', 'out', 'route']]);
    let error: unknown;
    try {
      compileFlow(flow, { knownSuppliers: ['a'] });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FlowValidationError);
    const e = error as FlowValidationError;
    expect(e.status).toBe(422);
    expect(e.issues.map((i) => i.code).sort()).toEqual(['unknown_supplier', 'unreachable']);
    expect(e.message).toContain('node route suppliers[0]: no supplier "zz"');
  });
});
