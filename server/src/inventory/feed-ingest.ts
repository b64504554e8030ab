/**
 * @module Streaming ingest of a supplier's inventory feed (CSV rows of SKU, quantity, cost).
 *
 * Memory stays bounded however long the feed: a worker thread parses the stream (feed-parser.ts; a
 * bounded window of it in flight, so a slow database slows the reader rather than piling rows up). A
 * long feed is filtered against a compact snapshot of the supplier's stored stock and costs
 * (stock-snapshot.ts, about 32 MB for a million items; read from the digest the supplier's last feed
 * left when there is one, see stock-digest.ts, and left for the next feed), so the database sees only
 * rows that may have changed. On SQLite those are held (pending-changes.ts) and written together, in one
 * transaction, sorted by SKU, so that each page of the stock and store-product tables is written once
 * per feed rather than once per batch; on PostgreSQL they go to the feed's one transaction while the rest
 * is still parsed (see FeedIngest.#writeAhead). Writes store only changed stock and costs and queue only store quantities that differ
 * from what the store was last sent (see inventory-statements.ts); the stock, the "last pushed" marks
 * and the push jobs commit together (inventory-sync.ts; on PostgreSQL in two transactions committed
 * back to back, see FeedIngest.#writeAhead), so a feed that dies midway leaves whole transactions
 * behind, and running it again writes what they didn't.
 *
 * A full feed (`full: true`) also zeroes the supplier's items it doesn't list. That needs the set of
 * listed SKUs, so it holds one string per row: use it for feeds the supplier says are complete.
 */
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Database, Queryable } from '../db/database.ts';
import { openTransaction, type OpenTransaction } from '../db/open-transaction.ts';
import type { FeedRow } from './inventory-statements.ts';
import { parseCsvInWorker, type FeedColumns, type PackedRows } from './feed-parser.ts';
import type { FeedProfile } from './feed-profile.ts';
import { COST_MAY_DIFFER, PendingChanges, QUANTITY_MAY_DIFFER } from './pending-changes.ts';
import { beginOwnWrites, endOwnWrites, writeDigest, writeDigestHead, writeDigestPages, type Basis } from './stock-digest.ts';
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
 * PostgreSQL (a feed written while it is read): changed items held for the claim of their store
 * quantities, at most; about 100 bytes each.
 */
export const MAX_STREAMED_ITEMS = 20_000;
/**
 * PostgreSQL, claiming in a second transaction: changed items gathered before a claim is queued there.
 * Small, so that the claims keep up with the writes rather than leaving a long one for the end.
 */
const CLAIM_AFTER_ITEMS = 5_000;
/**
 * PostgreSQL: how long a feed's statement waits for a row lock before the feed fails (and rolls back).
 * A feed holds two transactions open (see FeedIngest.#writeAhead) and commits them one after the other,
 * a wait the database can't see: a deadlock through it (another writer holding a row one of them needs
 * while it waits for a row the other holds) would otherwise hang until someone killed it. Row locks are
 * held for milliseconds in this hub; a feed that waits this long fails as any feed whose writes fail:
 * nothing of it is kept, and running it again writes it all.
 */
const FEED_LOCK_TIMEOUT = '30s';
/** Connections the pool must allow for a feed to take a second one for its store quantities: one is left for everything else. */
const POOL_FOR_TWO = 3;

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
    // A long feed's snapshot is read while the worker starts and parses the first rows; on PostgreSQL
    // before the parse starts: there the writes, the server's work, pace the feed once the snapshot
    // filters, and rows parsed meanwhile would only wait in memory for them (40 MB of a million-row
    // feed's peak, for no time saved: medians of 6 runs each way within 0.12 s). SQLite writes at the
    // end, so every row parsed while its snapshot is read is time saved.
    const ready = ingest.prepare();
    ready.catch(() => undefined);
    if (deps.db.dialect === 'postgres') await ready;
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
    await ingest.release();
  }
}

