/**
 * @module Stock digests: the compact picture of a supplier's stock and costs that a long feed leaves
 * behind (the slots of its StockSnapshot, 16 bytes an item, in pages of 1 MB), so the next feed reads
 * those pages and the few SKUs written since, instead of scanning a million rows of two tables and
 * hashing them again.
 *
 * What was written since is kept by the database, not by the code that writes: every write to a
 * supplier's stock or mappings by anything but a feed's own transaction (an order's reservation, a
 * webhook's stock, a catalog import, an edit by hand) records the SKU in `stock_changes` (triggers, see
 * drizzle/sqlite/0006_stock_digests.sql and drizzle/pg/0007_stock_digests.sql): on SQLite with the
 * supplier's generation, a counter the same trigger moves on (one writer at a time, so the counter's
 * order is the commit order); on PostgreSQL with the writing transaction's id, so that writers on several
 * hubs lock no shared row. A digest names what it includes (the generation, or the transaction snapshot it
 * was read in); reading it, a feed re-reads the stock and cost of every SKU recorded since (a later
 * generation, or a transaction not visible in that snapshot), in the same read. A feed's own write
 * transactions are marked (`beginOwnWrites`): the triggers leave them alone, and the old digest is
 * dropped in the same transaction, so a feed that dies before leaving its new digest leaves none.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../db/database.ts';

/** Layout of a digest's pages (see StockSnapshot.digestPages); a digest in another layout is not read. */
export const DIGEST_FORMAT = 1;
/** Bytes an item takes in a digest (four int32). */
const ITEM_BYTES = 16;
/** Items per page of a digest: 1 MB. */
export const DIGEST_PAGE_ITEMS = 65_536;

/** PostgreSQL: the transaction-local setting the triggers read (see the migration). */
const PG_WRITER_SETTING = 'dropline.stock_writer';

/**
 * What a snapshot includes, read in the same read transaction as its rows: SQLite, the supplier's
 * generation (every recorded change up to it); PostgreSQL, the transaction snapshot (pg_snapshot as text:
 * the changes of the transactions visible in it).
 */
export type Basis = number | string;

/** The SQL that reads the basis, for a read that pages through the tables in the same transaction. */
export const BASIS_SQL = {
  sqlite: 'SELECT coalesce((SELECT generation FROM stock_generations WHERE supplier_id = ?), 0)',
  postgres: 'SELECT pg_current_snapshot()::text',
} as const;

type Placeholder = (n: number) => string;
const PAGE_SQL = (p: Placeholder) => `SELECT bytes FROM stock_digest_pages WHERE supplier_id = ${p(1)} AND page = ${p(2)}`;
/**
 * The SKUs written since the digest, as stored now (no stock row: null quantity; no mapping: not
 * mapped). `since` says which: SQLite, a generation after the digest's; PostgreSQL, a transaction not
 * visible in the digest's snapshot (only those from its xmin on can be: the index finds them).
 */
const CHANGES_SQL = (since: string, limit: number) =>
  `SELECT ch.supplier_sku AS sku, s.quantity, CASE WHEN c.supplier_sku IS NULL THEN 0 ELSE 1 END AS mapped, c.cost
   FROM stock_changes ch
   LEFT JOIN supplier_stock s ON s.supplier_id = ch.supplier_id AND s.supplier_sku = ch.supplier_sku
   LEFT JOIN catalog_items c ON c.supplier_id = ch.supplier_id AND c.supplier_sku = ch.supplier_sku
   WHERE ${since}
   LIMIT ${limit}`;
const SQLITE_HEAD = `SELECT coalesce((SELECT generation FROM stock_generations WHERE supplier_id = ?), 0) AS now, d.generation, d.items, d.pages
   FROM stock_digests d WHERE d.supplier_id = ? AND d.format = ${DIGEST_FORMAT}`;
