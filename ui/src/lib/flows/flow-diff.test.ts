import { describe, expect, it } from 'vitest';
import { diffFlows, edgeKey } from './flow-diff.ts';
import { normalizeDraft } from './flow-commands.ts';

const flow = (nodes: [string, string, Record<string, unknown>, number?][], edges: [string, string, string][]) =>
  normalizeDraft({
    schemaVersion: 1,
    id: 'f',
    name: 'F',
    trigger: 'order.received',
    nodes: nodes.map(([id, type, settings, x]) => ({ id, type, settings, position: { x: x ?? 0, y: 0 } })),
    edges: edges.map(([source, sourceHandle, target]) => ({ id: `e-${source}-${sourceHandle}`, source, sourceHandle, target })),
  } as never);

describe('diffFlows', () => {
  it('marks added, removed and changed nodes (with the settings paths), and ignores moves', () => {
    const before = flow([['start', 'trigger', {}], ['chain', 'route-failover', { suppliers: ['a', 'b'] }], ['hold', 'hold', { reason: 'x' }]], [['start', 'out', 'chain'], ['chain', 'none', 'hold']]);
    const after = flow([['start', 'trigger', {}, 500], ['chain', 'route-failover', { suppliers: ['b', 'a'] }], ['tag', 'add-tag', { tags: ['t'] }]], [['start', 'out', 'chain'], ['chain', 'none', 'tag']]);
    const diff = diffFlows(before, after);
    expect(diff.nodes.get('start')!.kind).toBe('same');
    expect(diff.nodes.get('chain')).toMatchObject({ kind: 'changed', fields: ['suppliers[0]', 'suppliers[1]'] });
    expect(diff.nodes.get('tag')!.kind).toBe('added');
    expect(diff.nodes.get('hold')!.kind).toBe('removed');
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 1, edgesAdded: 1, edgesRemoved: 1 });
    expect(diff.edges.get(edgeKey({ source: 'chain', sourceHandle: 'none', target: 'hold' }))).toBe('removed');
    // Both graphs drawn as one: the removed node and edge are kept, the edge under a fresh id.
    expect(diff.merged.nodes.map((n) => n.id)).toEqual(['start', 'chain', 'tag', 'hold']);
    expect(diff.merged.edges.map((e) => e.id)).toEqual(['e-start-out', 'e-chain-none', 'e-chain-none~removed']);
  });
});
