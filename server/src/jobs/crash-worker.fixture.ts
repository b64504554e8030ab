/**
 * A worker process for the crash test: it claims one job, then dies with SIGKILL mid-handler, before
 * the commit — the way a hub dies on an OOM kill or a power cut. Run: node --import tsx <this> <sqlite file | postgres url>
 */
import { openPostgres } from '../db/postgres.ts';
import { openSqlite } from '../db/sqlite.ts';
import { createLogger } from '../logging.ts';
import { JobQueue } from './job-queue.ts';
import { JobRunner } from './job-runner.ts';

const target = process.argv[2]!;
const db = target.startsWith('postgres') ? await openPostgres(target) : openSqlite(target);
const runner = new JobRunner({
  db,
  queue: new JobQueue(db),
  log: createLogger('silent'),
  concurrency: 1,
  leaseMs: 1_000,
  pollMs: 50,
  workerId: 'doomed-worker',
  handlers: [
    {
      type: 'crash-test',
      async run() {
        process.stdout.write('claimed\n');
        process.kill(process.pid, 'SIGKILL');
        await new Promise(() => undefined);
      },
    },
  ],
});
runner.start();
