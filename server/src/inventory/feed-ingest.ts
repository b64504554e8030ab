/**
 * @module Streaming ingest of a supplier's inventory feed (CSV rows of SKU, quantity, cost).
 *
 * Memory stays bounded however long the feed: a worker thread parses the stream (feed-parser.ts; a
 * bounded window of it in flight, so a slow database slows the reader rather than piling rows up) and
 * rows go to the database in batches, each in its own transaction (one written while the next is
 * gathered), sorted by SKU, written so that only changed stock is stored and
 * only store quantities that differ from what the store was last sent are queued (see
 * inventory-statements.ts). A long feed is first filtered against a compact snapshot of the supplier's
 * stored stock (stock-snapshot.ts, about 32 MB for a million items), so the database sees only rows
 * that may have changed.
 *
 * A full feed (`full: true`) also zeroes the supplier's items it doesn't list. That needs the set of
 * listed SKUs, so it holds one string per row: use it for feeds the supplier says are complete.
 */
import type { Readable } from 'node:stream';
import type { Database } from '../db/database.ts';
import type { FeedRow } from './inventory-statements.ts';
import { parseCsvInWorker, type FeedColumns, type PackedRows } from './feed-parser.ts';
import { StockSnapshot } from './stock-snapshot.ts';
import type { InventorySync, Participants } from './inventory-sync.ts';

export const DEFAULT_FEED_BATCH = 5_000;
/** Past this many rows a feed is checked against a snapshot of the stored stock (see stock-snapshot.ts). */
export const SNAPSHOT_AFTER_ROWS = 10_000;
/**
 * Changed rows per transaction once the snapshot filters: larger batches write each touched page once
 * instead of once per batch (a feed's changes are spread over the whole catalog: 5% of a million rows
 * touch nearly every page of the stock and store-product tables), at the price of a longer write lock
 * on SQLite (about half a second for 25,000 changes) and more memory (a batch where every row changed
 * comes back as objects from several statements: 50,000 overflow a 40 MB heap).
 */
export const SNAPSHOT_BATCH = 25_000;
/**
 * SQLite page cache (KiB) while a long feed runs, instead of SQLite's default 2 MB: a feed's changes
 * are spread over the whole catalog, and with the default each changed row's pages are read again
 * from the OS (a system call each) by every statement of the batch. Given back when the feed ends.
 */
export const SQLITE_FEED_CACHE_KB = 32 * 1024;

export type { FeedColumns };

export interface FeedIngestOptions {
  supplierId: string;
  /** Unique per feed and stable across a retry of the same feed (a job id, an upload id): names its push jobs. */
  feedId: string;
  /** Where the feed came from, for the feed history: `upload`, `fetch`, `webhook`. */
  source: string;
  participants: Participants;
  /** Default: a header line naming `sku`, `quantity` (or `qty`) and `cost`, else the columns in that order. */
  columns?: FeedColumns;
  full?: boolean;
  batchSize?: number;
  /** Rows after which to switch to the snapshot filter (0: from the start). */
  snapshotAfterRows?: number;
  /** Rows the caller expects (from the upload's size, say): a long feed uses the snapshot from the start. */
  expectedRows?: number;
  now?: () => number;
}

export interface FeedIngestResult {
  rows: number;
  invalid: number;
  errors: { line: number; message: string }[];
  stockChanged: number;
  costsChanged: number;
  zeroed: number;
  pushed: number;
  jobs: number;
  ms: number;
}

/** Parses a CSV stream (in a worker thread, see feed-parser.ts) and ingests it. */
export async function ingestCsvFeed(deps: { db: Database; sync: InventorySync }, input: Readable, options: FeedIngestOptions): Promise<FeedIngestResult> {
  const ingest = new FeedIngest(deps, options);
  try {
    // A long feed's snapshot is read while the worker starts and parses the first rows.
    const ready = ingest.prepare();
    ready.catch(() => undefined);
    const report = await parseCsvInWorker(input, options.columns, async (rows) => {
      await ready;
      await ingest.addPacked(rows);
    });
    await ready;
    ingest.result.invalid = report.invalid;
    ingest.result.errors = report.errors;
    return await ingest.finish();
  } finally {
    ingest.release();
  }
}

/** Ingests rows from any source (a connector's `fetchInventory` answer, an array). */
export async function ingestFeedRows(deps: { db: Database; sync: InventorySync }, rows: Iterable<FeedRow>, options: FeedIngestOptions): Promise<FeedIngestResult> {
  const ingest = new FeedIngest(deps, options);
  try {
    for (const row of rows) {
      const flushing = ingest.add(row);
      if (flushing) await flushing;
    }
    return await ingest.finish();
  } finally {
    ingest.release();
  }
}

