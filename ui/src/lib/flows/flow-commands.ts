/**
 * @module Edits to a flow as pure functions: each takes the flow and returns a new one (unchanged parts
 * shared), so undo keeps whole snapshots cheaply and the canvas can tell what changed by identity.
 *
 * A draft may be invalid at any time (the editor saves it as it is); these functions keep only what the
 * graph needs to stay drawable: unique ids, no edge without both ends, one edge per output handle.
 */
import type { Flow, FlowDocument, FlowEdge, FlowNode } from '@dropline/rules';
import type { FlowDetail } from './api-types.ts';
import { nodeInfo, nodeOutputs } from './catalogue.ts';

/** A draft as the editor holds it: the flow format with node positions and settings always present. */
export type EditorFlow = Flow;

export interface Position {
  x: number;
  y: number;
}

/** Fills what the stored format lets a draft leave out, without rejecting anything invalid. */
export function normalizeDraft(doc: FlowDocument): EditorFlow {
  return {
    ...doc,
    schemaVersion: 1,
    nodes: (doc.nodes ?? []).map((n) => ({
      ...n,
      position: n.position ?? { x: 0, y: 0 },
      settings: (n.settings ?? {}) as Record<string, unknown>,
    })),
    edges: doc.edges ?? [],
  };
}

/** The draft the editor opens for a flow: named, identified and triggered as the flow is where it does not say. */
export function openedDraft(detail: Pick<FlowDetail, 'id' | 'name' | 'trigger' | 'draft'>): EditorFlow {
  const { draft } = detail;
  return normalizeDraft({ ...draft, id: draft.id ?? detail.id, name: draft.name ?? detail.name, trigger: draft.trigger ?? detail.trigger });
}

const ID_SAFE = /[^\w.:-]+/g;

