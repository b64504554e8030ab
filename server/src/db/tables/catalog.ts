/**
 * @module What the stores sell and what they were last told: store products (with the safety buffer and
 * the last quantity and price pushed to the store), supplier item prices (MSRP, MAP), inventory feed
 * runs, and pricing rules. The supplier-side mapping and stock (catalog_items, supplier_stock) are core.
 */
import type { ColumnBuilders } from '../column-builders.ts';

export function defineCatalogTables(b: ColumnBuilders) {
  const storeProducts = b.table(
    'store_products',
    {
      /** The store's connector id. */
      storeId: b.text('store_id').notNull(),
      sku: b.text('sku').notNull(),
      productId: b.text('product_id'),
      variantId: b.text('variant_id'),
      title: b.text('title'),
      /** GTIN (UPC/EAN) as the store lists it, normalised to digits. */
      barcode: b.text('barcode'),
      /** The brand, for pricing rules. */
      vendor: b.text('vendor'),
      /** The category, for pricing rules (tags count too). */
      productType: b.text('product_type'),
      tags: b.json<string[]>('tags').notNull(),
      /** The retail price the store shows. */
      price: b.text('price'),
      compareAtPrice: b.text('compare_at_price'),
      /** Units held back from what suppliers report, so a slow feed can't oversell. */
      safetyBuffer: b.int('safety_buffer').notNull(),
      /** The quantity last queued for the store; null = never pushed (or the push failed for good). */
      pushedQuantity: b.int('pushed_quantity'),
      /** The price last queued for the store; null = never pushed. */
      pushedPrice: b.text('pushed_price'),
      updatedAt: b.ms('updated_at').notNull(),
    },
    (t) => [
      b.primaryKey({ columns: [t.storeId, t.sku] }),
      b.index('store_products_sku_idx').on(t.sku),
      b.index('store_products_barcode_idx').on(t.barcode),
    ],
  );

  const catalogItemPrices = b.table(
    'catalog_item_prices',
    {
      supplierId: b.text('supplier_id').notNull(),
      supplierSku: b.text('supplier_sku').notNull(),
      msrp: b.text('msrp'),
      /** Minimum advertised price: retail never goes below it. */
      map: b.text('map'),
      updatedAt: b.ms('updated_at').notNull(),
    },
    (t) => [b.primaryKey({ columns: [t.supplierId, t.supplierSku] })],
  );

  const supplierFeedRuns = b.table(
    'supplier_feed_runs',
    {
      id: b.serial('id'),
      supplierId: b.text('supplier_id').notNull(),
      /** `upload`, `fetch`, `webhook`. */
      source: b.text('source').notNull(),
      rows: b.int('rows').notNull(),
      changed: b.int('changed').notNull(),
      /** Store quantities queued for pushing because of this feed. */
      pushed: b.int('pushed').notNull(),
      startedAt: b.ms('started_at').notNull(),
      finishedAt: b.ms('finished_at').notNull(),
    },
    (t) => [b.index('supplier_feed_runs_supplier_idx').on(t.supplierId, t.finishedAt)],
  );

  const pricingRules = b.table(
    'pricing_rules',
    {
      id: b.text('id').primaryKey(),
      name: b.text('name').notNull(),
      /** Conditions; a rule with none is the default. The rule with the most conditions that all match wins. */
      supplierId: b.text('supplier_id'),
      brand: b.text('brand'),
      category: b.text('category'),
      /** Retail = cost × markup, as a decimal string ("1.8"). */
      markup: b.text('markup').notNull(),
      discountPercent: b.text('discount_percent'),
      discountAmount: b.text('discount_amount'),
      /** The price's fractional ending, e.g. "0.99"; null keeps the computed cents. */
      ending: b.text('ending'),
      createdAt: b.ms('created_at').notNull(),
      updatedAt: b.ms('updated_at').notNull(),
    },
  );

  /**
   * SQLite: per supplier, a counter of writes to its stock or mappings made by anything but a feed's own
   * transaction; stock_changes holds the SKUs they touched with the counter's value then (PostgreSQL: with
   * the writing transaction's id). Database triggers keep both (written in the migrations: drizzle
   * declares no triggers), so a stock digest, which names what it includes, can be brought up to date
   * (see server/src/inventory/stock-digest.ts).
   */
  const stockGenerations = b.table('stock_generations', {
    supplierId: b.text('supplier_id').primaryKey(),
    generation: b.ms('generation').notNull(),
    /**
     * SQLite: set by a feed for the length of its own write transaction, so the triggers leave its writes
     * alone. PostgreSQL uses a transaction-local setting instead (no row lock).
     */
    writing: b.bool('writing').notNull().default(false),
  });

  const stockChanges = b.table(
    'stock_changes',
    {
      supplierId: b.text('supplier_id').notNull(),
      supplierSku: b.text('supplier_sku').notNull(),
      /** SQLite: the supplier's generation the last change to this SKU made. PostgreSQL: its transaction's id (xid8). */
      generation: b.ms('generation').notNull(),
    },
    // Read by generation (the changes since a digest); never pruned: one row per SKU at most.
    (t) => [b.primaryKey({ columns: [t.supplierId, t.supplierSku] }), b.index('stock_changes_generation_idx').on(t.supplierId, t.generation)],
  );

  /**
   * Per supplier, the compact picture of its stock and costs a long feed left (see
   * server/src/inventory/stock-digest.ts), and which changes it includes. Its bytes are in
   * pages (stock_digest_pages), written and read one at a time: a million items' 16 MB never sit in
   * memory twice.
   */
  const stockDigests = b.table('stock_digests', {
    supplierId: b.text('supplier_id').primaryKey(),
    /** Layout of the pages: a digest written in another is not read. */
    format: b.int('format').notNull(),
    /** SQLite: the supplier's generation it includes every change up to. */
    generation: b.ms('generation').notNull(),
    /** PostgreSQL: the snapshot (pg_snapshot as text) it was read in: it includes the changes visible in it. */
    snapshot: b.text('snapshot'),
    items: b.int('items').notNull(),
    pages: b.int('pages').notNull(),
    writtenAt: b.ms('written_at').notNull(),
  });

  const stockDigestPages = b.table(
    'stock_digest_pages',
    {
      supplierId: b.text('supplier_id').notNull(),
      page: b.int('page').notNull(),
      bytes: b.bytes('bytes').notNull(),
    },
    (t) => [b.primaryKey({ columns: [t.supplierId, t.page] })],
  );

  return { storeProducts, catalogItemPrices, supplierFeedRuns, pricingRules, stockGenerations, stockChanges, stockDigests, stockDigestPages };
}
