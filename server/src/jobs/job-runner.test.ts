import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError, ValidationError } from '@dropline/connectors/sdk';
import { connectorState } from '../connectors/connector-state.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../db/testing.ts';
import { createLogger } from '../logging.ts';
import { eventually } from '../testing/test-hub.ts';
import { JobQueue } from './job-queue.ts';
import { JobRunner, type JobHandler } from './job-runner.ts';

const CRASH_WORKER = fileURLToPath(new URL('./crash-worker.fixture.ts', import.meta.url));

describe.each(DIALECTS)('JobRunner on %s', (dialect) => {
  let tdb: TestDatabase;
  let queue: JobQueue;
  const runners: JobRunner[] = [];

  beforeAll(async () => {
    tdb = await openTestDatabase(dialect);
    queue = new JobQueue(tdb.db);
  });
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop(1_000)));
    await tdb.cleanup();
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop(1_000)));
  });
  beforeEach(async () => {
    await tdb.db.transaction((tx) => tx.delete(tdb.db.t.jobs));
    await tdb.db.transaction((tx) => tx.delete(tdb.db.t.connectorState));
  });

  const runner = (handlers: JobHandler<any>[], extra: Partial<ConstructorParameters<typeof JobRunner>[0]> = {}) => {
    const r = new JobRunner({ db: tdb.db, queue, log: createLogger('silent'), concurrency: 4, pollMs: 50, retryBaseMs: 20, handlers, ...extra });
    runners.push(r);
    r.start();
    return r;
  };
  const enqueue = async (type: string, payload: Record<string, unknown> = {}, maxAttempts?: number) => {
    const [id] = await tdb.db.transaction((tx) => queue.enqueue(tx, [{ type, payload, maxAttempts }]));
    return id!;
  };
  const marker = (key: string) => connectorState(tdb.db, 'job-test').get<number>(key);

  it('commits a handler’s writes and the job’s completion together', async () => {
    const r = runner([
      {
        type: 'write',
        async run(p, ctx) {
          await ctx.commit((tx) =>
            tx.insert(tdb.db.t.connectorState).values({ connectorId: 'job-test', key: String(p.key), value: ctx.job.attempts, updatedAt: Date.now() }),
          );
        },
      },
    ]);
    const id = await enqueue('write', { key: 'a' });
    r.poke();
    await eventually(async () => (await queue.get(id)).status === 'done');
    expect(await marker('a')).toBe(1);
  });

  it('rolls the writes back when the commit fails, and retries', async () => {
    let calls = 0;
    runner([
      {
        type: 'flaky-commit',
        async run(_p, ctx) {
          calls++;
          await ctx.commit(async (tx) => {
            await tx.insert(tdb.db.t.connectorState).values({ connectorId: 'job-test', key: `try-${calls}`, value: calls, updatedAt: Date.now() });
            if (calls === 1) throw new Error('disk hiccup');
          });
        },
      },
    ]);
    const id = await enqueue('flaky-commit');
    await eventually(async () => (await queue.get(id)).status === 'done');
    expect(await marker('try-1')).toBeUndefined();
    expect(await marker('try-2')).toBe(2);
  });

  it('retries retryable failures with backoff, dead-letters after the last attempt, and a retry revives it', async () => {
    let failUntil = 3;
    let attempts = 0;
    runner([
      {
        type: 'upstream',
        async run() {
          attempts++;
          if (attempts <= failUntil) throw new UpstreamError('supplier answered 503', { retryable: true, upstreamStatus: 503 });
        },
      },
    ]);
    const id = await enqueue('upstream', {}, 3);
    const dead = await eventually(async () => {
      const j = await queue.get(id);
      return j.status === 'dead' ? j : undefined;
    });
    expect(dead).toMatchObject({ attempts: 3, lastError: 'upstream_failed: supplier answered 503' });
    failUntil = 0;
    await queue.retry(id);
    await eventually(async () => (await queue.get(id)).status === 'done');
    expect(attempts).toBe(4);
  });

  it('dead-letters at once what retrying cannot fix', async () => {
    runner([{ type: 'invalid', run: async () => Promise.reject(new ValidationError('order has no lines')) }]);
    const id = await enqueue('invalid');
    const job = await eventually(async () => {
      const j = await queue.get(id);
      return j.status === 'dead' ? j : undefined;
    });
    expect(job.attempts).toBe(1);
  });

  it('leaves job types it cannot run to workers that can', async () => {
    runner([{ type: 'known', run: async () => undefined }]);
    const unknown = await enqueue('only-newer-hubs-know-this');
    const known = await enqueue('known');
    await eventually(async () => (await queue.get(known)).status === 'done');
    expect(await queue.get(unknown)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('finishes running jobs before stop() resolves', async () => {
    let finished = false;
    const r = runner([
      {
        type: 'slow',
        async run(_p, ctx) {
          await new Promise((res) => setTimeout(res, 400));
          await ctx.commit(async () => {
            finished = true;
          });
        },
      },
    ]);
    const id = await enqueue('slow');
    await eventually(async () => (await queue.get(id)).status === 'running', 5_000, 10);
    await r.stop(5_000);
    expect(finished).toBe(true);
    expect((await queue.get(id)).status).toBe('done');
  });

  it('re-runs a job whose worker process was killed mid-job, once its lease lapses', async () => {
    const id = await enqueue('crash-test');
    const target = dialect === 'sqlite' ? join(tdb.dataDir!, 'dropline.sqlite') : tdb.url!;
    const child = spawn(process.execPath, ['--import', 'tsx', CRASH_WORKER, target], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const signal = await new Promise<string | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGKILL');
    expect(out).toContain('claimed');
    const orphan = await queue.get(id);
    expect(orphan).toMatchObject({ status: 'running', lockedBy: 'doomed-worker', attempts: 1 });

    runner([
      {
        type: 'crash-test',
        async run(_p, ctx) {
          await ctx.commit((tx) =>
            tx.insert(tdb.db.t.connectorState).values({ connectorId: 'job-test', key: 'survived', value: ctx.job.attempts, updatedAt: Date.now() }),
          );
        },
      },
    ]);
    const done = await eventually(async () => {
      const j = await queue.get(id);
      return j.status === 'done' ? j : undefined;
    }, 15_000);
    expect(done.attempts).toBe(2);
    expect(await marker('survived')).toBe(2);
    expect(await tdb.db.q.select().from(tdb.db.t.connectorState).where(eq(tdb.db.t.connectorState.key, 'survived'))).toHaveLength(1);
  }, 30_000);
});
