/**
 * @module `validateFlow`: everything that must hold before a flow is published, each problem pointing at its
 * node (and settings field) or edge: the flow's shape, node types and settings, one entry, edges between
 * existing nodes and handles, no cycles, every node reachable, facts and operators that exist and fit,
 * suppliers the hub knows, required outputs connected, and a bounded number of paths.
 *
 * @example
 * ```ts
 * const { ok, issues } = validateFlow(json, { knownSuppliers: ['us-east', 'eu-west'] });
 * // issues: [{ code: 'unknown_supplier', nodeId: 'route-1', field: 'suppliers[1]', message: 'no supplier "eu-wst"' }]
 * ```
 */
import { factCatalogue } from '../facts/catalogue.ts';
import { FlowSchema, type Flow } from '../model/flow.ts';
import { targetOf, type FlowGraph, type GraphNode } from '../model/graph.ts';
import type { NodeCheckContext } from '../nodes/define-node.ts';
import { findNodeType } from '../nodes/registry.ts';
import { joinField } from './check-condition.ts';
import type { FlowIssue } from './issues.ts';

export interface ValidateOptions {
  /** Supplier ids routes may name; when absent, supplier ids are not checked. */
  knownSuppliers?: Iterable<string>;
  /** Most paths between two actions (see the compiler); beyond it the flow is rejected. */
  maxPathsPerSegment?: number;
}

export const MAX_PATHS_PER_SEGMENT = 1000;

export type ValidationResult = { ok: true; flow: Flow; graph: FlowGraph; issues: [] } | { ok: false; flow?: Flow; issues: FlowIssue[] };

export function validateFlow(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const parsed = FlowSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => shapeIssue(input, i.path, i.message)) };
  }
  const flow = parsed.data;
  const issues: FlowIssue[] = [];

  const nodes = new Map<string, GraphNode>();
  const seenNodes = new Set<string>();
  for (const node of flow.nodes) {
    if (seenNodes.has(node.id)) {
      issues.push({ code: 'duplicate_id', nodeId: node.id, message: `two nodes have the id "${node.id}"` });
      continue;
    }
    seenNodes.add(node.id);
    const def = findNodeType(node.type);
    if (!def) {
      issues.push({ code: 'unknown_node_type', nodeId: node.id, field: 'type', message: `no node type "${node.type}"` });
      continue;
    }
    const settings = def.settings.safeParse(node.settings);
    if (!settings.success) {
      for (const i of settings.error.issues) {
        const missing = i.code === 'invalid_type' && i.input === undefined;
        issues.push({ code: 'invalid_setting', nodeId: node.id, field: joinField('', i.path).replace(/^\./, ''), message: missing ? `${def.title} needs ${joinField('', i.path).replace(/^\./, '')}` : i.message });
      }
      // Still part of the graph (edges, reachability), just not checked further.
      nodes.set(node.id, { node, def, settings: undefined });
      continue;
    }
    nodes.set(node.id, { node, def, settings: settings.data });
  }

  const entries = [...nodes.values()].filter((n) => n.def.category === 'trigger');
  if (entries.length === 0) issues.push({ code: 'missing_entry', message: 'the flow has no start node' });
  for (const extra of entries.slice(1)) issues.push({ code: 'multiple_entries', nodeId: extra.node.id, message: `a flow has one start node; "${entries[0]!.node.id}" is the first` });

  const out = new Map<string, Map<string, (typeof flow.edges)[number]>>();
  const seenEdges = new Set<string>();
  for (const edge of flow.edges) {
    if (seenEdges.has(edge.id)) {
      issues.push({ code: 'duplicate_id', edgeId: edge.id, message: `two edges have the id "${edge.id}"` });
      continue;
    }
    seenEdges.add(edge.id);
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source || !target) {
      const missing = [!source && `source "${edge.source}"`, !target && `target "${edge.target}"`].filter(Boolean).join(' and ');
      issues.push({ code: 'dangling_edge', edgeId: edge.id, ...(source ? { nodeId: source.node.id } : {}), message: `edge ${edge.id} points at a missing ${missing}` });
      continue;
    }
    if (source.settings !== undefined && !source.def.outputs(source.settings as never).includes(edge.sourceHandle)) {
      issues.push({
        code: 'unknown_handle',
        edgeId: edge.id,
        nodeId: source.node.id,
        field: edge.sourceHandle,
        message: `${source.def.title} has no output "${edge.sourceHandle}" (outputs: ${source.def.outputs(source.settings as never).join(', ')})`,
      });
      continue;
    }
    if (target.def.category === 'trigger') {
      issues.push({ code: 'entry_has_inputs', edgeId: edge.id, nodeId: target.node.id, message: 'nothing can lead back into the start node' });
      continue;
    }
    const handles = out.get(edge.source) ?? new Map();
    if (handles.has(edge.sourceHandle)) {
      issues.push({ code: 'duplicate_edge', edgeId: edge.id, nodeId: edge.source, field: edge.sourceHandle, message: `output "${edge.sourceHandle}" is already connected (to "${handles.get(edge.sourceHandle).target}"); one output leads to one node` });
      continue;
    }
    handles.set(edge.sourceHandle, edge);
    out.set(edge.source, handles);
  }

  const cycles = findCycles(nodes, out);
  for (const cycle of cycles) issues.push({ code: 'cycle', nodeId: cycle[0]!, message: `cycle: ${[...cycle, cycle[0]].join(' → ')}` });

  const entry = entries[0];
  if (entry) {
    const reached = new Set<string>([entry.node.id]);
    const stack = [entry.node.id];
    while (stack.length) {
      for (const e of out.get(stack.pop()!)?.values() ?? []) {
        if (reached.has(e.target)) continue;
        reached.add(e.target);
        stack.push(e.target);
      }
    }
    for (const id of nodes.keys()) if (!reached.has(id)) issues.push({ code: 'unreachable', nodeId: id, message: 'no path from the start node leads here' });
  }

  const known = options.knownSuppliers ? new Set(options.knownSuppliers) : undefined;
  const facts = factCatalogue(flow.trigger);
  for (const n of nodes.values()) {
    if (n.settings === undefined) continue;
    const handles = out.get(n.node.id);
    const ctx: NodeCheckContext = { trigger: flow.trigger, facts, knownSuppliers: known, connected: (h) => handles?.has(h) ?? false };
    for (const i of n.def.check?.(n.settings as never, ctx) ?? []) issues.push({ code: i.code, nodeId: n.node.id, ...(i.field ? { field: i.field } : {}), message: i.message });
    for (const h of n.def.requiredOutputs?.(n.settings as never) ?? []) {
      if (!ctx.connected(h)) issues.push({ code: 'unconnected_handle', nodeId: n.node.id, field: h, message: `connect the "${h}" output` });
    }
  }

  if (!entry || issues.length > 0) return { ok: false, flow, issues };
  const graph: FlowGraph = { flow, nodes, out, entry };
  const max = options.maxPathsPerSegment ?? MAX_PATHS_PER_SEGMENT;
  for (const start of segmentStarts(graph)) {
    const count = countPaths(graph, start, new Map());
    if (count > max) {
      issues.push({ code: 'too_many_paths', nodeId: start, message: `${count} different paths lead on from here to the next actions (at most ${max}); combine conditions into a decision table` });
    }
  }
  return issues.length ? { ok: false, flow, issues } : { ok: true, flow, graph, issues: [] };
}

