/**
 * @module Streaming ingest of a supplier's inventory feed (CSV rows of SKU, quantity, cost).
 *
 * Memory stays bounded however long the feed: csv-parse reads the stream record by record (the loop
 * below pulls, so a slow database slows the reader rather than piling rows up) and rows go to the
 * database in batches, each in its own transaction, written so that only changed stock is stored and
 * only store quantities that differ from what the store was last sent are queued (see
 * inventory-statements.ts). A long feed is first filtered against a compact snapshot of the supplier's
 * stored stock (stock-snapshot.ts, about 32 MB for a million items), so the database sees only rows
 * that may have changed.
 *
 * A full feed (`full: true`) also zeroes the supplier's items it doesn't list. That needs the set of
 * listed SKUs, so it holds one string per row: use it for feeds the supplier says are complete.
 */
import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { ValidationError } from '@dropline/connectors/sdk';
import type { Database } from '../db/database.ts';
import type { FeedRow } from './inventory-statements.ts';
import { StockSnapshot } from './stock-snapshot.ts';
import type { InventorySync, Participants } from './inventory-sync.ts';

export const DEFAULT_FEED_BATCH = 5_000;
/** Past this many rows a feed is checked against a snapshot of the stored stock (see stock-snapshot.ts). */
export const SNAPSHOT_AFTER_ROWS = 10_000;
/**
 * Changed rows per transaction once the snapshot filters: larger batches write each touched page once
 * instead of once per batch (a feed's changes are spread over the whole catalog), at the price of a
 * longer write lock on SQLite (about half a second for 20,000 changes).
 */
export const SNAPSHOT_BATCH = 20_000;
const MAX_REPORTED_ERRORS = 20;
const COST = /^\d+(\.\d+)?$/;

export interface FeedColumns {
  /** Header names (a header line is expected when given), or 0-based positions. */
  sku: string | number;
  quantity: string | number;
  cost?: string | number;
}

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

/** Parses a CSV stream and ingests it. */
export async function ingestCsvFeed(deps: { db: Database; sync: InventorySync }, input: Readable, options: FeedIngestOptions): Promise<FeedIngestResult> {
  const parser = input.pipe(parse({ bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }));
  input.on('error', (err) => parser.destroy(err));
  const ingest = new FeedIngest(deps, options);
  const result = ingest.result;
  let map: { sku: number; quantity: number; cost: number | undefined } | undefined;
  const explicitHeader = options.columns && typeof options.columns.sku === 'string';
  // Errors name the record number (the header is 1): the line, in a file without blank or multi-line fields.
  let line = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    line++;
    if (!map) {
      const header = headerMap(record, options.columns);
      if (header) {
        map = header;
        continue;
      }
      if (explicitHeader) throw new ValidationError('the feed has no header line with the configured columns', [{ field: 'columns', message: `first line: ${record.join(',')}` }]);
      map = { sku: Number(options.columns?.sku ?? 0), quantity: Number(options.columns?.quantity ?? 1), cost: options.columns?.cost === undefined ? (options.columns ? undefined : 2) : Number(options.columns.cost) };
    }
    const row = toRow(record, map);
    if (typeof row === 'string') {
      result.invalid++;
      if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push({ line, message: row });
      continue;
    }
    // Most rows are taken synchronously; only a full batch waits for the database.
    const flushing = ingest.add(row);
    if (flushing) await flushing;
  }
  return ingest.finish();
}

/** Ingests rows from any source (a connector's `fetchInventory` answer, an array). */
export async function ingestFeedRows(deps: { db: Database; sync: InventorySync }, rows: Iterable<FeedRow>, options: FeedIngestOptions): Promise<FeedIngestResult> {
  const ingest = new FeedIngest(deps, options);
  for (const row of rows) {
    const flushing = ingest.add(row);
    if (flushing) await flushing;
  }
  return ingest.finish();
}

