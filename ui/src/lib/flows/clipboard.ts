/**
 * @module Copy and paste of nodes: the selected nodes with the edges between them, as JSON text (so it
 * also travels through the system clipboard, between tabs and flows). Pasted nodes get fresh ids and sit
 * a little below and to the right of the originals; a second start node is never pasted.
 */
import type { FlowEdge, FlowNode } from '@dropline/rules';
import { newEdgeId, newNodeId, type EditorFlow } from './flow-commands.ts';

const MARKER = 'dropline-flow-nodes';

export interface ClipboardPayload {
  kind: typeof MARKER;
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export function copyNodes(flow: EditorFlow, ids: Iterable<string>): ClipboardPayload | undefined {
  const wanted = new Set(ids);
  const nodes = flow.nodes.filter((n) => wanted.has(n.id));
  if (nodes.length === 0) return undefined;
  const edges = flow.edges.filter((e) => wanted.has(e.source) && wanted.has(e.target));
  return { kind: MARKER, nodes: structuredClone(nodes), edges: structuredClone(edges) };
}

export function serializeClipboard(payload: ClipboardPayload): string {
  return JSON.stringify(payload);
}

/** The payload in clipboard text, or undefined when the text is something else. */
export function parseClipboard(text: string): ClipboardPayload | undefined {
  try {
    const value = JSON.parse(text) as Partial<ClipboardPayload>;
    if (value?.kind !== MARKER || !Array.isArray(value.nodes) || !Array.isArray(value.edges)) return undefined;
    const nodes = value.nodes.filter((n): n is FlowNode => typeof n?.id === 'string' && typeof n.type === 'string');
    return { kind: MARKER, nodes: nodes.map((n) => ({ ...n, position: n.position ?? { x: 0, y: 0 }, settings: n.settings ?? {} })), edges: value.edges };
  } catch {
    return undefined;
  }
}

/** What an editor last copied or pasted: the clipboard text it came as, and what its next paste adds. */
export interface HeldClipboard {
  text: string;
  payload: ClipboardPayload;
}

/**
 * What a paste adds, given the system clipboard's text (when the browser passed it on) and what the editor
 * holds: nodes copied since the editor last copied or pasted (in another tab, say) win; the same text
 * again, text that is not nodes, or none, paste what the editor holds.
 */
export function clipboardForPaste(text: string | undefined, held: HeldClipboard | undefined): HeldClipboard | undefined {
  if (text !== undefined && text !== held?.text) {
    const payload = parseClipboard(text);
    if (payload) return { text, payload };
  }
  return held;
}

export const PASTE_OFFSET = 40;

/** Adds copies of the payload's nodes and edges; returns the new flow and the new nodes' ids. */
export function pasteNodes(flow: EditorFlow, payload: ClipboardPayload, offset = PASTE_OFFSET): { flow: EditorFlow; ids: string[] } {
  const hasStart = flow.nodes.some((n) => n.type === 'trigger');
  const idMap = new Map<string, string>();
  const taken = new Set<string>();
  const nodes: FlowNode[] = [];
  for (const n of payload.nodes) {
    if (n.type === 'trigger' && hasStart) continue;
    const id = newNodeId(flow, n.type, taken);
    taken.add(id);
    idMap.set(n.id, id);
    nodes.push({ ...structuredClone(n), id, position: { x: n.position.x + offset, y: n.position.y + offset } });
  }
  const edgeIds = new Set<string>();
  const edges: FlowEdge[] = [];
  for (const e of payload.edges) {
    const source = idMap.get(e.source);
    const target = idMap.get(e.target);
    if (!source || !target) continue;
    const id = newEdgeId(flow, source, e.sourceHandle, edgeIds);
    edgeIds.add(id);
    edges.push({ id, source, sourceHandle: e.sourceHandle, target });
  }
  return { flow: { ...flow, nodes: [...flow.nodes, ...nodes], edges: [...flow.edges, ...edges] }, ids: nodes.map((n) => n.id) };
}
