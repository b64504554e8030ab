import { describe, expect, it } from 'vitest';
import type { SimulationResult } from './api-types.ts';
import { connect, normalizeDraft } from './flow-commands.ts';
import { formatFactValue, runOverlay } from './run-overlay.ts';

const flow = () => {
  let f = normalizeDraft({
    schemaVersion: 1,
    id: 'f',
    name: 'F',
    trigger: 'order.received',
    nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, settings: {} },
      { id: 'is-us', type: 'condition', position: { x: 0, y: 0 }, settings: {} },
      { id: 'us', type: 'route-to-supplier', position: { x: 0, y: 0 }, settings: { supplierId: 'a' } },
      { id: 'eu', type: 'route-to-supplier', position: { x: 0, y: 0 }, settings: { supplierId: 'b' } },
      { id: 'hold', type: 'hold', position: { x: 0, y: 0 }, settings: { reason: 'r' } },
    ],
    edges: [],
  } as never);
  f = connect(f, 'start', 'out', 'is-us');
  f = connect(f, 'is-us', 'true', 'us');
  f = connect(f, 'is-us', 'false', 'eu');
  return connect(f, 'us', 'none', 'hold');
};

const result = (nodes: SimulationResult['nodes']): SimulationResult => ({ orderNumber: '#1', draft: { error: 'n/a' }, published: null, diff: null, nodes });

describe('runOverlay', () => {
  it('lights the nodes the order went through and only the branch a condition took', () => {
    const overlay = runOverlay(flow(), result([{ nodeId: 'is-us', outcome: 'true', facts: { 'order.shippingAddress.country': 'US' } }, { nodeId: 'us', outcome: 'a' }]));
    expect([...overlay.nodes.keys()].sort()).toEqual(['is-us', 'start', 'us']);
    expect([...overlay.edges].sort()).toEqual(['e-is-us-true', 'e-start-out']);
    expect(overlay.nodes.get('is-us')!.results[0]!.facts).toEqual({ 'order.shippingAddress.country': 'US' });
  });

  it('keeps both branches of a line-level condition that sent lines both ways', () => {
    const overlay = runOverlay(flow(), result([{ nodeId: 'is-us', outcome: 'true' }, { nodeId: 'is-us', outcome: 'false' }, { nodeId: 'us', outcome: 'a' }, { nodeId: 'eu', outcome: 'b' }]));
    expect(overlay.nodes.get('is-us')!.outcomes).toEqual(['true', 'false']);
    expect(overlay.edges.has('e-is-us-true') && overlay.edges.has('e-is-us-false')).toBe(true);
    expect(overlay.edges.has('e-us-none')).toBe(false);
  });

  it('formats fact values short', () => {
    expect(formatFactValue(undefined)).toBe('—');
    expect(formatFactValue(['US', 'CA'])).toBe('["US","CA"]');
    expect(formatFactValue('x'.repeat(200)).length).toBe(200);
    expect(formatFactValue({ a: 'x'.repeat(200) }).endsWith('…')).toBe(true);
  });
});
