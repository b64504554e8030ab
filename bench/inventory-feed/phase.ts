/**
 * @module One measured phase, in a process of its own (so its peak RSS is its own):
 *   floor <feed.csv>                      a bare csv-parse pass over the file, counting records
 *   papaparse <feed.csv>                  a bare pass of the parser the hub uses (papaparse), counting records
 *   hub <sqlite file | pg url> <feed.csv> <feed id>   the hub's ingest: parse + diff + queue of store updates
 * Prints one JSON line: { phase, ms, cpuMs, peakMb, rows, … } (cpuMs: user + system time of all the
 * process's threads during the work: on a shared machine the wall time depends on what else runs).
 * Run with `node --import tsx`.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { parse } from 'csv-parse';
import Papa from 'papaparse';

const [phase, ...args] = process.argv.slice(2);

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

function peakMb(): number {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
}

if (phase === 'floor') {
  const [file] = args as [string];
  const started = performance.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  for await (const _record of createReadStream(file).pipe(parse({ bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }))) rows++;
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ phase, ms, cpuMs: cpuMs(cpu), peakMb: peakMb(), rows: rows - 1 })}\n`);
} else if (phase === 'papaparse') {
  // The hub's parser with the hub's options (feed-parse-worker.mjs), in this thread: no worker, no checks.
  const [file] = args as [string];
  const started = performance.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    const records = createReadStream(file).pipe(Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter: ',', newline: '\n', skipEmptyLines: true }));
    records.on('data', () => rows++);
    records.on('end', resolve);
    records.on('error', reject);
  });
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ phase, ms, cpuMs: cpuMs(cpu), peakMb: peakMb(), rows: rows - 1 })}\n`);
} else if (phase === 'hub') {
  const [target, file, feedId] = args as [string, string, string];
  const { openPostgres } = await import('../../server/src/db/postgres.ts');
  const { openSqlite } = await import('../../server/src/db/sqlite.ts');
  const { JobQueue } = await import('../../server/src/jobs/job-queue.ts');
  const { InventorySync } = await import('../../server/src/inventory/inventory-sync.ts');
  const { ingestCsvFeed } = await import('../../server/src/inventory/feed-ingest.ts');
  const { FeedProfile } = await import('../../server/src/inventory/feed-profile.ts');
  const { WalCheckpointer } = await import('../../server/src/inventory/wal-checkpointer.ts');
  const { STORE_ID, SUPPLIER_ID } = await import('./feed-file.ts');
  const db = target.startsWith('postgres') ? await openPostgres(target, { poolSize: 4 }) : openSqlite(target);
  const sync = new InventorySync(db, new JobQueue(db));
  const started = performance.now();
  const cpu = process.cpuUsage();
  // As an upload would: the body's size tells it is a long feed (about 20 bytes a row).
  const expectedRows = Math.floor(statSync(file).size / 20);
  const profile = new FeedProfile();
  const result = await ingestCsvFeed({ db, sync }, createReadStream(file), {
    expectedRows,
    supplierId: SUPPLIER_ID,
    feedId,
    source: 'upload',
    participants: { suppliers: [SUPPLIER_ID], stores: [STORE_ID] },
    profile,
  });
  const ms = performance.now() - started;
  const cpuUsed = cpuMs(cpu);
  // SQLite: the WAL checkpoint a first run leaves to a worker thread, as the hub does (see
  // wal-checkpointer.ts): not in `ms`, reported beside it — how long it ran on after the feed returned.
  const checkpoint = await WalCheckpointer.of(db)?.idle();
  const checkpointAfterMs = performance.now() - started - ms;
  await db.close();
  process.stdout.write(
    `${JSON.stringify({ phase, ...result, ms, cpuMs: cpuUsed, ingestMs: result.ms, peakMb: peakMb(), errors: result.errors.length, profile, ...(checkpoint?.log ? { checkpoint: { ...checkpoint, afterMs: checkpointAfterMs } } : {}) })}\n`,
  );
} else {
  process.stderr.write('usage: phase.ts floor <feed.csv> | papaparse <feed.csv> | hub <target> <feed.csv> <feed id>\n');
  process.exit(2);
}
