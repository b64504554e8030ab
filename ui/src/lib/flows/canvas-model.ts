/**
 * @module The draft drawn as Svelte Flow nodes and edges, with what the editor knows about each node on
 * top: its validation issues, what it did in the last test run, how it differs in a compared version.
 *
 * Svelte Flow re-measures a node whose object changed, so objects are reused whenever nothing about the
 * node changed: editing one node of 300 creates one new object. Properties Svelte Flow keeps on the objects
 * (measured size, selection, a position dragged but not yet recorded) carry over to the new ones.
 */
import type { FlowIssue, FlowNode, NodeCategory } from '@dropline/rules';
import type { Edge, Node } from '@xyflow/svelte';
import { nodeInfo, nodeOutputs } from './catalogue.ts';
import type { ChangeKind } from './flow-diff.ts';
import type { EditorFlow } from './flow-commands.ts';
import { sameIssues } from './issues.ts';
import { nodeGeometry } from './node-geometry.ts';
import { nodeSummary } from './node-summary.ts';
import type { NodeRun } from './run-overlay.ts';

export const CANVAS_NODE_TYPE = 'flow-node';
export const TARGET_HANDLE = 'in';

export interface CanvasNodeData extends Record<string, unknown> {
  nodeType: string;
  typeTitle: string;
  category: NodeCategory | 'unknown';
  routes: boolean;
  label?: string;
  summary: string;
  outputs: string[];
  issues: FlowIssue[];
  run?: NodeRun;
  /** The run's outcomes as people read them (a supplier's name rather than its id). */
  outcomeLabels?: string[];
  /** Set while the canvas shows a test run: the order did not come here. */
  skipped?: boolean;
  diff?: ChangeKind;
}

export type CanvasNode = Node<CanvasNodeData, typeof CANVAS_NODE_TYPE>;
export type CanvasEdge = Edge<{ handle: string }>;

export interface Decorations {
  issues: ReadonlyMap<string, FlowIssue[]>;
  run?: { nodes: ReadonlyMap<string, NodeRun>; edges: ReadonlySet<string> } | undefined;
  diff?: { nodes: ReadonlyMap<string, ChangeKind>; edges: ReadonlyMap<string, ChangeKind> } | undefined;
  names: Readonly<Record<string, string>>;
  /** Select exactly these nodes (after a paste); otherwise selection is kept. */
  select?: ReadonlySet<string> | undefined;
  readonly?: boolean;
}

interface CachedNode {
  node: FlowNode;
  data: CanvasNodeData;
  canvas: CanvasNode;
}

export class CanvasModel {
  #nodes = new Map<string, CachedNode>();
  #edges = new Map<string, { key: string; canvas: CanvasEdge }>();
  #names: Readonly<Record<string, string>> | undefined;