/** One feed being ingested: rows go in one at a time (or packed, a batch at a time), batches go to the database. */
class FeedIngest {
  readonly result: FeedIngestResult = { rows: 0, invalid: 0, errors: [], stockChanged: 0, costsChanged: 0, zeroed: 0, pushed: 0, jobs: 0, ms: 0 };
  readonly #now: () => number;
  readonly #started: number;
  readonly #t0 = performance.now();
  readonly #size: number;
  readonly #snapshotAfter: number;
  readonly #snapshotBatch = SNAPSHOT_BATCH;
  readonly #listed: Set<string> | undefined;
  #snapshot: StockSnapshot | undefined;
  #batch: FeedRow[] = [];
  #batchNo = 0;
  /**
   * The batch being written. One at a time, in feed order (a later row for a SKU must win), but the
   * next batch is gathered meanwhile: on PostgreSQL the server writes while this process filters.
   */
  #writing: Promise<void> | undefined;
  #releaseCache: (() => void) | undefined;

  constructor(
    private readonly deps: { db: Database; sync: InventorySync },
    private readonly options: FeedIngestOptions,
  ) {
    this.#now = options.now ?? Date.now;
    this.#started = this.#now();
    this.#size = options.batchSize ?? DEFAULT_FEED_BATCH;
    this.#snapshotAfter = options.snapshotAfterRows ?? ((options.expectedRows ?? 0) >= SNAPSHOT_AFTER_ROWS ? 0 : SNAPSHOT_AFTER_ROWS);
    this.#listed = options.full ? new Set<string>() : undefined;
  }

