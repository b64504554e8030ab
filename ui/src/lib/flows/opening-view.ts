/**
 * @module Where the canvas looks when a flow opens: a big flow on its start (the first nodes from it, at a
 * readable zoom), a small one whole. Computed before the canvas is drawn, from the sizes the nodes are given
 * up front (node-geometry.ts), so the canvas draws the nodes in view once; fitting the view after drawing
 * drew the nodes of a first, wrong view and then those of the right one.
 *
 * The same arithmetic as Svelte Flow's `fitView` with these options.
 */
import { getViewportForBounds, type Viewport } from '@xyflow/svelte';
import type { CanvasNode } from './canvas-model.ts';
import type { EditorFlow } from './flow-commands.ts';

/** From this many nodes on, a flow opens on its start and only what is on screen is drawn. */
export const BIG_FLOW = 150;
const OPENING_NODES = 6;
/** The canvas's own zoom limits (its `minZoom` / `maxZoom`). */
export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 2;

interface Fit {
  padding: number;
  minZoom?: number;
  maxZoom?: number;
  /** Only these nodes (all when absent). */
  nodes?: ReadonlySet<string>;
}

/** The start node and the first nodes after it (breadth first), to open a big flow on. */
export function openingNodes(flow: Pick<EditorFlow, 'nodes' | 'edges'>, count: number): Set<string> {
  const start = flow.nodes.find((n) => n.type === 'trigger') ?? flow.nodes[0];
  if (!start) return new Set();
  const next = new Map<string, string[]>();
  for (const e of flow.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set([start.id]);
  const queue = [start.id];
  while (queue.length && seen.size < count) {
    for (const id of next.get(queue.shift()!) ?? []) {
      if (seen.size >= count) break;
      if (!seen.has(id)) {
        seen.add(id);
        queue.push(id);
      }
    }
  }
  return seen;
}

function openingFit(flow: Pick<EditorFlow, 'nodes' | 'edges'>): Fit {
  return flow.nodes.length > BIG_FLOW ? { padding: 0.2, minZoom: 0.85, maxZoom: 1, nodes: openingNodes(flow, OPENING_NODES) } : { padding: 0.15, maxZoom: 1.2 };
}

/** The viewport a flow opens with on a canvas `width` × `height` pixels. */
export function openingViewport(flow: Pick<EditorFlow, 'nodes' | 'edges'>, nodes: readonly CanvasNode[], width: number, height: number): Viewport {
  const fit = openingFit(flow);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const n of nodes) {
    const w = n.measured?.width;
    const h = n.measured?.height;
    if (!w || !h || n.hidden || (fit.nodes && !fit.nodes.has(n.id))) continue;
    x0 = Math.min(x0, n.position.x);
    y0 = Math.min(y0, n.position.y);
    x1 = Math.max(x1, n.position.x + w);
    y1 = Math.max(y1, n.position.y + h);
  }
  // Nothing to fit (an empty flow): Svelte Flow's default view.
  if (x0 === Infinity) return { x: 0, y: 0, zoom: 1 };
  return getViewportForBounds({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, width, height, fit.minZoom ?? MIN_ZOOM, fit.maxZoom ?? MAX_ZOOM, fit.padding);
}
