/**
 * @module Catalog mapping (store SKU ↔ supplier SKU, priority, cost) and supplier stock.
 *
 * Stock is kept per supplier SKU, as suppliers report it; routing joins it through the mapping.
 */
import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../db/database.ts';
import { upsertRuns } from '../db/upsert-runs.ts';

export interface CatalogItemInput {
  supplierId: string;
  supplierSku: string;
  sku: string;
  /** GTIN-14 (see gtin.ts: validated and normalised before it gets here). */
  gtin?: string | null;
  priority?: number;
  cost?: string | null;
  currency?: string | null;
}

/** Rows per upsert statement: eight parameters a row, well inside both databases' limits. */
const UPSERT_ROWS = 1_000;

export interface Candidate {
  supplierId: string;
  supplierSku: string;
  sku: string;
  priority: number;
  cost: string | null;
  currency: string | null;
  /** null when the supplier never reported stock for the item. */
  stock: number | null;
  stockUpdatedAt: number | null;
}

export class CatalogRepository {
  constructor(private readonly db: Database) {}

  async upsertItems(tx: Queryable, items: CatalogItemInput[], now: number): Promise<void> {
    const t = this.db.t.catalogItems;
    const excluded = (column: { name: string }) => sql.raw(`excluded."${column.name}"`);
    const set = { sku: excluded(t.sku), gtin: excluded(t.gtin), priority: excluded(t.priority), cost: excluded(t.cost), currency: excluded(t.currency), updatedAt: now };
    for (const run of upsertRuns(items, (i) => `${i.supplierId}\u0000${i.supplierSku}`, () => '', UPSERT_ROWS)) {
      const rows = run.map((item) => ({
        supplierId: item.supplierId,
        supplierSku: item.supplierSku,
        sku: item.sku,
        gtin: item.gtin ?? null,
        priority: item.priority ?? 100,
        cost: item.cost ?? null,
        currency: item.currency ?? null,
        updatedAt: now,
      }));
      await tx.insert(t).values(rows).onConflictDoUpdate({ target: [t.supplierId, t.supplierSku], set });
    }
  }

  /** Every supplier item mapped to one of `skus`, with its reported stock. */
  async candidates(tx: Queryable, skus: string[]): Promise<Candidate[]> {
    if (skus.length === 0) return [];
    const c = this.db.t.catalogItems;
    const s = this.db.t.supplierStock;
    const rows = await tx
      .select({
        supplierId: c.supplierId,
        supplierSku: c.supplierSku,
        sku: c.sku,
        priority: c.priority,
        cost: c.cost,
        currency: c.currency,
        stock: s.quantity,
        stockUpdatedAt: s.updatedAt,
      })
      .from(c)
      .leftJoin(s, and(eq(s.supplierId, c.supplierId), eq(s.supplierSku, c.supplierSku)))
      .where(inArray(c.sku, skus))
      .orderBy(c.priority, c.supplierId);
    return rows;
  }

  /** Applies a stock feed. A full feed also zeroes the supplier's items it no longer lists. */
  async applyStock(tx: Queryable, supplierId: string, items: { sku: string; quantity: number }[], full: boolean, now: number): Promise<void> {
    const s = this.db.t.supplierStock;
    for (const item of items) {
      await tx
        .insert(s)
        .values({ supplierId, supplierSku: item.sku, quantity: item.quantity, updatedAt: now })
        .onConflictDoUpdate({ target: [s.supplierId, s.supplierSku], set: { quantity: item.quantity, updatedAt: now } });
    }
    if (full) {
      await tx
        .update(s)
        .set({ quantity: 0, updatedAt: now })
        .where(and(eq(s.supplierId, supplierId), items.length ? notInArray(s.supplierSku, items.map((i) => i.sku)) : undefined));
    }
  }

  /**
   * Takes `quantity` off the stock we believe a supplier has, so the next order doesn't count it twice.
   * `updated_at` stays the feed's time: it tells how fresh the supplier's own figure is.
   */
  async reserve(tx: Queryable, supplierId: string, supplierSku: string, quantity: number): Promise<void> {
    const s = this.db.t.supplierStock;
    await tx
      .update(s)
      .set({ quantity: sql`case when ${s.quantity} > ${quantity} then ${s.quantity} - ${quantity} else 0 end` })
      .where(and(eq(s.supplierId, supplierId), eq(s.supplierSku, supplierSku)));
  }

  /** Applies a supplier's price feed: cost on the mapping, MSRP and MAP (when given) beside it. */
  async applyPrices(
    tx: Queryable,
    supplierId: string,
    currency: string,
    items: { sku: string; cost: string; msrp?: string; map?: string }[],
    now: number,
  ): Promise<void> {
    const c = this.db.t.catalogItems;
    for (const item of items) {
      await tx.update(c).set({ cost: item.cost, currency, updatedAt: now }).where(and(eq(c.supplierId, supplierId), eq(c.supplierSku, item.sku)));
    }
    await this.applyItemPrices(tx, supplierId, items, now);
  }

  /** MSRP and MAP of supplier items; a field left out keeps its stored value. */
  async applyItemPrices(tx: Queryable, supplierId: string, items: { sku: string; msrp?: string; map?: string }[], now: number): Promise<void> {
    const p = this.db.t.catalogItemPrices;
    for (const item of items) {
      if (item.msrp === undefined && item.map === undefined) continue;
      const set = { ...(item.msrp !== undefined ? { msrp: item.msrp } : {}), ...(item.map !== undefined ? { map: item.map } : {}), updatedAt: now };
      await tx
        .insert(p)
        .values({ supplierId, supplierSku: item.sku, msrp: item.msrp ?? null, map: item.map ?? null, updatedAt: now })
        .onConflictDoUpdate({ target: [p.supplierId, p.supplierSku], set });
    }
  }

  /** Every supplier item mapped to one of `skus` with its MSRP and MAP, best priority first. */
  async pricedCandidates(tx: Queryable, skus: string[]): Promise<(Candidate & { msrp: string | null; map: string | null })[]> {
    if (skus.length === 0) return [];
    const c = this.db.t.catalogItems;
    const s = this.db.t.supplierStock;
    const p = this.db.t.catalogItemPrices;
    return tx
      .select({
        supplierId: c.supplierId,
        supplierSku: c.supplierSku,
        sku: c.sku,
        priority: c.priority,
        cost: c.cost,
        currency: c.currency,
        stock: s.quantity,
        stockUpdatedAt: s.updatedAt,
        msrp: p.msrp,
        map: p.map,
      })
      .from(c)
      .leftJoin(s, and(eq(s.supplierId, c.supplierId), eq(s.supplierSku, c.supplierSku)))
      .leftJoin(p, and(eq(p.supplierId, c.supplierId), eq(p.supplierSku, c.supplierSku)))
      .where(inArray(c.sku, skus))
      .orderBy(c.sku, c.priority, c.supplierId);
  }
}
