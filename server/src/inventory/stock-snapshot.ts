/**
 * @module A compact, read-only picture of one supplier's stored stock and costs, to filter a long feed.
 *
 * Looking every row of a million-row feed up in the database costs two B-tree searches each (about
 * 7 µs a row on SQLite): far more than parsing it. Reading the supplier's rows once, in key order, and
 * keeping them in a typed array (a 64-bit hash of the SKU, the quantity, a hash of the cost: 16 bytes a
 * slot, 32 MB for a million items) lets each feed row be checked in a fraction of a microsecond.
 *
 * A long feed leaves its snapshot behind as the supplier's digest (stock-digest.ts); the next one reads
 * that, and the SKUs written since, instead of the tables.
 *
 * The snapshot is only a filter. Rows it says may differ go through the exact diff in the database
 * (inventory-statements.ts), so a stale snapshot can only send a row for an exact check, never skip a
 * change — except through a hash collision: two of the supplier's SKUs sharing a 64-bit hash (odds
 * about 3 in 10^8 at a million items) with equal quantity and cost, or a changed cost written with the
 * same 31-bit hash as the stored one (1 in 2·10^9 per changed cost). The next change to the row
 * corrects either.
 */
import { endianness } from 'node:os';
import { Worker } from 'node:worker_threads';
import type pg from 'pg';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../db/database.ts';
import type { FeedRow } from './inventory-statements.ts';
import type { PackedRows } from './feed-parser.ts';
import { COST_MAY_DIFFER, QUANTITY_MAY_DIFFER } from './pending-changes.ts';
import { BASIS_SQL, DIGEST_PAGE_ITEMS, readDigest, type Basis, type ChangedItem } from './stock-digest.ts';

const EMPTY = 0;
/** Digests hold the slots' int32s as they are in memory: written and read little-endian (every platform Node runs on in practice). */
const DIGESTS_READABLE = endianness() === 'LE';
/** Cost markers: the item has no mapping (a feed cost changes nothing); the mapping has no cost. */
const UNMAPPED = -1;
const NO_COST = -2;
/** A feed row without a cost (costs hash to 31 bits, never negative). */
const NONE = -3;
const PAGE = 50_000;
/**
 * More SKUs written since a digest than this, and the tables are read instead: each is three index
 * searches, against some 1.5 µs an item for the whole read.
 */
const MAX_DIGEST_CHANGES = 100_000;
/** A hint larger than this (a huge upload) is not trusted with memory up front. */
const MAX_HINT = 4_000_000;

/** Int32s per slot: the SKU's hash (two halves; hi 0 marks an empty slot), the quantity, the cost. */
const STRIDE = 4;
const HI = 0;
const LO = 1;
const QUANTITY = 2;
const COST = 3;
/** Int32s per entry hashed ahead of its lookup (see `filter`): the SKU's hash (HI, LO), then the value. */
const AHEAD = 3;
const VALUE = 2;
/** Where `#slot` hashes its one SKU. */
const ONE = new Int32Array(AHEAD);

export class StockSnapshot {
  #mask: number;
  /**
   * The slots, interleaved: a lookup at a random slot (every feed row, every stored row) then costs one
   * cache miss instead of one per array, which is most of the time a million lookups take. QUANTITY: -1
   * when no stock row is stored. COST: UNMAPPED, NO_COST (mapped, no cost), or a hash of the cost as stored.
   */
  #slots: Int32Array;
  #size = 0;
  /** Entries hashed ahead of their lookups: a page's or a batch's (see `filter`). */
  #ahead: Int32Array = new Int32Array(0);
  /**
   * What the snapshot includes (see stock-digest.ts), when it was read in one consistent read with it;
   * undefined otherwise (no digest can be made of it).
   */
  basis: Basis | undefined;
  /** Read from a digest (and the SKUs written since) rather than from the tables. */
  fromDigest = false;
  /** SKUs written since the digest, read from the tables. */
  changedSinceDigest = 0;
  /** This machine reads and writes digests (little-endian: every platform Node runs on in practice). */
  static readonly digests = DIGESTS_READABLE;

