/**
 * @module A flow as a graph the validator and the compiler can walk: nodes with their parsed settings and
 * node type, and for each node the edge leaving each output handle.
 */
import type { AnyNodeDefinition } from '../nodes/define-node.ts';
import type { Flow, FlowEdge, FlowNode } from './flow.ts';

export interface GraphNode {
  node: FlowNode;
  def: AnyNodeDefinition;
  /** Settings after the node type's schema (defaults applied). */
  settings: unknown;
}

export interface FlowGraph {
  flow: Flow;
  nodes: Map<string, GraphNode>;
  /** `out.get(nodeId).get(handle)`: the edge leaving that handle. */
  out: Map<string, Map<string, FlowEdge>>;
  entry: GraphNode;
}

export function targetOf(graph: FlowGraph, nodeId: string, handle: string): GraphNode | undefined {
  const edge = graph.out.get(nodeId)?.get(handle);
  return edge ? graph.nodes.get(edge.target) : undefined;
}

/** Nodes in an order where every edge goes forward (the graph is acyclic once validated). */
export function topologicalOrder(graph: FlowGraph): string[] {
  const indegree = new Map<string, number>([...graph.nodes.keys()].map((id) => [id, 0]));
  for (const handles of graph.out.values()) for (const e of handles.values()) indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
  // Start from the entry, then any other source, in the order the flow lists them (stable output).
  const ready = [...graph.nodes.keys()].filter((id) => indegree.get(id) === 0).sort((a, b) => (a === graph.entry.node.id ? -1 : b === graph.entry.node.id ? 1 : 0));
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    const handles = graph.out.get(id);
    if (!handles) continue;
    const def = graph.nodes.get(id)!;
    for (const h of def.def.outputs(def.settings as never)) {
      const e = handles.get(h);
      if (!e) continue;
      const d = (indegree.get(e.target) ?? 0) - 1;
      indegree.set(e.target, d);
      if (d === 0) ready.push(e.target);
    }
  }
  return order;
}
