/**
 * @module Automatic layout with elkjs's layered algorithm: the flow reads left to right from the start
 * node, each node's outputs leave in the order the node type declares them (true above false, table
 * outcomes in row order), and edges cross as little as it can manage.
 *
 * elkjs (about 1.5 MB) is loaded on first use, not with the editor.
 */
import { onDemand } from '../loading/on-demand.ts';
import type { Position } from './flow-commands.ts';
import { nodeOutputs } from './catalogue.ts';
import type { EditorFlow } from './flow-commands.ts';

export interface NodeSize {
  width: number;
  height: number;
}

export const DEFAULT_NODE_SIZE: NodeSize = { width: 220, height: 80 };

interface ElkPort {
  id: string;
  layoutOptions?: Record<string, string>;
}

interface ElkNode {
  id: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  ports?: ElkPort[];
  layoutOptions?: Record<string, string>;
  children?: ElkNode[];
  edges?: { id: string; sources: string[]; targets: string[] }[];
}

interface Elk {
  layout(graph: ElkNode): Promise<ElkNode>;
}

const elk = onDemand(() =>
  import('elkjs/lib/elk.bundled.js').then((m): Elk => {
    const ELK = (m as unknown as { default: new () => Elk }).default;
    return new ELK();
  }),
);

/** The graph elkjs lays out: nodes with their measured sizes, one port per output, in order. */
export function elkGraph(flow: EditorFlow, sizes: ReadonlyMap<string, NodeSize>): ElkNode {
  const ids = new Set(flow.nodes.map((n) => n.id));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      'elk.spacing.nodeNode': '40',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.crossingMinimization.semiInteractive': 'true',
    },
    children: flow.nodes.map((n) => {
      const size = sizes.get(n.id) ?? DEFAULT_NODE_SIZE;
      return {
        id: n.id,
        width: size.width,
        height: size.height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
        ports: [
          { id: `${n.id}::in`, layoutOptions: { 'elk.port.side': 'WEST' } },
          ...nodeOutputs(n.type, n.settings).map((h, i) => ({ id: `${n.id}::out::${h}`, layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(i) } })),
        ],
      };
    }),
    edges: flow.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ id: e.id, sources: [`${e.source}::out::${e.sourceHandle}`], targets: [`${e.target}::in`] })),
  };
}

/** New positions for every node, the start node's layer on the left. */
export async function layoutFlow(flow: EditorFlow, sizes: ReadonlyMap<string, NodeSize> = new Map()): Promise<Map<string, Position>> {
  const graph = elkGraph(flow, sizes);
  // An edge from an output that no longer exists (an invalid draft) would make elkjs throw: drop it.
  const ports = new Set(graph.children!.flatMap((c) => c.ports!.map((p) => p.id)));
  graph.edges = graph.edges!.filter((e) => ports.has(e.sources[0]!) && ports.has(e.targets[0]!));
  const laid = await (await elk.load()).layout(graph);
  return new Map((laid.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
}
