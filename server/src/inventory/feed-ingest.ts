/**
 * @module Streaming ingest of a supplier's inventory feed (CSV rows of SKU, quantity, cost).
 *
 * Memory stays bounded however long the feed: a worker thread parses the stream (feed-parser.ts; a
 * bounded window of it in flight, so a slow database slows the reader rather than piling rows up). A
 * long feed is filtered against a compact snapshot of the supplier's stored stock and costs
 * (stock-snapshot.ts, about 32 MB for a million items), so the database sees only rows that may have
 * changed; those are held (pending-changes.ts) and written together, in one transaction, sorted by SKU,
 * so that each page of the stock and store-product tables is written once per feed rather than once
 * per batch. Writes store only changed stock and costs and queue only store quantities that differ
 * from what the store was last sent (see inventory-statements.ts); the stock, the "last pushed" marks
 * and the push jobs commit together (inventory-sync.ts), so a feed that dies midway leaves whole
 * transactions behind, and running it again writes what they didn't.
 *
 * A full feed (`full: true`) also zeroes the supplier's items it doesn't list. That needs the set of
 * listed SKUs, so it holds one string per row: use it for feeds the supplier says are complete.
 */
import type { Readable } from 'node:stream';
import type { Database } from '../db/database.ts';
import type { FeedRow } from './inventory-statements.ts';
import { parseCsvInWorker, type FeedColumns, type PackedRows } from './feed-parser.ts';
import type { FeedProfile } from './feed-profile.ts';
import { COST_MAY_DIFFER, PendingChanges, QUANTITY_MAY_DIFFER } from './pending-changes.ts';
import { StockSnapshot } from './stock-snapshot.ts';
import type { BatchOutcome, InventorySync, Participants } from './inventory-sync.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';

/** Rows per transaction before the snapshot filters (a short feed: every row goes to the exact check). */
export const DEFAULT_FEED_BATCH = 5_000;
/** Past this many rows a feed is checked against a snapshot of the stored stock (see stock-snapshot.ts). */
export const SNAPSHOT_AFTER_ROWS = 10_000;
/**
 * Rows that may differ held before they are written, once the snapshot filters: a feed with fewer
 * (5% of a million rows changed: 60,000) is written in one transaction. The price is SQLite's write
 * lock, which other writers wait for: about 2 s for those 60,000 rows on the benchmark's machine
 * (the checkpoint after it runs in a worker, see wal-checkpointer.ts), where the same changes took three
 * transactions of about 1.8 s each before; and memory, about 40 bytes a row held.
 */
export const MAX_PENDING_ROWS = 100_000;
/**
 * Rows per statement inside a feed's transaction: each statement's rows come back as objects (changed
 * SKUs, store quantities to push), so its memory follows this, not the transaction's size.
 */
