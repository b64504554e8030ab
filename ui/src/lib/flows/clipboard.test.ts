import { describe, expect, it } from 'vitest';
import { clipboardForPaste, copyNodes, parseClipboard, pasteNodes, serializeClipboard } from './clipboard.ts';
import { addNode, connect, normalizeDraft } from './flow-commands.ts';

const base = () => {
  let flow = normalizeDraft({ schemaVersion: 1, id: 'f', name: 'F', trigger: 'order.received', nodes: [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, settings: {} }], edges: [] } as never);
  flow = addNode(flow, 'route-failover', { x: 100, y: 0 }, { settings: { suppliers: ['a'] } }).flow;
  flow = addNode(flow, 'hold', { x: 200, y: 0 }, { settings: { reason: 'r' } }).flow;
  return connect(connect(flow, 'start', 'out', 'route-failover-1'), 'route-failover-1', 'none', 'hold-1');
};

describe('clipboard', () => {
  it('copies nodes with the edges between them and pastes them with new ids, offset', () => {
    const flow = base();
    const payload = copyNodes(flow, ['start', 'route-failover-1', 'hold-1'])!;
    const text = serializeClipboard(payload);
    const { flow: pasted, ids } = pasteNodes(flow, parseClipboard(text)!);
    // A second start node is never pasted.
    expect(ids).toEqual(['route-failover-2', 'hold-2']);
    expect(pasted.nodes.find((n) => n.id === 'hold-2')).toMatchObject({ position: { x: 240, y: 40 }, settings: { reason: 'r' } });
    expect(pasted.edges.at(-1)).toEqual({ id: 'e-route-failover-2-none', source: 'route-failover-2', sourceHandle: 'none', target: 'hold-2' });
    expect(pasted.edges).toHaveLength(3);
  });

  it('ignores clipboard text that is not nodes', () => {
    expect(parseClipboard('hello')).toBeUndefined();
    expect(parseClipboard('{"kind":"other","nodes":[],"edges":[]}')).toBeUndefined();
    expect(copyNodes(base(), [])).toBeUndefined();
  });

  it('pastes nodes copied since (another tab) over what the editor holds, else what it holds', () => {
    const flow = base();
    const mine = copyNodes(flow, ['hold-1'])!;
    const held = { text: serializeClipboard(mine), payload: { ...mine, nodes: mine.nodes.map((n) => ({ ...n, position: { x: 1, y: 1 } })) } };
    const theirs = serializeClipboard(copyNodes(flow, ['route-failover-1'])!);
    expect(clipboardForPaste(theirs, held)?.payload.nodes.map((n) => n.id)).toEqual(['route-failover-1']);
    expect(clipboardForPaste(theirs, undefined)?.text).toBe(theirs);
    // The text the editor copied or pasted last: what it holds, moved on by each paste.
    expect(clipboardForPaste(held.text, held)).toBe(held);
    expect(clipboardForPaste('plain text', held)).toBe(held);
    expect(clipboardForPaste(undefined, held)).toBe(held);
    expect(clipboardForPaste('plain text', undefined)).toBeUndefined();
  });
});