/** A node id not used yet: `route-failover-2`. */
export function newNodeId(flow: Pick<EditorFlow, 'nodes'>, type: string, taken: ReadonlySet<string> = new Set()): string {
  if (type === 'trigger' && !flow.nodes.some((n) => n.id === 'start') && !taken.has('start')) return 'start';
  const used = new Set([...flow.nodes.map((n) => n.id), ...taken]);
  const base = type.replace(ID_SAFE, '-');
  for (let i = 1; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

export function newEdgeId(flow: Pick<EditorFlow, 'edges'>, source: string, handle: string, taken: ReadonlySet<string> = new Set()): string {
  const used = new Set([...flow.edges.map((e) => e.id), ...taken]);
  const base = `e-${source}-${handle}`.replace(ID_SAFE, '-').slice(0, 90);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * Settings a new node starts with: the defaults its schema declares and empty lists for required lists,
 * plus a first empty condition or table row, so the form has something to fill in. Required text is left
 * out: validation then says what is missing.
 */
export function initialSettings(type: string): Record<string, unknown> {
  if (type === 'condition') return { condition: { all: [{ fact: '', operator: '' }] } };
  if (type === 'decision-table') return { columns: [{ fact: '' }], rows: [{ cells: [null], outcome: 'match' }] };
  const schema = nodeInfo(type)?.settingsSchema as { properties?: Record<string, { default?: unknown; type?: unknown }>; required?: string[] } | undefined;
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
    if (prop.default !== undefined) out[key] = structuredClone(prop.default);
    else if (prop.type === 'array' && schema?.required?.includes(key)) out[key] = [];
  }
  return out;
}

export function addNode(flow: EditorFlow, type: string, position: Position, options: { settings?: Record<string, unknown>; label?: string; id?: string } = {}): { flow: EditorFlow; id: string } {
  const id = options.id ?? newNodeId(flow, type);
  const node: FlowNode = {
    id,
    type,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    settings: options.settings ?? initialSettings(type),
    ...(options.label ? { label: options.label } : {}),
  };
  return { flow: { ...flow, nodes: [...flow.nodes, node] }, id };
}

export type ConnectRefusal = 'self' | 'into-start' | 'unknown-node' | 'unknown-handle' | 'cycle';

/** Why an edge from `source`'s `handle` to `target` can't be drawn, or undefined when it can. */
export function connectRefusal(flow: EditorFlow, source: string, handle: string, target: string): ConnectRefusal | undefined {
  if (source === target) return 'self';
  const from = flow.nodes.find((n) => n.id === source);
  const to = flow.nodes.find((n) => n.id === target);
  if (!from || !to) return 'unknown-node';
  if (to.type === 'trigger') return 'into-start';
  if (!nodeOutputs(from.type, from.settings).includes(handle)) return 'unknown-handle';
  if (reaches(flow, target, source, { source, handle })) return 'cycle';
  return undefined;
}

/** Connects an output to a node; an output leads to one node, so an edge already leaving it is replaced. */
export function connect(flow: EditorFlow, source: string, handle: string, target: string): EditorFlow {
  const kept = flow.edges.filter((e) => !(e.source === source && e.sourceHandle === handle));
  const edge: FlowEdge = { id: newEdgeId({ edges: kept }, source, handle), source, sourceHandle: handle, target };
  return { ...flow, edges: [...kept, edge] };
}

/** Removes the edge leaving `source` through `handle`, if any. */
export function disconnect(flow: EditorFlow, source: string, handle: string): EditorFlow {
  const edges = flow.edges.filter((e) => !(e.source === source && e.sourceHandle === handle));
  return edges.length === flow.edges.length ? flow : { ...flow, edges };
}

/** Removes nodes (with every edge touching them) and edges. */
export function removeElements(flow: EditorFlow, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): EditorFlow {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  if (nodes.size === 0 && edges.size === 0) return flow;
  return {
    ...flow,
    nodes: flow.nodes.filter((n) => !nodes.has(n.id)),
    edges: flow.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
}

/**
 * Changes a node's settings or label. When a decision table loses an outcome, the edge that left through
 * it goes too (it would point from a handle that no longer exists).
 */
export function updateNode(flow: EditorFlow, id: string, patch: { settings?: Record<string, unknown>; label?: string | undefined }): EditorFlow {
  let changed: FlowNode | undefined;
  const nodes = flow.nodes.map((n) => {
    if (n.id !== id) return n;
    const next: FlowNode = { ...n };
    if (patch.settings !== undefined) next.settings = patch.settings;
    if ('label' in patch) {
      if (patch.label && patch.label.trim()) next.label = patch.label;
      else delete next.label;
    }
    changed = next;
    return next;
  });
  if (!changed) return flow;
  const outputs = new Set(nodeOutputs(changed.type, changed.settings));
  const edges = flow.edges.filter((e) => e.source !== id || outputs.has(e.sourceHandle));
  return { ...flow, nodes, edges: edges.length === flow.edges.length ? flow.edges : edges };
}

/** Moves nodes; the same flow back when nothing moved (so no undo step is recorded for a click). */
export function moveNodes(flow: EditorFlow, positions: ReadonlyMap<string, Position>): EditorFlow {
  let moved = false;
  const nodes = flow.nodes.map((n) => {
    const p = positions.get(n.id);
    if (!p) return n;
    const x = Math.round(p.x);
    const y = Math.round(p.y);
    if (x === n.position.x && y === n.position.y) return n;
    moved = true;
    return { ...n, position: { x, y } };
  });
  return moved ? { ...flow, nodes } : flow;
}

export function renameFlow(flow: EditorFlow, name: string): EditorFlow {
  return name === flow.name ? flow : { ...flow, name };
}

/** Whether `to` can be reached from `from` (ignoring an edge about to be replaced). */
function reaches(flow: EditorFlow, from: string, to: string, replaced: { source: string; handle: string }): boolean {
  const out = new Map<string, string[]>();
  for (const e of flow.edges) {
    if (e.source === replaced.source && e.sourceHandle === replaced.handle) continue;
    out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  }
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(out.get(id) ?? []));
  }
  return false;
}
