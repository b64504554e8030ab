/**
 * @module What changed between two versions of a flow, node by node: added, removed, or changed (type,
 * caption or settings, with the settings paths that differ). Moving a node is not a change. Edges are
 * compared by what they connect (source, output, target), not by id.
 */
import type { FlowEdge, FlowNode } from '@dropline/rules';
import type { EditorFlow } from './flow-commands.ts';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'same';

export interface NodeChange {
  id: string;
  kind: ChangeKind;
  /** Settings paths that differ (`suppliers[1]`, `condition.all[0].value`), `type` and `label` included. */
  fields: string[];
  before?: FlowNode;
  after?: FlowNode;
}

export interface FlowDiff {
  nodes: Map<string, NodeChange>;
  edges: Map<string, ChangeKind>;
  counts: { added: number; removed: number; changed: number; edgesAdded: number; edgesRemoved: number };
  /** Both graphs in one: every node and edge of `after`, plus what `before` had and `after` lost. */
  merged: { nodes: FlowNode[]; edges: FlowEdge[] };
}

export function edgeKey(e: Pick<FlowEdge, 'source' | 'sourceHandle' | 'target'>): string {
  return `${e.source}\u0000${e.sourceHandle}\u0000${e.target}`;
}

export function diffFlows(before: EditorFlow, after: EditorFlow): FlowDiff {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const nodes = new Map<string, NodeChange>();
  for (const n of after.nodes) {
    const b = old.get(n.id);
    if (!b) {
      nodes.set(n.id, { id: n.id, kind: 'added', fields: [], after: n });
      continue;
    }
    const fields = [
      ...(b.type !== n.type ? ['type'] : []),
      ...((b.label ?? '') !== (n.label ?? '') ? ['label'] : []),
      ...valueDiff(b.settings, n.settings, ''),
    ];
    nodes.set(n.id, { id: n.id, kind: fields.length ? 'changed' : 'same', fields, before: b, after: n });
  }
  for (const b of before.nodes) if (!now.has(b.id)) nodes.set(b.id, { id: b.id, kind: 'removed', fields: [], before: b });

  const oldEdges = new Map(before.edges.map((e) => [edgeKey(e), e]));
  const newEdges = new Map(after.edges.map((e) => [edgeKey(e), e]));
  const edges = new Map<string, ChangeKind>();
  const mergedEdges: FlowEdge[] = [];
  for (const [key, e] of newEdges) {
    edges.set(key, oldEdges.has(key) ? 'same' : 'added');
    mergedEdges.push(e);
  }
  const usedIds = new Set(after.edges.map((e) => e.id));
  for (const [key, e] of oldEdges) {
    if (newEdges.has(key)) continue;
    edges.set(key, 'removed');
    // A removed edge may share its id with a new one (same source and output, another target).
    mergedEdges.push(usedIds.has(e.id) ? { ...e, id: `${e.id}~removed` } : e);
  }

  const count = (k: ChangeKind) => [...nodes.values()].filter((c) => c.kind === k).length;
  const edgeCount = (k: ChangeKind) => [...edges.values()].filter((c) => c === k).length;
  return {
    nodes,
    edges,
    counts: { added: count('added'), removed: count('removed'), changed: count('changed'), edgesAdded: edgeCount('added'), edgesRemoved: edgeCount('removed') },
    merged: { nodes: [...after.nodes, ...before.nodes.filter((b) => !now.has(b.id))], edges: mergedEdges },
  };
}

/** Paths where two JSON values differ; a whole subtree that differs in kind is one path. */
export function valueDiff(a: unknown, b: unknown, path: string): string[] {
  if (Object.is(a, b)) return [];
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...valueDiff(a[i], b[i], `${path}[${i}]`));
    return out;
  }
  if (isObject(a) && isObject(b)) {
    const out: string[] = [];
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) out.push(...valueDiff(a[key], b[key], path ? `${path}.${key}` : key));
    return out;
  }
  return [path || '(settings)'];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