const SQLITE_CHANGES = (limit: number) => CHANGES_SQL('ch.supplier_id = ? AND ch.generation > ?', limit);
const PG_HEAD = `SELECT pg_current_snapshot()::text AS now, d.snapshot, d.items, d.pages
   FROM stock_digests d WHERE d.supplier_id = $1 AND d.format = ${DIGEST_FORMAT} AND d.snapshot IS NOT NULL`;
const PG_SINCE = `ch.supplier_id = $1 AND ch.generation >= pg_snapshot_xmin($2::pg_snapshot)::text::bigint
   AND NOT pg_visible_in_snapshot(ch.generation::text::xid8, $2::pg_snapshot)`;

/** A SKU written since the digest, as it is stored now. */
export interface ChangedItem {
  sku: string;
  /** Null: no stock row. */
  quantity: number | null;
  mapped: boolean;
  cost: string | null;
}

export interface DigestReader {
  /** Called first, with the digest's item count. */
  start(items: number): void;
  page(bytes: Buffer): void;
  changed(item: ChangedItem): void;
}

/**
 * Reads the supplier's digest, a page at a time, then the SKUs written since, all in one read; returns
 * the basis of that read (what the snapshot then shows), or undefined when there is no digest, or
 * more than `maxChanges` SKUs were written since (reading the tables costs less then), or its pages
 * don't add up (the reader's snapshot is then to be thrown away). SQLite: on the caller's thread without
 * a turn of the event loop, so call it outside any transaction on the shared connection.
 */
