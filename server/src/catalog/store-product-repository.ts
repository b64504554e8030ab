/**
 * @module The stores' own products (SKU, barcode, brand, category, price) as the hub knows them, with
 * the per-product safety buffer and the quantity and price last queued for the store.
 *
 * Admins import them (JSON or CSV); the mapping to supplier items is by SKU or barcode.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { MoneySchema, type FieldIssue } from '@dropline/connectors/model';
import { ValidationError } from '@dropline/connectors/sdk';
import type { Database, Queryable } from '../db/database.ts';
import { upsertRuns } from '../db/upsert-runs.ts';
import { checkGtin } from './gtin.ts';

export type StoreProductRow = typeof import('../db/schema-sqlite.ts').storeProducts.$inferSelect;

export const StoreProductInputSchema = z.object({
  sku: z.string().trim().min(1),
  productId: z.string().nullish(),
  variantId: z.string().nullish(),
  title: z.string().nullish(),
  barcode: z.string().nullish(),
  vendor: z.string().nullish(),
  productType: z.string().nullish(),
  tags: z.array(z.string()).optional(),
  price: MoneySchema.nullish(),
  compareAtPrice: MoneySchema.nullish(),
  /** Units held back from the suppliers' total. */
  safetyBuffer: z.number().int().nonnegative().optional(),
});
export type StoreProductInput = z.input<typeof StoreProductInputSchema>;
type ParsedProduct = z.output<typeof StoreProductInputSchema>;

/** Validates products, barcodes included; every bad field is named as `items[i].field`. */
export function validateStoreProducts(items: unknown[]): ParsedProduct[] {
  const issues: FieldIssue[] = [];
  const out: ParsedProduct[] = [];
  items.forEach((item, i) => {
    const r = StoreProductInputSchema.safeParse(item);
    if (!r.success) {
      for (const issue of r.error.issues) issues.push({ field: `items[${i}].${issue.path.join('.') || '(root)'}`, message: issue.message });
      return;
    }
    if (r.data.barcode) {
      const gtin = checkGtin(r.data.barcode);
      if (!gtin.ok) issues.push({ field: `items[${i}].barcode`, message: gtin.message });
      else r.data.barcode = gtin.gtin;
    }
    out.push(r.data);
  });
  if (issues.length) throw new ValidationError(`${issues.length} invalid field(s): ${issues[0]!.field}: ${issues[0]!.message}`, issues);
  return out;
}

/** The fields an import may set; one left out keeps its stored value. */
const UPDATABLE = ['productId', 'variantId', 'title', 'barcode', 'vendor', 'productType', 'tags', 'price', 'compareAtPrice', 'safetyBuffer'] as const;
/** Rows per upsert statement: fifteen parameters a row, well inside both databases' limits. */
const UPSERT_ROWS = 1_000;

export class StoreProductRepository {
  constructor(private readonly db: Database) {}

  /**
   * Adds or changes products. Fields left out keep their stored value (a price-only import doesn't
   * reset safety buffers); the pushed quantity and price are the hub's own and never imported.
   */
  async upsert(tx: Queryable, storeId: string, items: ParsedProduct[], now: number): Promise<void> {
    const t = this.db.t.storeProducts;
    const given = (item: ParsedProduct) => UPDATABLE.filter((k) => item[k] !== undefined);
    for (const run of upsertRuns(items, (i) => i.sku, (i) => given(i).join(), UPSERT_ROWS)) {
      // One shape a run: every row sets the same fields, the rest keep their stored values.
      const set: Record<string, unknown> = { updatedAt: now };
      for (const k of given(run[0]!)) set[k] = sql.raw(`excluded."${t[k].name}"`);
      const rows = run.map((item) => ({
        storeId,
        sku: item.sku,
        productId: item.productId ?? null,
        variantId: item.variantId ?? null,
        title: item.title ?? null,
        barcode: item.barcode ?? null,
        vendor: item.vendor ?? null,
        productType: item.productType ?? null,
        tags: item.tags ?? [],
        price: item.price ?? null,
        compareAtPrice: item.compareAtPrice ?? null,
        safetyBuffer: item.safetyBuffer ?? 0,
        pushedQuantity: null,
        pushedPrice: null,
        updatedAt: now,
      }));
      await tx.insert(t).values(rows).onConflictDoUpdate({ target: [t.storeId, t.sku], set });
    }
  }

  async get(tx: Queryable, storeId: string, sku: string): Promise<StoreProductRow | undefined> {
    const t = this.db.t.storeProducts;
    const [row] = await tx.select().from(t).where(and(eq(t.storeId, storeId), eq(t.sku, sku)));
    return row;
  }

  async list(filter: { storeId?: string; skus?: string[]; after?: { storeId: string; sku: string }; limit: number }, tx: Queryable = this.db.q): Promise<StoreProductRow[]> {
    const t = this.db.t.storeProducts;
    const after = filter.after ? sql`(${t.storeId}, ${t.sku}) > (${filter.after.storeId}, ${filter.after.sku})` : undefined;
    return tx
      .select()
      .from(t)
      .where(and(filter.storeId ? eq(t.storeId, filter.storeId) : undefined, filter.skus ? inArray(t.sku, filter.skus) : undefined, after))
      .orderBy(t.storeId, t.sku)
      .limit(filter.limit);
  }

  /** Store SKUs per GTIN-14 barcode. */
  async skusByBarcode(tx: Queryable, gtins: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (gtins.length === 0) return out;
    const t = this.db.t.storeProducts;
    const rows = await tx.selectDistinct({ barcode: t.barcode, sku: t.sku }).from(t).where(inArray(t.barcode, [...new Set(gtins)]));
    for (const r of rows) {
      const list = out.get(r.barcode!);
      if (list) list.push(r.sku);
      else out.set(r.barcode!, [r.sku]);
    }
    return out;
  }

  /** Forgets what was queued for these SKUs, so the next sync sends them again (after a push failed for good). */
  async clearPushed(tx: Queryable, storeId: string, items: { sku: string; quantity?: number; price?: string }[]): Promise<void> {
    const t = this.db.t.storeProducts;
    for (const item of items) {
      if (item.quantity !== undefined) {
        await tx.update(t).set({ pushedQuantity: null }).where(and(eq(t.storeId, storeId), eq(t.sku, item.sku), eq(t.pushedQuantity, item.quantity)));
      }
      if (item.price !== undefined) {
        await tx.update(t).set({ pushedPrice: null }).where(and(eq(t.storeId, storeId), eq(t.sku, item.sku), eq(t.pushedPrice, item.price)));
      }
    }
  }
}
