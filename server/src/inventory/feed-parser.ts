/**
 * @module Parses a CSV feed in a worker thread (feed-parse-worker.mjs) and hands its rows over packed,
 * a batch at a time, so parsing runs on another core while this thread reads and writes the database.
 *
 * Memory stays bounded: the input is sent on only while less than `WINDOW_BYTES` of it is in flight
 * (sent but not yet handed to `onRows` and finished with), so a slow database slows the reader rather
 * than piling rows up; the window is large enough that the worker keeps parsing through the longest
 * synchronous stretch of this thread (a SQLite transaction, a page of the snapshot).
 */
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { ValidationError } from '@dropline/connectors/sdk';

/**
 * Input bytes in flight between this thread and the worker: about 800,000 rows of a typical feed, as
 * about 25 MB of packed rows at most. Enough for the worker to parse on while this thread reads the
 * snapshot (a second or more for a million items), which is where the two overlap most: with 8 MB the
 * parse stalled halfway through the snapshot and finished after it, 0.7 s later on a million rows.
 */
export const WINDOW_BYTES = 16 << 20;
const WORKER = new URL('./feed-parse-worker.mjs', import.meta.url);

export interface FeedColumns {
  /** Header names (a header line is expected when given), or 0-based positions. */
  sku: string | number;
  quantity: string | number;
  cost?: string | number;
}

/** Valid rows in feed order: row i's SKU is `skus.slice(skuEnds[i - 1] ?? 0, skuEnds[i])`, its cost likewise ('' for none). */
export interface PackedRows {
  count: number;
  skus: string;
  skuEnds: Uint32Array;
  quantities: Float64Array;
  costs: string;
  costEnds: Uint32Array;
}

export interface ParseReport {
  invalid: number;
  errors: { line: number; message: string }[];
}

type WorkerMessage =
  | ({ type: 'rows'; bytes: number } & PackedRows)
  | ({ type: 'done' } & ParseReport)
  | { type: 'fail'; kind: 'columns' | 'csv'; message: string; detail: string };

/**
 * Parses `input`, calling `onRows` with each batch of valid rows in order (the next batch waits for the
 * promise it returns); resolves with the invalid rows once all are handed over.
 */
export async function parseCsvInWorker(input: Readable, columns: FeedColumns | undefined, onRows: (rows: PackedRows) => Promise<void> | void): Promise<ParseReport> {
  // No inherited flags: under `--import tsx` the worker would load the TypeScript loader it doesn't need (+15 MB, slower start).
  // A small young generation: the worker's garbage (a parsed record's strings) dies young, and the
  // default lets it grow by some 30 MB of resident memory for nothing.
  const worker = new Worker(WORKER, { workerData: { columns }, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  const inbox: WorkerMessage[] = [];
  let wakeReader: (() => void) | undefined;
  let wakeSender: (() => void) | undefined;
  let broken: Error | undefined;
  const interrupt = (err: Error) => {
    broken ??= err;
    wakeReader?.();
    wakeSender?.();
  };
  worker.on('message', (m: WorkerMessage) => {
    inbox.push(m);
    wakeReader?.();
  });
  worker.on('error', interrupt);
  worker.on('exit', (code) => interrupt(new Error(`the feed parser stopped (exit code ${code})`)));

  let sent = 0;
  let released = 0;
  const send = (async () => {
    for await (const chunk of input as AsyncIterable<Buffer | string>) {
      while (sent - released > WINDOW_BYTES && !broken) await new Promise<void>((r) => (wakeSender = r));
      if (broken) return;
      sent += chunk.length;
      // A chunk that owns its whole memory (a file or socket read) moves to the worker instead of being copied.
      const owned = typeof chunk !== 'string' && chunk.buffer instanceof ArrayBuffer && chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
      worker.postMessage(chunk, owned ? [chunk.buffer as ArrayBuffer] : []);
    }
    worker.postMessage(null);
  })();
  send.catch(interrupt);

  try {
    for (;;) {
      while (inbox.length === 0 && !broken) await new Promise<void>((r) => (wakeReader = r));
      const m = inbox.shift();
      if (!m) throw broken;
      if (m.type === 'fail') {
        throw m.kind === 'columns'
          ? new ValidationError(m.message, [{ field: 'columns', message: m.detail }])
          : new ValidationError('the feed is not valid CSV', [{ field: 'body', message: m.detail ? `${m.detail}: ${m.message}` : m.message }]);
      }
      if (m.type === 'done') return { invalid: m.invalid, errors: m.errors };
      await onRows(m);
      released = m.bytes;
      wakeSender?.();
    }
  } finally {
    broken ??= new Error('the feed parser was stopped');
    wakeSender?.();
    input.destroy();
    await worker.terminate();
  }
}