export async function readDigest(db: Database, supplierId: string, maxChanges: number, reader: DigestReader): Promise<Basis | undefined> {
  const native = db.native;
  type Row = { sku: string; quantity: number | null; mapped: number | string; cost: string | number | null };
  const item = (r: Row): ChangedItem => ({ sku: r.sku, quantity: r.quantity, mapped: Number(r.mapped) === 1, cost: r.cost === null ? null : String(r.cost) });
  if (native.dialect === 'sqlite') {
    const c = native.client;
    const head = c.prepare(SQLITE_HEAD).get(supplierId, supplierId) as { now: number; generation: number; items: number; pages: number } | undefined;
    if (!head) return undefined;
    const changed = c.prepare(SQLITE_CHANGES(maxChanges + 1)).all(supplierId, head.generation) as Row[];
    if (changed.length > maxChanges) return undefined;
    reader.start(head.items);
    const page = c.prepare(PAGE_SQL(() => '?')).pluck();
    const pages = checkedPages(head.items);
    for (let n = 0; n < head.pages; n++) if (!pages.take(page.get(supplierId, n) as Buffer | undefined, reader)) return undefined;
    if (!pages.complete()) return undefined;
    for (const r of changed) reader.changed(item(r));
    return Number(head.now);
  }
  const client = await native.pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [head] = (await client.query<{ now: string; snapshot: string; items: number; pages: number }>(PG_HEAD, [supplierId])).rows;
    let basis: string | undefined;
    if (head) {
      const changed = (await client.query<Row>(CHANGES_SQL(PG_SINCE, maxChanges + 1), [supplierId, head.snapshot])).rows;
      if (changed.length <= maxChanges) {
        reader.start(head.items);
        // The next page is asked for while this one is added. (Not in binary: node-postgres reads every
        // value as text, so bytea comes as hex, which it decodes natively.)
        const page = (n: number) => client.query<[Buffer]>({ text: PAGE_SQL((k) => `$${k}`), values: [supplierId, n], rowMode: 'array' });
        const pages = checkedPages(head.items);
        let next = page(0);
        let whole = true;
        for (let n = 0; n < head.pages && whole; n++) {
          const bytes = (await next).rows[0]?.[0];
          if (n + 1 < head.pages) next = page(n + 1);
          whole = pages.take(bytes, reader);
        }
        // A page asked for ahead of one that didn't add up: its answer is waited for, not left behind.
        await next.catch(() => undefined);
        if (whole && pages.complete()) {
          for (const r of changed) reader.changed(item(r));
          basis = head.now;
        }
      }
    }
    await client.query('COMMIT');
    return basis;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Passes pages on while they add up to the header's item count: a page missing, cut short or of another
 * size makes the digest unusable (a wrong one could hide a change), and the caller reads the tables.
 */
function checkedPages(items: number) {
  let seen = 0;
  return {
    take(bytes: Buffer | undefined, reader: DigestReader): boolean {
      if (!Buffer.isBuffer(bytes) || bytes.length % ITEM_BYTES !== 0 || seen + bytes.length / ITEM_BYTES > items) return false;
      seen += bytes.length / ITEM_BYTES;
      reader.page(bytes);
      return true;
    },
    complete: () => seen === items,
  };
}

/**
 * Marks the rest of `tx` as a feed's own writes to the supplier's stock: the triggers leave them alone,
 * and the supplier's digest is dropped (the feed leaves a new one, see `writeDigest`). A feed writing
 * in two transactions drops it in the one that commits first (`dropDigest` false in the other).
 */
export async function beginOwnWrites(db: Database, tx: Queryable, supplierId: string, dropDigest = true): Promise<void> {
  if (db.dialect === 'postgres') {
    // Transaction-local, and no row lock: another writer of this supplier's stock isn't made to wait.
    await db.all(tx, sql`SELECT set_config(${PG_WRITER_SETTING}, ${supplierId}, true)`);
  } else {
    tx.run(sql`INSERT INTO stock_generations (supplier_id, generation, writing) VALUES (${supplierId}, 0, 1)
               ON CONFLICT (supplier_id) DO UPDATE SET writing = 1`);
  }
  if (dropDigest) await tx.delete(db.t.stockDigests).where(eq(db.t.stockDigests.supplierId, supplierId));
}

/** Ends the mark of `beginOwnWrites`: later writes in `tx` are recorded again. */
export async function endOwnWrites(db: Database, tx: Queryable, supplierId: string): Promise<void> {
  if (db.dialect === 'postgres') await db.all(tx, sql`SELECT set_config(${PG_WRITER_SETTING}, '', true)`);
  else tx.run(sql`UPDATE stock_generations SET writing = 0 WHERE supplier_id = ${supplierId}`);
}

/**
 * Stores the supplier's digest, page by page, as including the changes of `basis` (what its snapshot
 * was read at). Each page is stored before the next is taken from `pages` (which may refill the same
 * memory, see StockSnapshot.digestPages). The changes it includes stay recorded (one row per SKU at most,
 * rewritten by the next change): deleting them would cost a feed after a catalog import a million deletes.
 */
export async function writeDigest(db: Database, tx: Queryable, supplierId: string, basis: Basis, items: number, pages: Iterable<Buffer>, now: number): Promise<void> {
  const written = await writeDigestPages(db, tx, supplierId, pages);
  await writeDigestHead(db, tx, supplierId, basis, items, written, now);
}

/**
 * The first half of `writeDigest`: replaces the supplier's pages; returns how many were written. The pages
 * and the head are different rows: one transaction may write the pages while another, which dropped the
 * head (see `beginOwnWrites`), has yet to commit, without waiting for it.
 */
export async function writeDigestPages(db: Database, tx: Queryable, supplierId: string, pages: Iterable<Buffer>): Promise<number> {
  const p = db.t.stockDigestPages;
  await tx.delete(p).where(eq(p.supplierId, supplierId));
  let n = 0;
  for (const bytes of pages) await tx.insert(p).values({ supplierId, page: n++, bytes });
  return n;
}

/** The second half of `writeDigest`: the head that makes the `pages` written readable. */
export async function writeDigestHead(db: Database, tx: Queryable, supplierId: string, basis: Basis, items: number, pages: number, now: number): Promise<void> {
  const d = db.t.stockDigests;
  const includes = typeof basis === 'string' ? { generation: 0, snapshot: basis } : { generation: basis, snapshot: null };
  const row = { format: DIGEST_FORMAT, ...includes, items, pages, writtenAt: now };
  await tx.insert(d).values({ supplierId, ...row }).onConflictDoUpdate({ target: d.supplierId, set: row });
}