  private constructor(expected: number) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.#mask = capacity - 1;
    this.#slots = new Int32Array(capacity * STRIDE);
  }

  get size(): number {
    return this.#size;
  }

  /**
   * Reads the supplier's stock and mapped costs: from its digest and the SKUs written since, when it has
   * one (see stock-digest.ts), else page by page in key order from the tables. `sizeHint` (the feed's
   * expected rows, say) sizes the table up front; without it the table grows as it fills. `pageRows`:
   * rows a page of a key-order read (tests make it small to read several pages).
   */
  static async load(db: Database, supplierId: string, sizeHint = 0, pageRows = PAGE): Promise<StockSnapshot> {
    const native = db.native;
    // SQLite: not inside another caller's open transaction on the shared connection (it could roll back).
    const consistent = native.dialect === 'postgres' || !native.client.inTransaction;
    if (consistent && DIGESTS_READABLE) {
      let snap: StockSnapshot | undefined;
      const basis = await readDigest(db, supplierId, MAX_DIGEST_CHANGES, {
        start: (items) => (snap = new StockSnapshot(Math.max(items, Math.min(sizeHint, MAX_HINT)))),
        page: (bytes) => snap!.#addDigestPage(bytes),
        changed: (item) => snap!.#setItem(item),
      });
      if (basis !== undefined && snap) {
        snap.basis = basis;
        snap.fromDigest = true;
        return snap;
      }
    }
    // Counting the rows first would cost two more index scans; a wrong hint costs at most a few rehashes.
    const snap = new StockSnapshot(Math.min(sizeHint, MAX_HINT));
    // SQLite in a file (another connection can open it): the pages are read by a worker thread while this one hashes them.
    if (native.dialect === 'sqlite' && !native.client.memory && native.client.name && sizeHint >= WORKER_AFTER_ROWS) {
      snap.basis = await pagesFromWorker(native.client.name, supplierId, pageRows, (table, packed) => snap.#readPage(packed, table === 0));
      return snap;
    }
    if (native.dialect === 'sqlite' && (sizeHint === 0 || sizeHint >= WORKER_AFTER_ROWS)) {
      // Perhaps a long read: the event loop turns between pages, so it can't agree with a generation.
      await Promise.all([
        sqlitePages(native.client, 'supplier_stock', 'quantity', supplierId, pageRows, (packed) => snap.#readPage(packed, true)),
        sqlitePages(native.client, 'catalog_items', 'cost', supplierId, pageRows, (packed) => snap.#readPage(packed, false)),
      ]);
      return snap;
    }
    if (native.dialect === 'sqlite') {
      // A short read, in this thread with no turn of the event loop between the generation and the last
      // page: nothing else writes meanwhile (one process owns the file), so they agree.
      const basis = consistent ? Number(native.client.prepare(BASIS_SQL.sqlite).pluck().get(supplierId)) : undefined;
      sqlitePagesNow(native.client, 'supplier_stock', 'quantity', supplierId, pageRows, (packed) => snap.#readPage(packed, true));
      sqlitePagesNow(native.client, 'catalog_items', 'cost', supplierId, pageRows, (packed) => snap.#readPage(packed, false));
      snap.basis = basis;
      return snap;
    }
    const tables: SnapshotTable[] = [
      { table: 'supplier_stock', column: 'quantity', each: (packed) => snap.#readPage(packed, true) },
      { table: 'catalog_items', column: 'cost', each: (packed) => snap.#readPage(packed, false) },
    ];
    snap.basis = await pgReadBoth(native.pool, supplierId, sizeHint, pageRows, tables);
    return snap;
  }

  /**
   * The slots in use, as the pages of a digest (DIGEST_FORMAT 1: four int32 per item, little-endian),
   * made one at a time as they are written. Each page is the same memory, refilled: it is only good
   * until the next is asked for (a million items are 32 pages of 1 MB, which would otherwise all wait
   * for the garbage collector at the end of a feed, when its memory use is highest).
   */
  *digestPages(itemsPerPage = DIGEST_PAGE_ITEMS): Generator<Buffer> {
    const slots = this.#slots;
    const page = new Int32Array(Math.min(itemsPerPage, this.#size) * STRIDE);
    const bytes = Buffer.from(page.buffer);
    let k = 0;
    for (let j = 0; j < slots.length; j += STRIDE) {
      if (slots[j + HI] === EMPTY) continue;
      page[k] = slots[j]!;
      page[k + 1] = slots[j + 1]!;
      page[k + 2] = slots[j + 2]!;
      page[k + 3] = slots[j + 3]!;
      k += STRIDE;
      if (k === page.length) {
        yield bytes;
        k = 0;
      }
    }
    if (k > 0) yield bytes.subarray(0, k * 4);
  }

  /** Sets an item as stored now (one written since the digest was). */
  #setItem(item: ChangedItem): void {
    const i = this.#slot(item.sku, 0, item.sku.length, true);
    this.#slots[i + QUANTITY] = item.quantity ?? -1;
    this.#slots[i + COST] = !item.mapped ? UNMAPPED : item.cost === null ? NO_COST : costHash(item.cost, 0, item.cost.length);
    this.changedSinceDigest++;
  }

  /** Adds the items of a digest's page. */
  #addDigestPage(bytes: Buffer): void {
    // A typed array needs an aligned start; a driver's Buffer may be a slice of a larger one.
    const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
    const from = new Int32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 2);
    for (let j = 0; j < from.length; j += STRIDE) {
      const base = claimed(this.#claim(from[j + HI]!, from[j + LO]!));
      this.#slots[base + QUANTITY] = from[j + QUANTITY]!;
      this.#slots[base + COST] = from[j + COST]!;
    }
  }

  /**
   * What of the row may differ from what is stored (QUANTITY_MAY_DIFFER, COST_MAY_DIFFER, both), or 0
   * when the stored quantity equals the row's and, for a mapped item, so does the cost.
   */
  differs(row: FeedRow): number {
    const i = this.#slot(row.sku, 0, row.sku.length, false);
    const cost = row.cost === null ? NONE : costHash(row.cost, 0, row.cost.length);
    return i < 0 ? unknownDiffers(cost) : this.#differsAt(i, row.quantity, cost);
  }

  /**
   * Checks a packed batch of feed rows from row `start` on against the snapshot, in feed order: `out[i]`
   * is what of row i may differ (as `differs`), and each such row is noted (see `note`), so a later line
   * of the same feed for the same SKU is compared with it. Returns how many may differ.
   *
   * All the batch's hashes are computed first, then looked up: each lookup is a read at a random place
   * in 32 MB, and a loop of lookups alone lets the processor have several of those in flight at once,
   * where hashing between them left it waiting on one at a time (half the time, measured on a million rows).
   */
  filter(rows: PackedRows, out: Uint8Array, start = 0): number {
    const { skus, skuEnds, quantities, costs, costEnds, count } = rows;
    const ahead = this.#aheadFor(count - start);
    for (let r = start, j = 0; r < count; r++, j += AHEAD) {
      const from = r === 0 ? 0 : skuEnds[r - 1]!;
      hashInto(skus, from, skuEnds[r]!, ahead, j);
      const costFrom = r === 0 ? 0 : costEnds[r - 1]!;
      const costTo = costEnds[r]!;
      ahead[j + VALUE] = costFrom === costTo ? NONE : costHash(costs, costFrom, costTo);
    }
    let differing = 0;
    for (let r = start, j = 0; r < count; r++, j += AHEAD) {
      const cost = ahead[j + VALUE]!;
      const quantity = quantities[r]!;
      // An item the snapshot lacks is noted too.
      const slot = this.#claim(ahead[j + HI]!, ahead[j + LO]!);
      const base = claimed(slot);
      const differs = slot < 0 ? unknownDiffers(cost) : this.#differsAt(base, quantity, cost);
      out[r] = differs;
      if (differs === 0) continue;
      differing++;
      const slots = this.#slots;
      slots[base + QUANTITY] = quantity;
      if (cost !== NONE && slots[base + COST] !== UNMAPPED) slots[base + COST] = cost;
    }
    return differing;
  }

  /** `differs` of a stored item at slot `i`, against a quantity and a cost's hash (NONE: no cost). */
  #differsAt(i: number, quantity: number, cost: number): number {
    const slots = this.#slots;
    const differs = slots[i + QUANTITY] === quantity ? 0 : QUANTITY_MAY_DIFFER;
    if (cost === NONE) return differs;
    const stored = slots[i + COST]!;
    // Costs compare as written: "5.0" against a stored "5.00" goes to the exact (numeric) check.
    return stored !== UNMAPPED && stored !== cost ? differs | COST_MAY_DIFFER : differs;
  }

  /**
   * Records that a row was sent for writing, so that a later line of the same feed for the same SKU is
   * compared with it rather than with the stored state: "9" then "8" against a stored 8 must end at 8.
   */
  note(row: FeedRow): void {
    const i = this.#slot(row.sku, 0, row.sku.length, true);
    const slots = this.#slots;
    slots[i + QUANTITY] = row.quantity;
    if (row.cost !== null && slots[i + COST] !== UNMAPPED) slots[i + COST] = costHash(row.cost, 0, row.cost.length);
  }

  /**
   * Reads a packed page (`sku UNIT value RECORD …`) in one pass over its characters, without cutting it
   * into strings: the SKU is hashed as it goes by, then the value is parsed (a quantity) or hashed (a
   * cost); then the page's items are put in their slots, in a loop of their own (see `filter`: half
   * the time of doing both in one).
   */
  #readPage(packed: string, quantities: boolean): void {
    const n = packed.length;
    let ahead = this.#ahead;
    let j = 0;
    let k = 0;
    while (k < n) {
      if (j === ahead.length) ahead = this.#aheadFor(j / AHEAD + 1);
      const from = k;
      while (packed.charCodeAt(k) !== 31) k++;
      hashInto(packed, from, k, ahead, j);
      k++;
      if (quantities) {
        const negative = packed.charCodeAt(k) === 45; // '-'
        if (negative) k++;
        let q = 0;
        for (let c = packed.charCodeAt(k); k < n && c !== 30; c = packed.charCodeAt(++k)) q = q * 10 + (c - 48);
        ahead[j + VALUE] = negative ? -q : q;
      } else {
        const start = k;
        while (k < n && packed.charCodeAt(k) !== 30) k++;
        ahead[j + VALUE] = start === k ? NO_COST : costHash(packed, start, k);
      }
      k++;
      j += AHEAD;
    }
    const field = quantities ? QUANTITY : COST;
    for (let e = 0; e < j; e += AHEAD) {
      const base = claimed(this.#claim(ahead[e + HI]!, ahead[e + LO]!));
      this.#slots[base + field] = ahead[e + VALUE]!;
    }
  }

  /** The scratch array for `entries` hashed ahead of their lookups (kept, grown, for the next page or batch). */
  #aheadFor(entries: number): Int32Array {
    if (this.#ahead.length < entries * AHEAD) {
      const grown = new Int32Array(Math.max(entries, (this.#ahead.length / AHEAD) * 2, 1024) * AHEAD);
      grown.set(this.#ahead);
      this.#ahead = grown;
    }
    return this.#ahead;
  }

  /**
   * The slot of the SKU `text[from, to)` (an index into #slots): found, or (when `add`) claimed; -1 when
   * absent and not added.
   */
  #slot(text: string, from: number, to: number, add: boolean): number {
    hashInto(text, from, to, ONE, 0);
    return add ? claimed(this.#claim(ONE[HI]!, ONE[LO]!)) : this.#find(ONE[HI]!, ONE[LO]!);
  }

  /**
   * The slot of the item hashed (`hi`, `lo`): found, or claimed when absent, then as its one's complement
   * (negative: see `claimed`), the table grown first if it is half full. A claimed slot holds no stock
   * and no mapping.
   */
  #claim(hi: number, lo: number): number {
    const at = this.#probe(hi, lo);
    if (at >= 0) return at;
    // Grown, the probe sequence changed: the item is looked for again.
    if (this.#size * 2 >= this.#mask) {
      this.#grow();
      return this.#claim(hi, lo);
    }
    const base = ~at;
    const slots = this.#slots;
    slots[base + HI] = hi;
    slots[base + LO] = lo;
    slots[base + QUANTITY] = -1;
    slots[base + COST] = UNMAPPED;
    this.#size++;
    return at;
  }

  /** The slot of the item hashed (`hi`, `lo`), or -1. */
  #find(hi: number, lo: number): number {
    const at = this.#probe(hi, lo);
    return at < 0 ? -1 : at;
  }

  /**
   * Where the item hashed (`hi`, `lo`) is: its slot, or, when absent, the one's complement of the empty
   * slot its probe ended at (where it would go).
   */
  #probe(hi: number, lo: number): number {
    const slots = this.#slots;
    const mask = this.#mask;
    let i = (hi ^ Math.imul(lo, 0x9e3779b1)) & mask;
    let at: number;
    while ((at = slots[i * STRIDE + HI]!) !== EMPTY) {
      if (at === hi && slots[i * STRIDE + LO] === lo) return i * STRIDE;
      i = (i + 1) & mask;
    }
    return ~(i * STRIDE);
  }

  #grow(): void {
    const old = this.#slots;
    const capacity = (this.#mask + 1) * 2;
    const mask = capacity - 1;
    const slots = new Int32Array(capacity * STRIDE);
    for (let j = 0; j < old.length; j += STRIDE) {
      const hi = old[j + HI]!;
      if (hi === EMPTY) continue;
      let i = (hi ^ Math.imul(old[j + LO]!, 0x9e3779b1)) & mask;
      while (slots[i * STRIDE + HI] !== EMPTY) i = (i + 1) & mask;
      slots.set(old.subarray(j, j + STRIDE), i * STRIDE);
    }
    this.#mask = mask;
    this.#slots = slots;
  }
}

/**
 * The 64-bit hash of the SKU `text[from, to)`, as two int32 into `out[at]` (never 0: 0 marks an empty
 * slot) and `out[at + 1]`: two 32-bit FNV-1a-style hashes with different multipliers.
 */
function hashInto(text: string, from: number, to: number, out: Int32Array, at: number): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ (to - from);
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  out[at + HI] = h1 | 0 || 1;
  out[at + LO] = h2 | 0;
}

/** The slot `#claim` returned, found or claimed. */
function claimed(slot: number): number {
  return slot < 0 ? ~slot : slot;
}

/** `differs` of an item the snapshot lacks: a mapping made since it was read could take the cost, so that is checked too. */
function unknownDiffers(cost: number): number {
  return cost === NONE ? QUANTITY_MAY_DIFFER : QUANTITY_MAY_DIFFER | COST_MAY_DIFFER;
}

/** A 31-bit hash of a cost as written, never one of the markers. */
function costHash(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let k = from; k < to; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h >>> 1;
}

/** A table the snapshot reads (SKU, `column`) of, and what takes each page. */
interface SnapshotTable {
  table: 'supplier_stock' | 'catalog_items';
  column: 'quantity' | 'cost';
  each: (packed: string) => void;
}

/**
 * Reads (SKU, `column`) of one supplier's rows in pages, each page packed into one string by the
 * database (ASCII unit separator between SKU and value, record separator between rows: neither occurs in
 * SKUs or numbers): turning rows into JavaScript values one by one costs more than the database's whole
 * scan. Null values come as ''. A turn of the event loop between pages keeps a hub reading a million
 * rows answering requests. The next page is asked for before this one is read.
 *
 * SQLite: in key order (keyset pagination) along the primary key, which holds the rows themselves
 * (WITHOUT ROWID, see drizzle/sqlite/0005); for a long feed in a worker thread (see `pagesFromWorker`).
 * PostgreSQL: see `pgReadBoth` and `pgPages`.
 */
async function sqlitePages(client: BetterSqlite3.Database, table: string, column: string, supplierId: string, pageRows: number, each: (packed: string) => void): Promise<void> {
  const stmt = client.prepare(sqlitePageSql(table, column, pageRows)).raw(true);
  const page = async (after: string) => stmt.get(supplierId, after) as [string | null, string | null, number];
  return readPagesAhead(page, pageRows, each);
}

function sqlitePagesNow(client: BetterSqlite3.Database, table: string, column: string, supplierId: string, pageRows: number, each: (packed: string) => void): void {
  const stmt = client.prepare(sqlitePageSql(table, column, pageRows)).raw(true);
  for (let after = ''; ; ) {
    const [packed, last, n] = stmt.get(supplierId, after) as [string | null, string | null, number];
    if (packed) each(packed);
    if (n !== pageRows || last === null) return;
    after = last;
  }
}

/**
 * SQLite: one keyset page of (SKU, `column`), packed, with its last SKU and its row count; parameters:
 * the supplier, the SKU the page starts after. Run here or by the worker (snapshot-read-worker.mjs).
 */
function sqlitePageSql(table: string, column: string, pageRows: number): string {
  return `SELECT group_concat(supplier_sku || char(31) || coalesce(${column}, ''), char(30)), max(supplier_sku), count(*)
          FROM (SELECT supplier_sku, ${column} FROM ${table} WHERE supplier_id = ? AND supplier_sku > ? ORDER BY supplier_sku LIMIT ${pageRows})`;
}

const READ_WORKER = new URL('./snapshot-read-worker.mjs', import.meta.url);
/**
 * SQLite: from this many expected rows the snapshot's pages are read in a worker thread
 * (snapshot-read-worker.mjs): below, starting the worker (some 30 ms) costs more than it saves.
 */
const WORKER_AFTER_ROWS = 100_000;

/**
 * SQLite: the pages of both tables, read by a worker thread on a connection of its own (see
 * snapshot-read-worker.mjs), handed to `each` as they come (table 0: stock quantities, 1: costs); returns
 * the supplier's generation, read in the same read transaction. The event loop turns between pages. (A worker a table was measured too: no
 * faster — the two cores are busy already with the scans, the hashing here and the feed's parse — and
 * a feed's peak RSS reached 298 MB.)
 */
async function pagesFromWorker(file: string, supplierId: string, pageRows: number, each: (table: number, packed: string) => void): Promise<number> {
  const statements = [sqlitePageSql('supplier_stock', 'quantity', pageRows), sqlitePageSql('catalog_items', 'cost', pageRows)];
  const worker = new Worker(READ_WORKER, {
    workerData: { file, supplierId, page: pageRows, statements, generation: BASIS_SQL.sqlite },
    execArgv: [],
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
  });
  try {
    return await new Promise<number>((resolve, reject) => {
      worker.on('message', (m: { table: number; packed: string } | { done: true; generation: number } | { error: string }) => {
        if ('done' in m) return resolve(m.generation);
        if ('error' in m) return reject(new Error(`reading the stock snapshot: ${m.error}`));
        try {
          each(m.table, m.packed);
          worker.postMessage('ack');
        } catch (err) {
          reject(err);
        }
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`the snapshot reader stopped (exit code ${code})`)));
    });
  } finally {
    await worker.terminate();
  }
}

/** Heap blocks per page of a physical-order read: 4 MB, some 50,000 rows of these tables. */
const BLOCKS_PER_PAGE = 512;
/** A physical-order read is chosen while the table holds at most this many rows per row the feed expects. */
const MAX_TABLE_ROWS_PER_FEED_ROW = 2;

/**
 * PostgreSQL: both tables at once, on two connections (the server reads one while this process hashes
 * the other), in REPEATABLE READ transactions that share one snapshot (exported by the first, taken by
 * the second), so the two tables and the basis returned show the same moment.
 */
async function pgReadBoth(pool: pg.Pool, supplierId: string, sizeHint: number, pageRows: number, tables: SnapshotTable[]): Promise<Basis> {
  const clients: pg.PoolClient[] = [];
  try {
    for (let i = 0; i < tables.length; i++) clients.push(await pool.connect());
    const [first, ...rest] = clients as [pg.PoolClient, ...pg.PoolClient[]];
    await first.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [[exported, basis]] = (await first.query<[string, string]>({ text: `SELECT pg_export_snapshot(), (${BASIS_SQL.postgres})`, rowMode: 'array' })).rows as [[string, string]];
    for (const c of rest) {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await c.query(`SET TRANSACTION SNAPSHOT '${exported.replace(/'/g, "''")}'`);
    }
    await Promise.all(tables.map((t, i) => pgPages(clients[i]!, t.table, t.column, supplierId, sizeHint, pageRows, t.each)));
    for (const c of clients) await c.query('COMMIT');
    return basis;
  } catch (err) {
    for (const c of clients) await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    for (const c of clients) c.release();
  }
}

/**
 * PostgreSQL: one table's rows, on `client`, inside its transaction. When the supplier's rows are most
 * of the table (the table holds at most twice as many rows as the feed has), pages are ranges of heap
 * blocks (a TID range scan, PostgreSQL 14+) read in physical order — about a third of the server's work of
 * walking the primary key and fetching each row from the heap (0.45 µs a row against 1.3 µs, measured on
 * a million items); the transaction's snapshot makes a row another writer moves to another block
 * meanwhile seen once, not twice or never. Otherwise (a small supplier in a large table, or no hint) in
 * key order along the primary key.
 */
async function pgPages(
  client: pg.PoolClient,
  table: string,
  column: string,
  supplierId: string,
  sizeHint: number,
  pageRows: number,
  each: (packed: string) => void,
): Promise<void> {
  const value = `coalesce(${column}::text, '')`;
  let blocks: number | undefined;
  if (sizeHint > 0) {
    // On the read's own connection: with both tables' reads holding one each, a pool of two has no other.
    const [info] = (
      await client.query<{ rows: number; blocks: string; version: number }>(
        `SELECT c.reltuples AS rows, pg_relation_size(c.oid) / current_setting('block_size')::int AS blocks, current_setting('server_version_num')::int AS version
         FROM pg_class c WHERE c.oid = $1::regclass`,
        [table],
      )
    ).rows;
    if (info && info.version >= 140_000 && info.rows >= 0 && info.rows <= sizeHint * MAX_TABLE_ROWS_PER_FEED_ROW) blocks = Number(info.blocks);
  }
  if (blocks !== undefined) {
    const page = async (from: number) =>
      (
        await client.query<[string | null]>({
          text: `SELECT string_agg(supplier_sku || chr(31) || ${value}, chr(30)) FROM ${table}
                 WHERE ctid >= $2::tid AND ctid < $3::tid AND supplier_id = $1`,
          values: [supplierId, `(${from},0)`, `(${from + BLOCKS_PER_PAGE},0)`],
          rowMode: 'array',
        })
      ).rows[0]![0];
    // Rows added past the last block since the size was read are not in the snapshot: they go to the exact check.
    let next = page(0);
    for (let from = 0; from < blocks; from += BLOCKS_PER_PAGE) {
      const packed = await next;
      if (from + BLOCKS_PER_PAGE < blocks) next = page(from + BLOCKS_PER_PAGE);
      if (packed) each(packed);
      await new Promise((r) => setImmediate(r));
    }
    return;
  }
  const page = async (after: string) =>
    (
      await client.query<[string | null, string | null, string]>({
        text: `SELECT string_agg(supplier_sku || chr(31) || ${value}, chr(30)), max(supplier_sku), count(*)
               FROM (SELECT supplier_sku, ${column} FROM ${table} WHERE supplier_id = $1 AND supplier_sku > $2 ORDER BY supplier_sku LIMIT ${pageRows}) p`,
        values: [supplierId, after],
        rowMode: 'array',
      })
    ).rows[0]!;
  await readPagesAhead(page, pageRows, each);
}

/**
 * Reads keyset pages one ahead: the next page's query is in flight while this one is unpacked, and the
 * event loop gets a turn between pages.
 */
async function readPagesAhead(
  page: (after: string) => Promise<[string | null, string | null, number | string]>,
  pageRows: number,
  each: (packed: string) => void,
): Promise<void> {
  let next = page('');
  for (;;) {
    const [packed, last, n] = await next;
    const more = Number(n) === pageRows && last !== null;
    if (more) next = page(last);
    if (packed) each(packed);
    if (!more) return;
    await new Promise((r) => setImmediate(r));
  }
}
