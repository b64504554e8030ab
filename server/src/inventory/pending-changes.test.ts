/** Held feed rows come out in SKU order, one per SKU (its last line, flagged with all its lines' flags), in chunks. */
import { describe, expect, it } from 'vitest';
import { COST_MAY_DIFFER, PendingChanges, QUANTITY_MAY_DIFFER } from './pending-changes.ts';

const Q = QUANTITY_MAY_DIFFER;
const C = COST_MAY_DIFFER;

describe('PendingChanges', () => {
  it('hands rows over in SKU order, in chunks, and starts empty', () => {
    const p = new PendingChanges();
    p.add('C', 3, '1.50', Q);
    p.add('A', 1, null, Q);
    p.add('B', 2, '2.00', C);
    expect(p.size).toBe(3);
    expect([...p.drain(2)]).toEqual([
      [
        { sku: 'A', quantity: 1, cost: null, differs: Q },
        { sku: 'B', quantity: 2, cost: '2.00', differs: C },
      ],
      [{ sku: 'C', quantity: 3, cost: '1.50', differs: Q }],
    ]);
    expect(p.size).toBe(0);
    expect([...p.drain(2)]).toEqual([]);
  });

  it('keeps the last line of a SKU listed more than once, flagged with what any of its lines flagged', () => {
    const p = new PendingChanges();
    p.add('PEN', 9, '5.00', Q);
    p.add('MUG', 1, '4.00', C);
    p.add('PEN', 8, '5.50', C);
    expect([...p.drain(10)]).toEqual([
      [
        { sku: 'MUG', quantity: 1, cost: '4.00', differs: C },
        { sku: 'PEN', quantity: 8, cost: '5.50', differs: Q | C },
      ],
    ]);
  });

  it('holds many rows across its blocks, and a long SKU or cost, as given', () => {
    const p = new PendingChanges();
    const n = 10_000;
    const sku = (i: number) => `SKU-${String((i * 7_919) % n).padStart(5, '0')}-${'x'.repeat(i % 40)}`;
    for (let i = 0; i < n; i++) p.add(sku(i), i, i % 3 === 0 ? null : `${i}.25`, i % 2 ? Q : C);
    const rows = [...p.drain(3_000)];
    expect(rows.map((c) => c.length)).toEqual([3_000, 3_000, 3_000, 1_000]);
    const all = rows.flat();
    expect(all.map((r) => r.sku)).toEqual(Array.from({ length: n }, (_, i) => sku(i)).sort());
    for (const r of all) {
      const i = r.quantity;
      expect(r).toEqual({ sku: sku(i), quantity: i, cost: i % 3 === 0 ? null : `${i}.25`, differs: i % 2 ? Q : C });
    }
  });
});
