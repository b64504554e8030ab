// @ts-check
/**
 * @module The SQLite checkpoint after a long feed, run in a worker thread (see wal-checkpointer.ts) on
 * a connection of its own, so the thread that committed the feed goes on while the WAL is copied into
 * the database file.
 *
 * Plain JavaScript, like feed-parse-worker.mjs, so the worker starts without a TypeScript loader.
 *
 * In:  { file } once (workerData), then 'checkpoint' to run one, or 'close'.
 * Out: { ms, busy, log, checkpointed } after each checkpoint, or { error } when it failed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const db = new Database(/** @type {{ file: string }} */ (workerData).file);
// The checkpoint fsyncs the database file before it lets the WAL be reused: as durable as the hub's own (sqlite.ts).
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
// This connection never writes, so it never checkpoints on its own; only when asked.
db.pragma('wal_autocheckpoint = 0');

port.on('message', (/** @type {'checkpoint' | 'close'} */ m) => {
  if (m === 'close') {
    db.close();
    port.close();
    return;
  }
  const t = performance.now();
  try {
    // PASSIVE: copies what no reader still needs, never waits for (nor blocks) the hub's writers.
    const [row] = /** @type {{ busy: number; log: number; checkpointed: number }[]} */ (db.pragma('wal_checkpoint(PASSIVE)'));
    port.postMessage({ ms: performance.now() - t, ...row });
  } catch (err) {
    port.postMessage({ error: /** @type {Error} */ (err).message });
  }
});