/** Nodes where evaluation starts: the entry's target and every action output's target. */
export function segmentStarts(graph: FlowGraph): string[] {
  const starts = new Set<string>();
  for (const n of graph.nodes.values()) {
    if (n.def.category !== 'trigger' && n.def.category !== 'action') continue;
    for (const h of n.def.outputs(n.settings as never)) {
      const t = targetOf(graph, n.node.id, h);
      if (t) starts.add(t.node.id);
    }
  }
  return [...starts];
}

function countPaths(graph: FlowGraph, nodeId: string, memo: Map<string, number>): number {
  const known = memo.get(nodeId);
  if (known !== undefined) return known;
  const n = graph.nodes.get(nodeId)!;
  let count = 1;
  if (n.def.category === 'condition' || n.def.category === 'table') {
    count = 0;
    for (const h of n.def.outputs(n.settings as never)) {
      const t = targetOf(graph, nodeId, h);
      count += t ? countPaths(graph, t.node.id, memo) : 1;
    }
  }
  memo.set(nodeId, count);
  return count;
}

/** Each elementary cycle found by a depth-first search (enough to point at every loop). */
function findCycles(nodes: Map<string, GraphNode>, out: Map<string, Map<string, { target: string }>>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (id: string) => {
    state.set(id, 'open');
    stack.push(id);
    for (const e of out.get(id)?.values() ?? []) {
      const s = state.get(e.target);
      if (s === 'open') cycles.push(stack.slice(stack.indexOf(e.target)));
      else if (s === undefined) visit(e.target);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of nodes.keys()) if (!state.has(id)) visit(id);
  return cycles;
}

/** A flow-shape problem, pointed at the node or edge it is in when the path goes through one. */
function shapeIssue(input: unknown, path: readonly PropertyKey[], message: string): FlowIssue {
  const [list, index, ...rest] = path;
  if ((list === 'nodes' || list === 'edges') && typeof index === 'number') {
    const item = (input as Record<string, unknown[]> | null)?.[list]?.[index] as { id?: unknown } | undefined;
    const id = typeof item?.id === 'string' ? item.id : undefined;
    if (id) {
      return { code: 'invalid_flow', ...(list === 'nodes' ? { nodeId: id } : { edgeId: id }), field: joinField('', rest).replace(/^\./, ''), message };
    }
  }
  return { code: 'invalid_flow', field: joinField('', path).replace(/^\./, '') || '(root)', message };
}
