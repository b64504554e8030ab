/**
 * The snapshot that filters a long feed, on both databases: it tells what of a row may differ from what
 * is stored (quantity, cost, both), reads the same whether it walks the key (no size hint) or reads the
 * table in physical order (PostgreSQL, a hint as large as the table) or in a worker thread (SQLite, a
 * large hint), a page or several, and grows without losing items.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogRepository } from '../catalog/catalog-repository.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../db/testing.ts';
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
      snap.noteAt(sku(3), 0, sku(3).length, 40, '7.00', 0, 4);
      expect(snap.differs(row(3, 40, '7.00'))).toBe(0);
      expect(snap.differs(row(3, 3, '5.00'))).toBe(Q | C);
    });
  }
});