/** Ingests rows from any source (a connector's `fetchInventory` answer, an array, rows as they arrive). */
export async function ingestFeedRows(deps: { db: Database; sync: InventorySync }, rows: Iterable<FeedRow> | AsyncIterable<FeedRow>, options: FeedIngestOptions): Promise<FeedIngestResult> {
  const ingest = new FeedIngest(deps, options);
  try {
    for await (const row of rows) {
      const flushing = ingest.add(row);
      if (flushing) await flushing;
    }
    return await ingest.finish();
  } finally {
    await ingest.release();
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
  /**
   * What the snapshot was read at (see stock-digest.ts): with the feed's rows noted
   * in it, it shows every change up to then. Undefined when it was read without one (no digest is left).
   */
  #basis: Basis | undefined;
  /** The feed wrote to the supplier's stock or costs, so its digest is due (set by #ownWrites). */
  #wrote = false;
  /** The digest was written with the stock, in the streamed transaction (see `#endStream`). */
  #digestWritten = false;
  #pending = new PendingChanges();
  /** PostgreSQL, once the snapshot filters: the feed's stock and costs (see `#writeAhead`). */
  #stream: OpenTransaction | undefined;
  /** PostgreSQL, the pool permitting: the store quantities those change, on a second connection (see `#writeAhead`). */
  #claims: OpenTransaction | undefined;
  /**
   * Items whose quantity the stream changed, as now stored (the last write of a SKU listed twice wins),
   * their store quantities to be claimed in the stream's own transaction.
   */
  #streamed = new Map<string, number>();
  /**
   * With the claims on a second connection: the stock available behind the store SKUs of the items the
   * stream changed, as the stream's transaction saw it after writing them (the latest wins).
   */
  #available = new Map<string, number>();
  /** A claim is queued on the second connection and hasn't started: what changes meanwhile joins it. */
  #claimQueued = false;
  #batchNo = 0;
  /** What of each row of a packed batch may differ (see StockSnapshot.filter); kept for the next batch. */
  #differs = new Uint8Array(0);
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

  /** Ends the feed's claim on a larger SQLite page cache, and rolls back what it streamed, if it failed. */
  async release(): Promise<void> {
    this.#releaseCache?.();
    this.#releaseCache = undefined;
    const open = [this.#stream, this.#claims];
    this.#stream = this.#claims = undefined;
    const stopped = new Error('the feed stopped before it was written');
    await Promise.all(open.map((t) => t?.rollback(stopped)));
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
      this.#snapshot.note(row);
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
    const { skus, skuEnds, count } = rows;
    let i = 0;
    while (i < count && !this.#snapshot) {
      const flushing = this.add(unpack(rows, i++));
      if (flushing) await flushing;
    }
    const snapshot = this.#snapshot;
    if (!snapshot) return;
    this.result.rows += count - i;
    if (this.#listed) for (let r = i; r < count; r++) this.#listed.add(skus.slice(r === 0 ? 0 : skuEnds[r - 1]!, skuEnds[r]!));
    // Rows read one by one before the snapshot was ready are past; the rest are checked in one pass.
    const differs = this.#differs.length >= count ? this.#differs : (this.#differs = new Uint8Array(count));
    if (snapshot.filter(rows, differs, i) === 0) return;
    const { quantities, costs, costEnds } = rows;
    for (let r = i; r < count; r++) {
      if (differs[r] === 0) continue;
      const from = r === 0 ? 0 : skuEnds[r - 1]!;
      const costFrom = r === 0 ? 0 : costEnds[r - 1]!;
      const costTo = costEnds[r]!;
      const flushing = this.#hold(skus.slice(from, skuEnds[r]!), quantities[r]!, costFrom === costTo ? null : costs.slice(costFrom, costTo), differs[r]!);
      if (flushing) await flushing;
    }
  }

  async finish(): Promise<FeedIngestResult> {
    const t = performance.now();
    await this.#flush();
    if (this.#listed) {
      await zeroUnlisted(this.deps, this.options, this.#listed, this.result, this.#now, () => `${this.options.feedId}:${this.#batchNo++}`, (tx, gone, write) =>
        this.#ownWrites(tx, async () => {
          for (const sku of gone) this.#snapshot?.note({ sku, quantity: 0, cost: null });
          return write();
        }),
      );
    }
    const { db } = this.deps;
    const snapshot = this.#snapshot;
    const digestDue = snapshot && !this.#digestWritten && this.#digestDue();
    const checkpointer = digestDue ? WalCheckpointer.of(db) : undefined;
    const release = checkpointer?.hold();
    try {
      await db.transaction(async (tx) => {
        if (digestDue) {
          const t0 = performance.now();
          if (this.#basis !== undefined) await writeDigest(db, tx, this.options.supplierId, this.#basis, snapshot.size, snapshot.digestPages(), this.#now());
          this.#profile?.add('digest', performance.now() - t0);
        }
        await tx.insert(db.t.supplierFeedRuns).values({
          supplierId: this.options.supplierId,
          source: this.options.source,
          rows: this.result.rows,
          changed: this.result.stockChanged + this.result.zeroed,
          pushed: this.result.pushed,
          startedAt: this.#started,
          finishedAt: this.#now(),
        });
      });
      checkpointer?.checkpoint();
    } finally {
      release?.();
    }
    this.#profile?.add('finish', performance.now() - t);
    this.result.ms = Math.round(performance.now() - this.#t0);
    return this.result;
  }

  /**
   * The digest the next feed reads is due when the feed wrote, read the tables (no digest), or read SKUs
   * written since the digest; and can be made when the snapshot was read with its basis.
   */
  #digestDue(): boolean {
    const snapshot = this.#snapshot;
    return snapshot !== undefined && StockSnapshot.digests && this.#basis !== undefined && (this.#wrote || !snapshot.fromDigest || snapshot.changedSinceDigest > 0);
  }

  /** Holds a row that may change something; returns a promise when enough are held to write them. */
  #hold(sku: string, quantity: number, cost: string | null, differs: number): Promise<void> | undefined {
    this.#pending.add(sku, quantity, cost, differs);
    const streams = this.#streams;
    const limit = !this.#snapshot ? this.#size : streams ? STATEMENT_ROWS : MAX_PENDING_ROWS;
    return this.#pending.size >= limit ? (streams ? this.#writeAhead() : this.#flush()) : undefined;
  }

  /** Rows go to the database while the feed is still being read (PostgreSQL; see `#writeAhead`). */
  get #streams(): boolean {
    return this.#snapshot !== undefined && this.deps.db.dialect === 'postgres';
  }

  /**
   * PostgreSQL: the held rows' stock and costs are written now, in the feed's one transaction, which
   * stays open while the rest of the file is read: the server writes on the other core while this process
   * parses and filters, instead of after it (measured on a million rows: see bench/README.md). The store
   * quantities those writes change are claimed (marked as sent, push jobs queued) every
   * MAX_STREAMED_ITEMS changed items and at the end, from the last quantity written per SKU. When the
   * pool allows, the claims go to a second transaction on a connection of its own, so that the server
   * claims one batch while it writes the next: this transaction writes the stock and reads what its
   * writes make available (the other can't see them), that one writes the costs, marks the store
   * quantities and queues the pushes, every CLAIM_AFTER_ITEMS changed items, and drops the supplier's
   * digest. The claims commit first, then the stock; a failure before both commit rolls both back, so
   * a feed that fails changes nothing. Between the two commits a crash could leave the stores sent
   * quantities the stock doesn't hold yet (the feed, run again, writes them and finds nothing left to
   * send), never a changed stock whose quantities were not sent; the digest is gone either way. SQLite
   * writes in this thread and gains nothing: it holds the rows and writes them in SKU order, each page once.
   */
  async #writeAhead(): Promise<void> {
    const pending = this.#pending;
    this.#pending = new PendingChanges();
    const { db, sync } = this.deps;
    if (!this.#stream) {
      // What the digest shows from now on (#ownWrites sets it too, once the transaction has begun).
      this.#wrote = true;
      const two = db.native.dialect === 'postgres' && (db.native.pool.options.max ?? 10) >= POOL_FOR_TWO;
      // With two, the second commits first, so it drops the supplier's digest (see stock-digest.ts).
      this.#stream = openTransaction(db, (tx, steps) => (two ? this.#ownWrites(tx, () => boundedWaits(db, tx, steps), false) : this.#ownWrites(tx, steps)));
      if (two) this.#claims = openTransaction(db, (tx, steps) => this.#ownWrites(tx, () => boundedWaits(db, tx, steps)));
    }
    const { supplierId, participants } = this.options;
    const profile = this.#profile;
    for (const rows of pending.drain(STATEMENT_ROWS)) {
      // Costs go with the claims when there are two transactions: nothing else reads them, and the
      // stock's transaction, which also reads what its writes make available, has the more work.
      const claims = this.#claims;
      // Each waits only for the step before it in its own transaction (one runs, one waits in each).
      const costs = claims?.run(async (tx) => {
        this.result.costsChanged += await sync.writeFeedCosts(tx, supplierId, rows, this.#now(), profile);
      });
      costs?.catch(() => undefined);
      const stock = this.#stream.run(async (tx) => {
        if (!claims) {
          const { changed, costsChanged } = await sync.writeFeedRows(tx, supplierId, rows, this.#now(), profile);
          this.result.stockChanged += changed.length;
          this.result.costsChanged += costsChanged;
          for (const c of changed) this.#streamed.set(c.sku, c.quantity);
          return;
        }
        const changed = await sync.writeFeedStock(tx, supplierId, rows, this.#now(), profile);
        this.result.stockChanged += changed.length;
        // The claims' transaction doesn't see this one's writes (two items of one store SKU, both
        // changed, must sum their new quantities): what is available now is read here, and claimed
        // there as soon as enough has gathered, while this transaction writes on.
        const read = () => sync.statements.availableOf(tx, supplierId, changed, participants.suppliers);
        for (const a of await (profile ? profile.time('available', read) : read())) this.#available.set(a.sku, a.available);
        if (!this.#claimQueued && this.#available.size >= CLAIM_AFTER_ITEMS) this.#queueClaim().catch(() => undefined);
      });
      await Promise.all([stock, costs]);
    }
    // Memory stays bounded: past this many changed items their store quantities are claimed now (a SKU
    // listed again after that is queued again, after the first, as with a feed written in several
    // transactions); on the second connection, this waits while the claims fall behind.
    if (this.#claims ? this.#available.size >= MAX_STREAMED_ITEMS : this.#streamed.size >= MAX_STREAMED_ITEMS) {
      await (this.#claims ? this.#queueClaim() : this.#stream.run((tx) => this.#claimStreamed(tx)));
    }
  }

  /**
   * Queues a claim of what has gathered in #available on the second connection; resolves once the
   * claim before it is done (a failure surfaces there, or at its commit).
   */
  #queueClaim(): Promise<void> {
    this.#claimQueued = true;
    return this.#claims!.run(async (tx) => {
      this.#claimQueued = false;
      const available = [...this.#available].map(([sku, available]) => ({ sku, available }));
      this.#available.clear();
      await this.#claimInChunks(tx, available, (chunk, key) => this.deps.sync.claim(tx, { available: chunk }, this.options.participants, key, this.#profile));
    });
  }

  /** Claims and queues, in the stream's transaction, the store quantities behind the items it changed so far. */
  async #claimStreamed(tx: Queryable): Promise<void> {
    const written = [...this.#streamed].map(([sku, quantity]) => ({ sku, quantity }));
    this.#streamed.clear();
    await this.#claimInChunks(tx, written, (chunk, key) => this.deps.sync.claim(tx, { supplierId: this.options.supplierId, written: chunk }, this.options.participants, key, this.#profile));
  }

  /** Claims `items` in SKU order, STATEMENT_ROWS a statement, each batch named by the feed and its number. */
  async #claimInChunks<T extends { sku: string }>(tx: Queryable, items: T[], claim: (chunk: T[], key: string) => Promise<{ pushed: number; jobs: number }>): Promise<void> {
    items.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
    for (let i = 0; i < items.length; i += STATEMENT_ROWS) {
      const { pushed, jobs } = await claim(items.slice(i, i + STATEMENT_ROWS), `${this.options.feedId}:${this.#batchNo++}`);
      this.result.pushed += pushed;
      this.result.jobs += jobs;
    }
  }

  /** Long feed: what was read so far is written, then the stored state (including it) is read once. */
  async #startSnapshot(): Promise<void> {
    await this.#flush();
    const t = performance.now();
    this.#snapshot = await StockSnapshot.load(this.deps.db, this.options.supplierId, this.options.expectedRows);
    this.#basis = this.#snapshot.basis;
    this.#profile?.add('snapshot', performance.now() - t);
  }

  /**
   * Runs `write` in `tx` as the feed's own writes to the supplier's stock (see stock-digest.ts), when it
   * will leave a digest: the snapshot, with its rows noted in it, shows them.
   */
  async #ownWrites<T>(tx: Queryable, write: () => Promise<T>, dropDigest = true): Promise<T> {
    const { db } = this.deps;
    this.#wrote = true;
    if (this.#basis === undefined) return write();
    await beginOwnWrites(db, tx, this.options.supplierId, dropDigest);
    const out = await write();
    await endOwnWrites(db, tx, this.options.supplierId);
    return out;
  }

  /**
   * Writes the held rows in one transaction (PostgreSQL, once the snapshot filters: ends the streamed
   * one). The feed waits for it: held rows are a feed's largest use of memory, and one set of them at a
   * time keeps it bounded by MAX_PENDING_ROWS.
   */
  async #flush(): Promise<void> {
    if (this.#streams) return this.#endStream();
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
      out = await db.transaction((tx) => this.#ownWrites(tx, async () => {
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
      }));
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

  /**
   * The end of a streamed feed: the last rows, then the store quantities of every item it changed, then
   * COMMIT. The digest commits with the stock it describes, in the stock's transaction (unless a full
   * feed zeroes items after this, see `finish`): with two transactions, its pages are written there while
   * the last claim runs in the other, and its head once that one, which dropped the old head, has committed.
   */
  async #endStream(): Promise<void> {
    if (this.#pending.size > 0) await this.#writeAhead();
    const stream = this.#stream;
    if (!stream) return;
    const claims = this.#claims;
    const started = performance.now();
    const { db } = this.deps;
    const { supplierId } = this.options;
    const digest = !this.#listed && this.#digestDue() ? this.#snapshot : undefined;
    let pages = 0;
    const writePages = async (tx: Queryable) => {
      if (!digest) return;
      const t = performance.now();
      pages = await writeDigestPages(db, tx, supplierId, digest.digestPages());
      this.#profile?.add('digest', performance.now() - t);
    };
    const writeHead = async (tx: Queryable) => {
      if (digest) await writeDigestHead(db, tx, supplierId, this.#basis!, digest.size, pages, this.#now());
    };
    if (claims) {
      // Resolves once every write queued before it is done: the last claim then has every changed item.
      await stream.run(writePages);
      try {
        if (this.#available.size > 0) await this.#queueClaim();
        // The pages written: nothing of the stock's transaction is left to fail but its commit.
        await stream.run(async () => undefined);
        this.#claims = undefined;
        await claims.commit();
      } catch (err) {
        this.#claims = undefined;
        this.#stream = undefined;
        await Promise.all([claims.rollback(err), stream.rollback(err)]);
        throw err;
      }
      await stream.commit(writeHead);
    } else {
      await stream.commit(async (tx) => {
        await this.#claimStreamed(tx);
        await writePages(tx);
        await writeHead(tx);
      });
    }
    this.#stream = undefined;
    this.#digestWritten = digest !== undefined;
    this.#profile?.add('write', performance.now() - started);
  }
}

/** Runs `steps` in `tx` with its lock waits bounded by FEED_LOCK_TIMEOUT (PostgreSQL). */
async function boundedWaits(db: Database, tx: Queryable, steps: () => Promise<void>): Promise<void> {
  await db.all(tx, sql`SELECT set_config('lock_timeout', ${FEED_LOCK_TIMEOUT}, true)`);
  return steps();
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
  /** Runs a transaction's writes, given the SKUs it zeroes, as the feed's own (see FeedIngest.#ownWrites). */
  own: <T>(tx: Queryable, gone: string[], write: () => Promise<T>) => Promise<T>,
) {
  const st = deps.sync.statements;
  let after = '';
  for (;;) {
    const page = await st.stockedSkus(deps.db.q, options.supplierId, after, DEFAULT_FEED_BATCH);
    if (page.length === 0) return;
    after = page.at(-1)!;
    const gone = page.filter((sku) => !listed.has(sku));
    if (gone.length === 0) continue;
    const out = await deps.db.transaction((tx) =>
      own(tx, gone, async () => {
        await st.zeroStock(tx, options.supplierId, gone, now());
        return deps.sync.syncSupplierSkus(tx, options.supplierId, gone, options.participants, nextKey());
      }),
    );
    result.zeroed += gone.length;
    result.pushed += out.pushed;
    result.jobs += out.jobs;
  }
}