export const STATEMENT_ROWS = 10_000;
/**
 * SQLite page cache (KiB) while a long feed writes, instead of SQLite's default 2 MB: a feed's changes
 * are spread over the whole catalog, and with the default each changed row's pages are read again
 * from the OS (a system call each) by every statement. Given back when the feed ends.
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
  /** Collects where the time goes (see feed-profile.ts). */
  profile?: FeedProfile;
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
    const profile = options.profile;
    let back = performance.now();
    const report = await parseCsvInWorker(input, options.columns, async (rows) => {
      if (profile) {
        const t = performance.now();
        profile.add('parseWait', t - back);
        await ready;
        profile.add('snapshotWait', performance.now() - t);
      } else await ready;
      await ingest.addPacked(rows);
      back = performance.now();
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

/** One feed being ingested: rows go in one at a time (or packed, a batch at a time), changes go to the database. */
class FeedIngest {
  readonly result: FeedIngestResult = { rows: 0, invalid: 0, errors: [], stockChanged: 0, costsChanged: 0, zeroed: 0, pushed: 0, jobs: 0, ms: 0 };
  readonly #now: () => number;
  readonly #started: number;
  readonly #t0 = performance.now();
  readonly #size: number;
  readonly #snapshotAfter: number;
  readonly #listed: Set<string> | undefined;
  readonly #profile: FeedProfile | undefined;
  #snapshot: StockSnapshot | undefined;
  #pending = new PendingChanges();
  #batchNo = 0;
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
    this.#profile = options.profile;
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

  /** Takes a row; returns a promise only when the row filled what is held for writing (or the snapshot is due). */
  add(row: FeedRow): Promise<void> | undefined {
    if (!this.#snapshot && this.result.rows === this.#snapshotAfter) return this.#startSnapshot().then(() => this.add(row));
    this.result.rows++;
    this.#listed?.add(row.sku);
    let differs = QUANTITY_MAY_DIFFER | COST_MAY_DIFFER;
    if (this.#snapshot) {
      differs = this.#snapshot.differs(row);
      if (differs === 0) return undefined;
      this.#snapshot.noteAt(row.sku, 0, row.sku.length, row.quantity, row.cost ?? '', 0, row.cost?.length ?? 0);
    }
    return this.#hold(row.sku, row.quantity, row.cost, differs);
  }

  /**
   * Takes a packed batch of rows. Against the snapshot, rows are checked where they lie in the packed
   * strings; only those that may differ are cut out.
   */
  async addPacked(rows: PackedRows): Promise<void> {
    const profile = this.#profile;
    const t = profile ? performance.now() : 0;
    const written = profile?.ms.write ?? 0;
    try {
      await this.#addPacked(rows);
    } finally {
      if (profile) profile.add('filter', performance.now() - t - ((profile.ms.write ?? 0) - written));
    }
  }

  async #addPacked(rows: PackedRows): Promise<void> {
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
      const differs = snapshot.differsAt(skus, from, to, quantities[i]!, costs, costFrom, costTo);
      if (differs === 0) continue;
      snapshot.noteAt(skus, from, to, quantities[i]!, costs, costFrom, costTo);
      const flushing = this.#hold(skus.slice(from, to), quantities[i]!, costFrom === costTo ? null : costs.slice(costFrom, costTo), differs);
      if (flushing) await flushing;
    }
  }

  async finish(): Promise<FeedIngestResult> {
    const t = performance.now();
    await this.#flush();
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
    this.#profile?.add('finish', performance.now() - t);
    this.result.ms = Math.round(performance.now() - this.#t0);
    return this.result;
  }

  /** Holds a row that may change something; returns a promise when enough are held to write them. */
  #hold(sku: string, quantity: number, cost: string | null, differs: number): Promise<void> | undefined {
    this.#pending.add(sku, quantity, cost, differs);
    return this.#pending.size >= (this.#snapshot ? MAX_PENDING_ROWS : this.#size) ? this.#flush() : undefined;
  }

  /** Long feed: what was read so far is written, then the stored state (including it) is read once. */
  async #startSnapshot(): Promise<void> {
    await this.#flush();
    const t = performance.now();
    this.#snapshot = await StockSnapshot.load(this.deps.db, this.options.supplierId, this.options.expectedRows);
    this.#profile?.add('snapshot', performance.now() - t);
  }

  /**
   * Writes the held rows in one transaction. The feed waits for it (rather than gathering the next rows
   * meanwhile, which on PostgreSQL would overlap with the server's work): held rows are a feed's largest
   * use of memory, and one set of them at a time keeps it bounded by MAX_PENDING_ROWS.
   */
  async #flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const pending = this.#pending;
    this.#pending = new PendingChanges();
    // Only once there are long-feed writes: reading the snapshot would fill it for nothing.
    if (this.#snapshot && !this.#releaseCache) this.#releaseCache = widenSqliteCache(this.deps.db) ?? (() => undefined);
    const { db, sync } = this.deps;
    const profile = this.#profile;
    const started = performance.now();
    let inside = 0;
    // SQLite: the feed's pages are copied from the WAL into the database by a worker once it has
    // committed, not by the COMMIT on this thread (see wal-checkpointer.ts).
    const checkpointer = this.#snapshot ? WalCheckpointer.of(db) : undefined;
    const release = checkpointer?.hold();
    let out: BatchOutcome;
    try {
      out = await db.transaction(async (tx) => {
        const t0 = performance.now();
        const out = { stockChanged: 0, costsChanged: 0, pushed: 0, jobs: 0 };
        // In SKU order, chunk after chunk: each statement walks each table's B-tree from one end to the other.
        let t = performance.now();
        for (const rows of pending.drain(STATEMENT_ROWS)) {
          if (profile) {
            profile.add('sort', performance.now() - t);
            profile.batches++;
            profile.batchRows += rows.length;
          }
          const key = `${this.options.feedId}:${this.#batchNo++}`;
          const o = await sync.applyFeedBatch(tx, this.options.supplierId, rows, this.options.participants, key, this.#now(), profile);
          out.stockChanged += o.stockChanged;
          out.costsChanged += o.costsChanged;
          out.pushed += o.pushed;
          out.jobs += o.jobs;
          t = performance.now();
        }
        inside = performance.now() - t0;
        return out;
      });
      // Started before the hold ends, so the next commit on this thread doesn't checkpoint first.
      checkpointer?.checkpoint();
    } finally {
      release?.();
    }
    profile?.add('write', performance.now() - started);
    profile?.add('commit', performance.now() - started - inside);
    this.result.stockChanged += out.stockChanged;
    this.result.costsChanged += out.costsChanged;
    this.result.pushed += out.pushed;
    this.result.jobs += out.jobs;
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
