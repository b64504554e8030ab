/**
 * A process that ingests one generated feed and reports its peak RSS, for the bounded-memory test.
 * Run: node --import tsx <this> <sqlite file | postgres url> <supplier id> <rows>
 * Prints one JSON line: { rows, stockChanged, peakMb }.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { openPostgres } from '../db/postgres.ts';
import { openSqlite } from '../db/sqlite.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { ingestCsvFeed } from './feed-ingest.ts';
import { InventorySync } from './inventory-sync.ts';

const [target, supplierId, rowsArg] = process.argv.slice(2) as [string, string, string];
const rows = Number(rowsArg);
const db = target.startsWith('postgres') ? await openPostgres(target, { poolSize: 2 }) : openSqlite(target);

function* feed() {
  yield 'sku,quantity,cost\n';
  for (let i = 0; i < rows; i += 1_000) {
    let chunk = '';
    for (let k = i; k < Math.min(rows, i + 1_000); k++) chunk += `${supplierId}-${k},${k % 97},${(k % 500) / 10 + 1}\n`;
    yield chunk;
  }
}

const result = await ingestCsvFeed({ db, sync: new InventorySync(db, new JobQueue(db)) }, Readable.from(feed()), {
  supplierId,
  feedId: `memory-${supplierId}`,
  source: 'upload',
  participants: { suppliers: [supplierId], stores: ['shop'] },
});
await db.close();
const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
process.stdout.write(`${JSON.stringify({ rows: result.rows, stockChanged: result.stockChanged, peakMb: hwmKb / 1024 })}\n`);
