import { describe, expect, it } from 'vitest';
import { HANDLE_SIZE, NODE_WIDTH, nodeGeometry } from './node-geometry.ts';

const shape = { hasInput: true, caption: false, summary: true, issue: false, run: false, seenRows: 0, outputs: ['out', 'none'] };

describe('nodeGeometry', () => {
  it('grows with what the node shows and puts one source handle per output, top to bottom', () => {
    const plain = nodeGeometry(shape, 'in');
    const busy = nodeGeometry({ ...shape, caption: true, issue: true, run: true, seenRows: 3 }, 'in');
    expect(plain.width).toBe(NODE_WIDTH);
    expect(busy.height).toBeGreaterThan(plain.height);
    const [out, none, input] = plain.handles;
    expect(out).toMatchObject({ id: 'out', type: 'source', x: NODE_WIDTH - 1.5 - HANDLE_SIZE / 2 });
    expect(none!.y - out!.y).toBe(19);
    expect(none!.y + HANDLE_SIZE).toBeLessThan(plain.height);
    expect(input).toMatchObject({ id: 'in', type: 'target', y: plain.height / 2 - HANDLE_SIZE / 2 });
  });

  it('gives the start node no input', () => {
    expect(nodeGeometry({ ...shape, hasInput: false, summary: false, outputs: ['out'] }, 'in').handles.map((h) => h.type)).toEqual(['source']);
  });
});