  /** The nodes to draw; `current` is what Svelte Flow holds now (bound array). */
  nodes(flow: Pick<EditorFlow, 'nodes'> & { edges?: unknown }, deco: Decorations, current: readonly CanvasNode[]): CanvasNode[] {
    const namesChanged = deco.names !== this.#names;
    this.#names = deco.names;
    const currentById = new Map(current.map((n) => [n.id, n]));
    const seen = new Set<string>();
    const out: CanvasNode[] = [];
    for (const node of flow.nodes) {
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      const cached = this.#nodes.get(node.id);
      const cur = currentById.get(node.id);
      const sameNode = cached?.node === node;
      const data = sameNode && !namesChanged ? this.#decorate(cached.data, node, deco) : this.#decorate(undefined, node, deco);
      const selected = deco.select ? deco.select.has(node.id) : (cur?.selected ?? false);
      if (sameNode && cur && data === cached.data && Boolean(cur.selected) === selected && (cur.draggable !== false) === !deco.readonly) {
        out.push(cur);
        this.#nodes.set(node.id, { node, data, canvas: cur });
        continue;
      }
      const geometry = nodeGeometry(shapeOf(data), TARGET_HANDLE);
      const canvas: CanvasNode = {
        ...(cur ?? {}),
        id: node.id,
        type: CANVAS_NODE_TYPE,
        // The canvas may hold a position dragged but not yet recorded; a changed node brings its own.
        position: sameNode && cur ? cur.position : { ...node.position },
        data,
        selected,
        // Size and handles known up front: Svelte Flow can draw edges to nodes it has not drawn yet.
        initialWidth: geometry.width,
        initialHeight: geometry.height,
        handles: geometry.handles,
        measured: cur?.measured?.width && cur.measured.height ? cur.measured : { width: geometry.width, height: geometry.height },
        ...(deco.readonly ? { draggable: false, connectable: false, deletable: false } : { draggable: true, connectable: true, deletable: true }),
      };
      out.push(canvas);
      this.#nodes.set(node.id, { node, data, canvas });
    }
    for (const id of [...this.#nodes.keys()]) if (!seen.has(id)) this.#nodes.delete(id);
    return out;
  }

  edges(flow: Pick<EditorFlow, 'edges'>, deco: Decorations, current: readonly CanvasEdge[], diffKey?: (e: EditorFlow['edges'][number]) => string): CanvasEdge[] {
    const currentById = new Map(current.map((e) => [e.id, e]));
    const out: CanvasEdge[] = [];
    const seen = new Set<string>();
    for (const e of flow.edges) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      const taken = deco.run?.edges.has(e.id) ?? false;
      const diff = diffKey ? deco.diff?.edges.get(diffKey(e)) : undefined;
      const cls = [taken ? 'is-taken' : deco.run ? 'is-skipped' : '', diff && diff !== 'same' ? `is-${diff}` : ''].filter(Boolean).join(' ');
      const key = `${e.source}|${e.sourceHandle}|${e.target}|${cls}|${deco.readonly ? 'r' : 'w'}`;
      const cached = this.#edges.get(e.id);
      const cur = currentById.get(e.id);
      if (cached?.key === key && cur) {
        out.push(cur);
        continue;
      }
      const canvas: CanvasEdge = {
        id: e.id,
        source: e.source,
        sourceHandle: e.sourceHandle,
        target: e.target,
        targetHandle: TARGET_HANDLE,
        selected: cur?.selected ?? false,
        class: cls,
        animated: taken,
        data: { handle: e.sourceHandle },
        ariaLabel: `Edge from ${e.source} (${e.sourceHandle}) to ${e.target}`,
        ...(deco.readonly ? { selectable: false, deletable: false } : {}),
      };
      this.#edges.set(e.id, { key, canvas });
      out.push(canvas);
    }
    for (const id of [...this.#edges.keys()]) if (!seen.has(id)) this.#edges.delete(id);
    return out;
  }

  /** The node's data: `previous` itself when nothing in it changed. */
  #decorate(previous: CanvasNodeData | undefined, node: FlowNode, deco: Decorations): CanvasNodeData {
    const issues = deco.issues.get(node.id) ?? [];
    const run = deco.run?.nodes.get(node.id);
    const skipped = deco.run !== undefined && run === undefined;
    const diff = deco.diff?.nodes.get(node.id);
    if (previous && sameIssues(previous.issues, issues) && previous.run === run && Boolean(previous.skipped) === skipped && previous.diff === diff) return previous;
    const info = nodeInfo(node.type);
    return {
      nodeType: node.type,
      typeTitle: info?.title ?? node.type,
      category: info?.category ?? 'unknown',
      routes: info?.routes ?? false,
      ...(node.label ? { label: node.label } : {}),
      summary: nodeSummary(node, deco.names),
      outputs: nodeOutputs(node.type, node.settings),
      issues: previous && sameIssues(previous.issues, issues) ? previous.issues : issues,
      ...(run ? { run, outcomeLabels: run.outcomes.map((o) => deco.names[o] ?? o) } : {}),
      ...(skipped ? { skipped } : {}),
      ...(diff ? { diff } : {}),
    };
  }
}

/** What a node shows, which decides its size (see node-geometry.ts and flow-node.svelte). */
export function shapeOf(data: CanvasNodeData) {
  return {
    hasInput: data.category !== 'trigger',
    caption: Boolean(data.label),
    summary: Boolean(data.summary),
    issue: data.issues.length > 0,
    run: (data.run?.outcomes.length ?? 0) > 0,
    seenRows: Math.min(SEEN_ROWS, Object.keys(data.run?.results[0]?.facts ?? {}).length),
    outputs: data.outputs,
  };
}

/** Fact values a node shows from a test run, at most. */
export const SEEN_ROWS = 3;