  /** Reads the snapshot now when the feed uses it from the first row. */
  async prepare(): Promise<void> {
    if (this.#snapshotAfter === 0) await this.#startSnapshot();
  }

  /** Ends the feed's claim on a larger SQLite page cache, whether it finished or failed. */
  release(): void {
    this.#releaseCache?.();
    this.#releaseCache = undefined;
  }

  /** Takes a row; returns a promise only when the row completed a batch (or the snapshot is due). */
  add(row: FeedRow): Promise<void> | undefined {
    if (!this.#snapshot && this.result.rows === this.#snapshotAfter) return this.#startSnapshot().then(() => this.add(row));
    this.result.rows++;
    this.#listed?.add(row.sku);
    if (this.#snapshot) {
      if (!this.#snapshot.mayDiffer(row)) return undefined;
      this.#snapshot.noteAt(row.sku, 0, row.sku.length, row.quantity, row.cost ?? '', 0, row.cost?.length ?? 0);
    }
    return this.#push(row);
  }

  /**
   * Takes a packed batch of rows. Against the snapshot, rows are checked where they lie in the packed
   * strings; only those that may differ become objects.
   */
  async addPacked(rows: PackedRows): Promise<void> {
    const { skus, skuEnds, quantities, costs, costEnds, count } = rows;
    let i = 0;
    while (i < count && !this.#snapshot) {
      const flushing = this.add(unpack(rows, i++));
      if (flushing) await flushing;
    }
    const snapshot = this.#snapshot;
    if (!snapshot) return;
    this.result.rows += count - i;
    for (; i < count; i++) {
      const from = i === 0 ? 0 : skuEnds[i - 1]!;
      const to = skuEnds[i]!;
      if (this.#listed) this.#listed.add(skus.slice(from, to));
      const costFrom = i === 0 ? 0 : costEnds[i - 1]!;
      const costTo = costEnds[i]!;
      if (!snapshot.mayDifferAt(skus, from, to, quantities[i]!, costs, costFrom, costTo)) continue;
      snapshot.noteAt(skus, from, to, quantities[i]!, costs, costFrom, costTo);
      const flushing = this.#push(unpack(rows, i));
      if (flushing) await flushing;
    }
  }

  async finish(): Promise<FeedIngestResult> {
    await this.#flush();
    await this.#writing;
    if (this.#listed) await zeroUnlisted(this.deps, this.options, this.#listed, this.result, this.#now, () => `${this.options.feedId}:${this.#batchNo++}`);
    const { db } = this.deps;
    await db.transaction((tx) =>
      tx.insert(db.t.supplierFeedRuns).values({
        supplierId: this.options.supplierId,
        source: this.options.source,
        rows: this.result.rows,
        changed: this.result.stockChanged + this.result.zeroed,
        pushed: this.result.pushed,
        startedAt: this.#started,
        finishedAt: this.#now(),
      }),
    );
    this.result.ms = Math.round(performance.now() - this.#t0);
    return this.result;
  }

  #push(row: FeedRow): Promise<void> | undefined {
    this.#batch.push(row);
    return this.#batch.length >= (this.#snapshot ? this.#snapshotBatch : this.#size) ? this.#flush() : undefined;
  }

  /** Long feed: what was read so far is written, then the stored state (including it) is read once. */
  async #startSnapshot(): Promise<void> {
    await this.#flush();
    await this.#writing;
    this.#snapshot = await StockSnapshot.load(this.deps.db, this.options.supplierId, this.options.expectedRows);
  }

  /** Starts writing the gathered batch once the one before it is written. */
  async #flush(): Promise<void> {
    await this.#writing;
    if (this.#batch.length === 0) return;
    // In key order, the batch walks each table's B-tree from one end to the other instead of hopping.
    const rows = dedupe(this.#batch).sort(bySku);
    this.#batch = [];
    // Only once there are long-feed writes: reading the snapshot would fill it for nothing.
    if (this.#snapshot && !this.#releaseCache) this.#releaseCache = widenSqliteCache(this.deps.db) ?? (() => undefined);
    const key = `${this.options.feedId}:${this.#batchNo++}`;
    const { db, sync } = this.deps;
    const writing = db.transaction((tx) => sync.applyFeedBatch(tx, this.options.supplierId, rows, this.options.participants, key, this.#now())).then((out) => {
      this.result.stockChanged += out.stockChanged;
      this.result.costsChanged += out.costsChanged;
      this.result.pushed += out.pushed;
      this.result.jobs += out.jobs;
    });
    // Awaited by the next flush or by finish; marked handled so a failure waits for them instead of crashing the process.
    writing.catch(() => undefined);
    this.#writing = writing;
  }
}

/** Feeds holding the larger cache, per SQLite connection: the last one to finish restores the size it found. */
const cacheClaims = new WeakMap<object, { feeds: number; before: number }>();

function widenSqliteCache(db: Database): (() => void) | undefined {
  const native = db.native;
  if (native.dialect !== 'sqlite') return undefined;
  const client = native.client;
  let claim = cacheClaims.get(client);
  if (!claim) {
    claim = { feeds: 0, before: Number(client.pragma('cache_size', { simple: true })) };
    cacheClaims.set(client, claim);
    if (claim.before > -SQLITE_FEED_CACHE_KB && claim.before < SQLITE_FEED_CACHE_KB / 4) client.pragma(`cache_size = ${-SQLITE_FEED_CACHE_KB}`);
  }
  claim.feeds++;
  const held = claim;
  return () => {
    if (--held.feeds > 0) return;
    cacheClaims.delete(client);
    if (client.open) client.pragma(`cache_size = ${held.before}`);
  };
}

/** Row `i` of a packed batch as an object. */
function unpack(rows: PackedRows, i: number): FeedRow {
  const cost = rows.costs.slice(i === 0 ? 0 : rows.costEnds[i - 1]!, rows.costEnds[i]!);
  return { sku: rows.skus.slice(i === 0 ? 0 : rows.skuEnds[i - 1]!, rows.skuEnds[i]!), quantity: rows.quantities[i]!, cost: cost === '' ? null : cost };
}

const bySku = (a: FeedRow, b: FeedRow) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

async function zeroUnlisted(
  deps: { db: Database; sync: InventorySync },
  options: FeedIngestOptions,
  listed: Set<string>,
  result: FeedIngestResult,
  now: () => number,
  nextKey: () => string,
) {
  const st = deps.sync.statements;
  let after = '';
  for (;;) {
    const page = await st.stockedSkus(deps.db.q, options.supplierId, after, DEFAULT_FEED_BATCH);
    if (page.length === 0) return;
    after = page.at(-1)!;
    const gone = page.filter((sku) => !listed.has(sku));
    if (gone.length === 0) continue;
    const out = await deps.db.transaction(async (tx) => {
      await st.zeroStock(tx, options.supplierId, gone, now());
      return deps.sync.syncSupplierSkus(tx, options.supplierId, gone, options.participants, nextKey());
    });
    result.zeroed += gone.length;
    result.pushed += out.pushed;
    result.jobs += out.jobs;
  }
}

/** A SKU listed twice in one batch: the later line wins, as it would row by row. */
function dedupe(rows: FeedRow[]): FeedRow[] {
  const seen = new Map<string, FeedRow>();
  for (const r of rows) seen.set(r.sku, r);
  return seen.size === rows.length ? rows : [...seen.values()];
}
