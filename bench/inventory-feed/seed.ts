/**
 * @module Seeds the stored state the feed is diffed against, straight in SQL (generated inside the
 * database; not timed): N store products, N catalog mappings, N supplier stock rows, with "last pushed"
 * quantities consistent with the stock, so that only the feed's real changes are pushed.
 * The formulas match feed-file.ts.
 */
import type { Database } from '../../server/src/db/database.ts';
import { STORE_ID, SUPPLIER_ID } from './feed-file.ts';

export async function seedCatalog(db: Database, rows: number): Promise<void> {
  const native = db.native;
  if (native.dialect === 'sqlite') {
    const c = native.client;
    const pad = (col: string) => `substr('0000000' || ${col}, -7)`;
    c.exec('BEGIN');
    c.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${rows})
      INSERT INTO store_products (store_id, sku, product_id, variant_id, title, barcode, vendor, product_type, tags, price, compare_at_price, safety_buffer, pushed_quantity, pushed_price, updated_at)
      SELECT '${STORE_ID}', 'SKU-' || ${pad('i')}, 'p' || i, 'v' || i, NULL, NULL, NULL, NULL, '[]', NULL, NULL,
             CASE WHEN i % 10 = 0 THEN 2 ELSE 0 END,
             MAX(0, (i % 50) - CASE WHEN i % 10 = 0 THEN 2 ELSE 0 END), NULL, 0 FROM n`);
    c.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${rows})
      INSERT INTO catalog_items (supplier_id, supplier_sku, sku, gtin, priority, cost, currency, updated_at)
      SELECT '${SUPPLIER_ID}', 'SUP-' || ${pad('i')}, 'SKU-' || ${pad('i')}, NULL, 100,
             ((500 + i % 1000) / 100) || '.' || substr('0' || ((500 + i % 1000) % 100), -2), 'USD', 0 FROM n`);
    c.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${rows})
      INSERT INTO supplier_stock (supplier_id, supplier_sku, quantity, updated_at)
      SELECT '${SUPPLIER_ID}', 'SUP-' || ${pad('i')}, i % 50, 0 FROM n`);
    c.exec('COMMIT');
    c.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    c.exec('ANALYZE');
    return;
  }
  const pool = native.pool;
  const pad = (col: string) => `lpad(${col}::text, 7, '0')`;
  await pool.query(`INSERT INTO store_products (store_id, sku, product_id, variant_id, title, barcode, vendor, product_type, tags, price, compare_at_price, safety_buffer, pushed_quantity, pushed_price, updated_at)
    SELECT '${STORE_ID}', 'SKU-' || ${pad('i')}, 'p' || i, 'v' || i, NULL, NULL, NULL, NULL, '[]'::jsonb, NULL, NULL,
           CASE WHEN i % 10 = 0 THEN 2 ELSE 0 END,
           GREATEST(0, (i % 50) - CASE WHEN i % 10 = 0 THEN 2 ELSE 0 END), NULL, 0 FROM generate_series(0, ${rows - 1}) AS i`);
  await pool.query(`INSERT INTO catalog_items (supplier_id, supplier_sku, sku, gtin, priority, cost, currency, updated_at)
    SELECT '${SUPPLIER_ID}', 'SUP-' || ${pad('i')}, 'SKU-' || ${pad('i')}, NULL, 100,
           ((500 + i % 1000) / 100)::text || '.' || lpad(((500 + i % 1000) % 100)::text, 2, '0'), 'USD', 0 FROM generate_series(0, ${rows - 1}) AS i`);
  await pool.query(`INSERT INTO supplier_stock (supplier_id, supplier_sku, quantity, updated_at)
    SELECT '${SUPPLIER_ID}', 'SUP-' || ${pad('i')}, i % 50, 0 FROM generate_series(0, ${rows - 1}) AS i`);
  await pool.query('VACUUM ANALYZE store_products');
  await pool.query('VACUUM ANALYZE catalog_items');
  await pool.query('VACUUM ANALYZE supplier_stock');
  // Settled, as SQLite's seed is by its checkpoint: the seed's half a gigabyte of dirty pages written out
  // now, not by the checkpointer while the first feed runs.
  await pool.query('CHECKPOINT');
}
