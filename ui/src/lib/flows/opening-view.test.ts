import { describe, expect, it } from 'vitest';
import type { CanvasNode } from './canvas-model.ts';
import { BIG_FLOW, openingNodes, openingViewport } from './opening-view.ts';

function chain(count: number) {
  const nodes = Array.from({ length: count }, (_, i) => ({ id: i === 0 ? 'start' : `n${i}`, type: i === 0 ? 'trigger' : 'hold', position: { x: i * 300, y: 0 }, settings: {} }));
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, sourceHandle: 'out', target: n.id }));
  const canvas = nodes.map((n) => ({ id: n.id, position: n.position, data: {}, measured: { width: 220, height: 80 } })) as unknown as CanvasNode[];
  return { flow: { nodes, edges }, canvas };
}

describe('opening view', () => {
  it('opens a big flow on its start and the first nodes after it', () => {
    const { flow } = chain(BIG_FLOW + 1);
    expect([...openingNodes(flow, 6)]).toEqual(['start', 'n1', 'n2', 'n3', 'n4', 'n5']);
  });

  it('fits those nodes at a readable zoom, whatever the flow around them', () => {
    const { flow, canvas } = chain(BIG_FLOW + 1);
    // Six nodes span 1,720 px: at the lowest readable zoom (0.85) they overflow 1,000 px and are centred.
    expect(openingViewport(flow, canvas, 1000, 800)).toEqual({ x: 500 - 860 * 0.85, y: 400 - 40 * 0.85, zoom: 0.85 });
  });

  it('shows a small flow whole', () => {
    const { flow, canvas } = chain(3);
    const { x, y, zoom } = openingViewport(flow, canvas, 1000, 800);
    // All 820 × 80 px of it on the 1,000 × 800 px canvas, with a margin, at no more than 1.2×.
    expect(zoom).toBeGreaterThan(1);
    expect(zoom).toBeLessThanOrEqual(1.2);
    expect(x).toBeGreaterThan(0);
    expect(x + 820 * zoom).toBeLessThan(1000);
    expect(y + 40 * zoom).toBeCloseTo(400, 5);
    expect(openingViewport({ nodes: [], edges: [] }, [], 1000, 800)).toEqual({ x: 0, y: 0, zoom: 1 });
  });
});
