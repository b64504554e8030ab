/**
 * The snapshot that filters a long feed, on both databases: it tells what of a row may differ from what
 * is stored (quantity, cost, both), reads the same whether it walks the key (no size hint) or reads the
 * table in physical order (PostgreSQL, a hint as large as the table) or in a worker thread (SQLite, a
 * large hint), a page or several, and grows without losing items.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogRepository } from '../catalog/catalog-repository.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../db/testing.ts';
import type { PackedRows } from './feed-parser.ts';
import { InventoryStatements } from './inventory-statements.ts';
import { COST_MAY_DIFFER, QUANTITY_MAY_DIFFER } from './pending-changes.ts';
import { StockSnapshot } from './stock-snapshot.ts';

const Q = QUANTITY_MAY_DIFFER;
const C = COST_MAY_DIFFER;
const ITEMS = 3_000;
const sku = (i: number) => `S-${i}`;

describe.each(DIALECTS)('stock snapshot on %s', (dialect) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(dialect);
    const st = new InventoryStatements(t.db);
    await t.db.transaction(async (tx) => {
      // Stock for every item, a mapping (with a cost, or none) for all but the last hundred.
      await new CatalogRepository(t.db).upsertItems(
        tx,
        Array.from({ length: ITEMS - 100 }, (_, i) => ({ supplierId: 'sup', supplierSku: sku(i), sku: `P-${i}`, cost: i % 2 ? '5.00' : null, currency: 'USD' })),
        1,
      );
      await st.writeStock(tx, 'sup', Array.from({ length: ITEMS }, (_, i) => ({ sku: sku(i), quantity: i % 7 })), 1);
      // Another supplier's rows are not in this supplier's snapshot.
      await st.writeStock(tx, 'other', [{ sku: sku(1), quantity: 99 }], 1);
    });
    if (t.db.native.dialect === 'postgres') await t.db.native.pool.query('ANALYZE supplier_stock; ANALYZE catalog_items');
  }, 60_000);
  afterAll(() => t?.cleanup());

  const row = (i: number, quantity: number, cost: string | null) => ({ sku: sku(i), quantity, cost });

  // Pages of 700 rows: several per table. A hint of 200,000: SQLite reads in a worker thread (snapshot-read-worker.mjs).
  for (const [hint, pageRows] of [
    [0, undefined],
    [ITEMS, undefined],
    [0, 700],
    [200_000, 700],
  ] as const) {
    it(`tells what of a row may differ (size hint ${hint}, pages of ${pageRows ?? 'default'})`, async () => {
      const snap = await StockSnapshot.load(t.db, 'sup', hint, pageRows);
      expect(snap.size).toBe(ITEMS);
      expect(snap.differs(row(1, 1, '5.00'))).toBe(0);
      expect(snap.differs(row(1, 1, null))).toBe(0);
      expect(snap.differs(row(1, 2, '5.00'))).toBe(Q);
      expect(snap.differs(row(1, 1, '6.00'))).toBe(C);
      expect(snap.differs(row(1, 2, '6.00'))).toBe(Q | C);
      // Written differently, checked exactly: "5.0" against "5.00".
      expect(snap.differs(row(1, 1, '5.0'))).toBe(C);
      // A mapping without a cost takes one.
      expect(snap.differs(row(2, 2, '5.00'))).toBe(C);
      // An unmapped item's cost changes nothing.
      expect(snap.differs(row(ITEMS - 1, (ITEMS - 1) % 7, '1.00'))).toBe(0);
      // An item not stored at all.
      expect(snap.differs(row(ITEMS + 5, 0, null))).toBe(Q);
      expect(snap.differs(row(ITEMS + 5, 0, '1.00'))).toBe(Q | C);
      // What was sent on is what later lines of the feed are compared with.
      snap.note(row(3, 40, '7.00'));
      expect(snap.differs(row(3, 40, '7.00'))).toBe(0);
      expect(snap.differs(row(3, 3, '5.00'))).toBe(Q | C);
    });
  }

  it('checks a packed batch in feed order, a later line of a SKU against the earlier one', async () => {
    const snap = await StockSnapshot.load(t.db, 'sup', ITEMS);
    const rows = [
      row(13, 13 % 7, '5.00'), // as stored
      row(11, 11 % 7, '6.00'), // a new cost
      row(12, 6, null), // a new quantity
      row(12, 12 % 7, null), // back to what is stored: differs from the line before it
      row(ITEMS + 7, 1, '2.00'), // unknown: quantity and cost
      row(ITEMS + 7, 1, '2.00'), // the same again: as the line before it left it
      row(ITEMS - 1, (ITEMS - 1) % 7, '9.99'), // unmapped: its cost changes nothing
    ];
    const out = new Uint8Array(rows.length);
    expect(snap.filter(packed(rows), out)).toBe(4);
    expect([...out]).toEqual([0, C, Q, Q, Q | C, 0, 0]);
    expect(snap.differs(row(12, 12 % 7, null))).toBe(0);
  });

  it('grows while it checks a batch of items it lacks, and keeps them', async () => {
    const snap = await StockSnapshot.load(t.db, 'sup', 1);
    const fresh = Array.from({ length: 20_000 }, (_, i) => row(ITEMS + 100 + i, i % 5, null));
    const out = new Uint8Array(fresh.length);
    expect(snap.filter(packed(fresh), out)).toBe(fresh.length);
    expect(snap.size).toBe(ITEMS + fresh.length);
    expect(fresh.every((r) => snap.differs(r) === 0)).toBe(true);
    expect(snap.differs(row(5, 5 % 7, null))).toBe(0);
  });
});

/** Rows packed as the feed parser hands them over (see feed-parser.ts). */
function packed(rows: { sku: string; quantity: number; cost: string | null }[]): PackedRows {
  const ends = (parts: string[]) => {
    let end = 0;
    return Uint32Array.from(parts, (p) => (end += p.length));
  };
  const costs = rows.map((r) => r.cost ?? '');
  return {
    count: rows.length,
    skus: rows.map((r) => r.sku).join(''),
    skuEnds: ends(rows.map((r) => r.sku)),
    quantities: Float64Array.from(rows, (r) => r.quantity),
    costs: costs.join(''),
    costEnds: ends(costs),
  };
}
