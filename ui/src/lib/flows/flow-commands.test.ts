import { describe, expect, it } from 'vitest';
import { addNode, connect, connectRefusal, disconnect, moveNodes, newNodeId, normalizeDraft, removeElements, updateNode, type EditorFlow } from './flow-commands.ts';

function blank(): EditorFlow {
  return normalizeDraft({ schemaVersion: 1, id: 'f', name: 'F', trigger: 'order.received', nodes: [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, settings: {} }], edges: [] } as never);
}

describe('flow commands', () => {
  it('adds nodes with ids by type and starting settings, leaving the old flow as it was', () => {
    const before = blank();
    const { flow, id } = addNode(before, 'route-failover', { x: 10.4, y: 20.6 });
    expect(id).toBe('route-failover-1');
    expect(flow.nodes.at(-1)).toMatchObject({ id, position: { x: 10, y: 21 }, settings: { suppliers: [], stock: 'require' } });
    expect(before.nodes).toHaveLength(1);
    expect(newNodeId(flow, 'route-failover')).toBe('route-failover-2');
    expect(addNode(flow, 'condition', { x: 0, y: 0 }).flow.nodes.at(-1)!.settings).toEqual({ condition: { all: [{ fact: '', operator: '' }] } });
  });

  it('connects an output to one node, replacing the edge that left it', () => {
    let flow = addNode(addNode(blank(), 'hold', { x: 0, y: 0 }).flow, 'hold', { x: 0, y: 0 }).flow;
    flow = connect(flow, 'start', 'out', 'hold-1');
    flow = connect(flow, 'start', 'out', 'hold-2');
    expect(flow.edges).toEqual([{ id: 'e-start-out', source: 'start', sourceHandle: 'out', target: 'hold-2' }]);
    expect(disconnect(flow, 'start', 'out').edges).toEqual([]);
    expect(disconnect(flow, 'start', 'none')).toBe(flow);
  });

  it('refuses loops, edges into the start node, to itself and from outputs that do not exist', () => {
    let flow = addNode(addNode(blank(), 'condition', { x: 0, y: 0 }).flow, 'condition', { x: 0, y: 0 }).flow;
    flow = connect(connect(flow, 'start', 'out', 'condition-1'), 'condition-1', 'true', 'condition-2');
    expect(connectRefusal(flow, 'condition-2', 'true', 'condition-1')).toBe('cycle');
    expect(connectRefusal(flow, 'condition-1', 'true', 'start')).toBe('into-start');
    expect(connectRefusal(flow, 'condition-1', 'true', 'condition-1')).toBe('self');
    expect(connectRefusal(flow, 'condition-1', 'maybe', 'condition-2')).toBe('unknown-handle');
    expect(connectRefusal(flow, 'condition-1', 'false', 'condition-2')).toBeUndefined();
  });

  it('drops the edge of a decision-table outcome that is renamed away', () => {
    let flow = addNode(addNode(blank(), 'decision-table', { x: 0, y: 0 }).flow, 'hold', { x: 0, y: 0 }).flow;
    const settings = { columns: [{ fact: 'order.currency' }], rows: [{ cells: [null], outcome: 'eu' }] };
    flow = connect(updateNode(flow, 'decision-table-1', { settings }), 'decision-table-1', 'eu', 'hold-1');
    expect(flow.edges).toHaveLength(1);
    const renamed = updateNode(flow, 'decision-table-1', { settings: { ...settings, rows: [{ cells: [null], outcome: 'emea' }] } });
    expect(renamed.edges).toEqual([]);
  });

  it('removes nodes with their edges, and moving nothing returns the same flow', () => {
    let flow = addNode(blank(), 'hold', { x: 0, y: 0 }).flow;
    flow = connect(flow, 'start', 'out', 'hold-1');
    expect(removeElements(flow, ['hold-1'])).toMatchObject({ nodes: [{ id: 'start' }], edges: [] });
    expect(moveNodes(flow, new Map([['hold-1', { x: 0.2, y: -0.3 }]]))).toBe(flow);
    expect(moveNodes(flow, new Map([['hold-1', { x: 50, y: 0 }]])).nodes[1]!.position).toEqual({ x: 50, y: 0 });
  });
});
