/** A job type with its own published retry schedule instead of the exponential backoff. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '@dropline/connectors/sdk';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../db/testing.ts';
import { createLogger } from '../logging.ts';
import { eventually } from '../testing/test-hub.ts';
import { JobQueue } from './job-queue.ts';
import { JobRunner } from './job-runner.ts';

describe.each(DIALECTS)('retry schedules on %s', (dialect) => {
  let tdb: TestDatabase;
  let runner: JobRunner | undefined;
  beforeAll(async () => {
    tdb = await openTestDatabase(dialect);
  });
  afterAll(async () => {
    await runner?.stop(1_000);
    await tdb.cleanup();
  });

  it('waits exactly the scheduled time between attempts, ignores Retry-After and the base backoff, then dead-letters', async () => {
    const queue = new JobQueue(tdb.db);
    const attempts: { at: number; runAt: number }[] = [];
    runner = new JobRunner({
      db: tdb.db,
      queue,
      log: createLogger('silent'),
      concurrency: 2,
      pollMs: 20,
      retryBaseMs: 10_000,
      handlers: [
        {
          type: 'scheduled',
          retryScheduleMs: [150, 400],
          async run(_p, ctx) {
            attempts.push({ at: Date.now(), runAt: ctx.job.runAt });
            throw new UpstreamError('still down', { retryable: true, retryAfterMs: 60_000 });
          },
        },
      ],
    });
    runner.start();
    const [id] = await tdb.db.transaction((tx) => queue.enqueue(tx, [{ type: 'scheduled', payload: {}, maxAttempts: 3 }]));
    runner.poke();
    const dead = await eventually(async () => {
      const j = await queue.get(id!);
      return j.status === 'dead' ? j : undefined;
    });
    expect(dead.attempts).toBe(3);
    expect(attempts).toHaveLength(3);
    // Each retry was scheduled at (failure + the schedule's wait), and ran no sooner.
    const scheduled = attempts.slice(1).map((a, i) => a.runAt - attempts[i]!.at);
    expect(scheduled[0]).toBeGreaterThanOrEqual(150);
    expect(scheduled[0]).toBeLessThan(150 + 100);
    expect(scheduled[1]).toBeGreaterThanOrEqual(400);
    expect(scheduled[1]).toBeLessThan(400 + 100);
    expect(attempts[1]!.at).toBeGreaterThanOrEqual(attempts[1]!.runAt);
    expect(attempts[2]!.at).toBeGreaterThanOrEqual(attempts[2]!.runAt);
  });
});