/** One feed being ingested: rows go in one at a time, batches go to the database. */
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

  /** Takes a row; returns a promise only when the row completed a batch (or the snapshot is due). */
  add(row: FeedRow): Promise<void> | undefined {
    if (!this.#snapshot && this.result.rows === this.#snapshotAfter) return this.#startSnapshot().then(() => this.add(row));
    this.result.rows++;
    this.#listed?.add(row.sku);
    if (this.#snapshot && !this.#snapshot.mayDiffer(row)) return undefined;
    this.#batch.push(row);
    return this.#batch.length >= (this.#snapshot ? this.#snapshotBatch : this.#size) ? this.#flush() : undefined;
  }

  async finish(): Promise<FeedIngestResult> {
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
    this.result.ms = Math.round(performance.now() - this.#t0);
    return this.result;
  }

  /** Long feed: what was read so far is applied, then the stored state (including it) is read once. */
  async #startSnapshot(): Promise<void> {
    await this.#flush();
    this.#snapshot = await StockSnapshot.load(this.deps.db, this.options.supplierId);
  }

  async #flush(): Promise<void> {
    if (this.#batch.length === 0) return;
    const rows = dedupe(this.#batch);
    this.#batch = [];
    const key = `${this.options.feedId}:${this.#batchNo++}`;
    const { db, sync } = this.deps;
    const out = await db.transaction((tx) => sync.applyFeedBatch(tx, this.options.supplierId, rows, this.options.participants, key, this.#now()));
    this.result.stockChanged += out.stockChanged;
    this.result.costsChanged += out.costsChanged;
    this.result.pushed += out.pushed;
    this.result.jobs += out.jobs;
  }
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

/** A SKU listed twice in one batch: the later line wins, as it would row by row. */
function dedupe(rows: FeedRow[]): FeedRow[] {
  const seen = new Map<string, FeedRow>();
  for (const r of rows) seen.set(r.sku, r);
  return seen.size === rows.length ? rows : [...seen.values()];
}

/** Column positions from a header line, or undefined when the line isn't one. */
function headerMap(record: string[], columns: FeedColumns | undefined): { sku: number; quantity: number; cost: number | undefined } | undefined {
  const lower = record.map((h) => h.toLowerCase());
  const find = (names: (string | number | undefined)[]) => {
    for (const n of names) {
      if (typeof n !== 'string') continue;
      const i = lower.indexOf(n.toLowerCase());
      if (i >= 0) return i;
    }
    return -1;
  };
  const named = columns && typeof columns.sku === 'string';
  const sku = find(named ? [columns.sku] : ['sku', 'supplier_sku', 'item']);
  const quantity = find(named ? [columns.quantity] : ['quantity', 'qty', 'available']);
  if (sku < 0 || quantity < 0) return undefined;
  const cost = find(named ? [columns.cost] : ['cost', 'unit_cost', 'price']);
  return { sku, quantity, cost: cost >= 0 ? cost : undefined };
}

function toRow(record: string[], map: { sku: number; quantity: number; cost: number | undefined }): FeedRow | string {
  const sku = record[map.sku];
  if (!sku) return 'no SKU';
  const q = record[map.quantity] ?? '';
  const quantity = wholeNumber(q);
  if (quantity === undefined) return `quantity "${q}" is not a whole number`;
  const raw = map.cost === undefined ? '' : (record[map.cost] ?? '');
  if (raw !== '' && !COST.test(raw)) return `cost "${raw}" is not a decimal amount`;
  // A negative count (the supplier oversold) means none to sell.
  return { sku, quantity: quantity < 0 ? 0 : quantity, cost: raw === '' ? null : raw };
}

/** The integer `text` spells (optionally negative), or undefined; by hand, as it runs once per row. */
function wholeNumber(text: string): number | undefined {
  const negative = text.charCodeAt(0) === 45;
  const start = negative ? 1 : 0;
  if (text.length === start || text.length - start > 9) return /^-?\d+$/.test(text) ? Number(text) : undefined;
  let n = 0;
  for (let k = start; k < text.length; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return negative ? -n : n;
}
