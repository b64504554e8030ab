/**
 * The inventory tables' physical layout (drizzle/sqlite/0005, drizzle/pg/0006), on both databases: a hub
 * upgraded from the migration before keeps every row and index, SQLite's tables become WITHOUT ROWID
 * and PostgreSQL's leave room for HOT updates. drizzle's schema can't express either, so a later
 * generated migration that rebuilds one of these tables would silently undo it: this test is the guard.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../db/postgres.ts';
import { openSqlite } from '../db/sqlite.ts';
import { createTestDatabaseUrl } from '../db/testing.ts';

const TABLES = ['supplier_stock', 'catalog_items', 'store_products'];

/** A copy of a dialect's migrations that stops before `tag`. */
function migrationsBefore(dialect: 'sqlite' | 'pg', tag: string): { dir: string; cleanup(): void } {
  const from = fileURLToPath(new URL(`../../drizzle/${dialect}`, import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'dropline-migrations-'));
  cpSync(from, dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const seedRows = `
  INSERT INTO supplier_stock (supplier_id, supplier_sku, quantity, updated_at) VALUES ('sup', 'S-2', 4, 1), ('sup', 'S-1', 7, 1);
  INSERT INTO catalog_items (supplier_id, supplier_sku, sku, gtin, priority, cost, currency, updated_at) VALUES ('sup', 'S-1', 'MUG', NULL, 1, '5.00', 'USD', 1);
  INSERT INTO store_products (store_id, sku, product_id, variant_id, title, barcode, vendor, product_type, tags, price, compare_at_price, safety_buffer, pushed_quantity, pushed_price, updated_at)
    VALUES ('shop', 'MUG', 'p1', 'v1', 'Mug', '012345', NULL, NULL, '[]', '9.00', NULL, 2, 5, NULL, 1);`;

describe('inventory tables clustered by key', () => {
  it('SQLite: an upgraded database keeps its rows and indexes, in WITHOUT ROWID tables', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dropline-test-'));
    const before = migrationsBefore('sqlite', '0005_inventory_clustered_stock');
    try {
      const file = join(dataDir, 'dropline.sqlite');
      const old = new BetterSqlite3(file);
      migrateSqlite(drizzleSqlite({ client: old }), { migrationsFolder: before.dir });
      old.exec(seedRows);
      old.close();

      const db = openSqlite(file);
      try {
        if (db.native.dialect !== 'sqlite') throw new Error('expected SQLite');
        const c = db.native.client;
        const ddl = c.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN (${TABLES.map(() => '?').join(', ')})`).all(...TABLES) as { name: string; sql: string }[];
        expect(ddl.map((t) => [t.name, /WITHOUT ROWID\s*$/.test(t.sql)]).sort()).toEqual(TABLES.map((t) => [t, true]).sort());
        const indexes = (c.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN (${TABLES.map(() => '?').join(', ')}) AND sql IS NOT NULL`).all(...TABLES) as { name: string }[]).map((i) => i.name);
        expect(indexes.sort()).toEqual(['catalog_items_sku_idx', 'store_products_barcode_idx', 'store_products_sku_idx']);
        expect(c.prepare('SELECT supplier_sku, quantity FROM supplier_stock ORDER BY supplier_sku').all()).toEqual([
          { supplier_sku: 'S-1', quantity: 7 },
          { supplier_sku: 'S-2', quantity: 4 },
        ]);
        expect(c.prepare(`SELECT sku, cost FROM catalog_items WHERE sku = 'MUG'`).all()).toEqual([{ sku: 'MUG', cost: '5.00' }]);
        expect(c.prepare(`SELECT sku, safety_buffer, pushed_quantity FROM store_products INDEXED BY store_products_barcode_idx WHERE barcode = '012345'`).all()).toEqual([
          { sku: 'MUG', safety_buffer: 2, pushed_quantity: 5 },
        ]);
        expect(c.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        await db.close();
      }
    } finally {
      before.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL: an upgraded database keeps its rows, and the tables leave 10% of each page free', async () => {
    const { url, drop } = await createTestDatabaseUrl();
    const before = migrationsBefore('pg', '0006_inventory_clustered_stock');
    try {
      const old = new pg.Client({ connectionString: url });
      await old.connect();
      try {
        await migratePg(drizzlePg({ client: old }), { migrationsFolder: before.dir });
        await old.query(seedRows);
      } finally {
        await old.end();
      }

      const db = await openPostgres(url, { poolSize: 2 });
      try {
        if (db.native.dialect !== 'postgres') throw new Error('expected PostgreSQL');
        const pool = db.native.pool;
        const options = await pool.query<{ relname: string; reloptions: string[] | null }>(`SELECT relname, reloptions FROM pg_class WHERE relname = ANY($1) AND relkind = 'r'`, [TABLES]);
        expect(options.rows.map((r) => [r.relname, r.reloptions]).sort()).toEqual(TABLES.map((t) => [t, ['fillfactor=90']]).sort());
        expect((await pool.query('SELECT supplier_sku, quantity FROM supplier_stock ORDER BY supplier_sku')).rows).toEqual([
          { supplier_sku: 'S-1', quantity: 7 },
          { supplier_sku: 'S-2', quantity: 4 },
        ]);
        expect((await pool.query(`SELECT sku, pushed_quantity FROM store_products WHERE barcode = '012345'`)).rows).toEqual([{ sku: 'MUG', pushed_quantity: 5 }]);
      } finally {
        await db.close();
      }
    } finally {
      before.cleanup();
      await drop();
    }
  });
});
