// @ts-check
/**
 * @module SQLite: the database half of reading a stock snapshot (stock-snapshot.ts), in a worker thread
 * on a read-only connection of its own, so that the thread building the snapshot only hashes the pages
 * while SQLite scans the next ones on the other core (for a million items, some 0.8 s of scanning and
 * 0.6 s of hashing, that now overlap).
 *
 * Plain JavaScript, like feed-parse-worker.mjs, so the worker starts without a TypeScript loader.
 *
 * In:  workerData { file, supplierId, page, statements, generation } (statements: the page queries of
 *      supplier_stock and catalog_items; generation: the query of the supplier's generation, see
 *      stock-digest.ts; all from stock-snapshot.ts); then 'ack' once a page is done with, 'stop' to end early.
 * Out: { table: 0 | 1, packed } per page (0: supplier_stock's quantities, 1: catalog_items' costs), in
 *      key order per table, at most `IN_FLIGHT` not yet acknowledged; then { done: true, generation }
 *      (all of it read in one read transaction), or { error }.
 *      The calling thread ends the worker after the last.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** Pages sent and not yet acknowledged: enough to keep both threads busy, a few MB at most. */
const IN_FLIGHT = 4;

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const { file, supplierId, page, statements, generation } = /** @type {{ file: string; supplierId: string; page: number; statements: string[]; generation: string }} */ (workerData);

let inFlight = 0;
let stopped = false;
/** @type {(() => void) | undefined} */
let wake;
port.on('message', (/** @type {'ack' | 'stop'} */ m) => {
  if (m === 'ack') inFlight--;
  else stopped = true;
  wake?.();
});

try {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  // The in-thread read's statements (stock-snapshot.ts): a page of (SKU, value) packed by SQLite.
  const tables = statements.map((sql) => ({ stmt: db.prepare(sql).raw(true), after: '', more: true }));
  // One read transaction from the generation to the last page: they show the same moment.
  db.exec('BEGIN');
  const gen = Number(db.prepare(generation).pluck().get(supplierId));
  // The two tables in turns, so the snapshot fills evenly and neither waits for the other at the end.
  while (!stopped && tables.some((t) => t.more)) {
    for (let table = 0; table < tables.length && !stopped; table++) {
      const t = tables[table];
      if (!t?.more) continue;
      while (inFlight >= IN_FLIGHT && !stopped) await new Promise((/** @type {(v?: unknown) => void} */ r) => (wake = r));
      if (stopped) break;
      const [packed, last, n] = /** @type {[string | null, string | null, number]} */ (t.stmt.get(supplierId, t.after));
      t.more = n === page && last !== null;
      if (last !== null) t.after = last;
      if (packed) {
        inFlight++;
        port.postMessage({ table, packed });
      }
    }
  }
  db.exec('COMMIT');
  db.close();
  port.postMessage({ done: true, generation: gen });
} catch (err) {
  port.postMessage({ error: /** @type {Error} */ (err).message });
}
// The calling thread ends the worker once it has the last message.
