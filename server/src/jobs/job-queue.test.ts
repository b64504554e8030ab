import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../db/testing.ts';
import { JobQueue } from './job-queue.ts';

describe.each(DIALECTS)('JobQueue on %s', (dialect) => {
  let tdb: TestDatabase;
  let clock = 1_000_000;
  let queue: JobQueue;

  beforeAll(async () => {
    tdb = await openTestDatabase(dialect);
  });
  afterAll(() => tdb.cleanup());
  beforeEach(async () => {
    await tdb.db.transaction((tx) => tx.delete(tdb.db.t.jobs));
    clock = 1_000_000;
    queue = new JobQueue(tdb.db, () => clock);
  });

  const enqueue = (...jobs: Parameters<JobQueue['enqueue']>[1]) => tdb.db.transaction((tx) => queue.enqueue(tx, jobs));

  it('enqueues idempotently on the dedupe key', async () => {
    expect(await enqueue({ type: 't', payload: { a: 1 }, dedupeKey: 'k1' })).toHaveLength(1);
    expect(await enqueue({ type: 't', payload: { a: 2 }, dedupeKey: 'k1' })).toHaveLength(0);
    expect(await enqueue({ type: 't', payload: {} }, { type: 't', payload: {} })).toHaveLength(2);
    expect((await queue.list({ limit: 10 })).length).toBe(3);
  });

  it('rolls enqueued jobs back with the transaction that added them', async () => {
    await expect(
      tdb.db.transaction(async (tx) => {
        await queue.enqueue(tx, [{ type: 't', payload: {} }]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await queue.list({ limit: 10 })).toEqual([]);
  });

  it('claims due jobs oldest first, each once, and not jobs scheduled later', async () => {
    await enqueue({ type: 'a', payload: { n: 1 } }, { type: 'a', payload: { n: 2 } }, { type: 'a', payload: { n: 3 }, runAt: clock + 5_000 });
    const first = await queue.claim('w1', 10, 30_000);
    expect(first.map((j) => j.payload.n)).toEqual([1, 2]);
    expect(first.every((j) => j.status === 'running' && j.attempts === 1 && j.lockedBy === 'w1')).toBe(true);
    expect(await queue.claim('w2', 10, 30_000)).toEqual([]);
    clock += 5_000;
    expect((await queue.claim('w2', 10, 30_000)).map((j) => j.payload.n)).toEqual([3]);
  });

  it('never hands one job to two concurrent claimers', async () => {
    await enqueue(...Array.from({ length: 40 }, (_, i) => ({ type: 'c', payload: { i } })));
    const claims = await Promise.all(Array.from({ length: 8 }, (_, w) => queue.claim(`w${w}`, 10, 30_000)));
    const ids = claims.flat().map((j) => j.id);
    expect(ids.length).toBe(40);
    expect(new Set(ids).size).toBe(40);
  });

  it('re-claims a job whose worker crashed once its lease lapses, and fences the old worker out', async () => {
    await enqueue({ type: 'crash', payload: {} });
    const [crashed] = await queue.claim('dead-worker', 1, 10_000);
    clock += 9_999;
    expect(await queue.claim('w2', 1, 10_000)).toEqual([]);
    clock += 2;
    const [reclaimed] = await queue.claim('w2', 1, 10_000);
    expect(reclaimed).toMatchObject({ id: crashed!.id, attempts: 2, lockedBy: 'w2' });
    // The first worker wakes up and tries to finish: refused, the job stays with w2.
    expect(await tdb.db.transaction((tx) => queue.complete(tx, crashed!))).toBe(false);
    expect(await queue.fail(crashed!, 'late', clock)).toBe('lost');
    expect(await tdb.db.transaction((tx) => queue.complete(tx, reclaimed!))).toBe(true);
    expect((await queue.get(crashed!.id)).status).toBe('done');
  });

  it('schedules a retry, then dead-letters, and a retry action revives the job', async () => {
    await enqueue({ type: 'flaky', payload: {}, maxAttempts: 2 });
    const [a1] = await queue.claim('w', 1, 1_000);
    expect(await queue.fail(a1!, 'upstream 503', clock + 2_000)).toBe('retry');
    expect(await queue.claim('w', 1, 1_000)).toEqual([]);
    clock += 2_000;
    const [a2] = await queue.claim('w', 1, 1_000);
    expect(a2!.attempts).toBe(2);
    expect(await queue.fail(a2!, 'upstream 503 again', undefined)).toBe('dead');
    const dead = await queue.get(a2!.id);
    expect(dead).toMatchObject({ status: 'dead', lastError: 'upstream 503 again' });
    expect((await queue.depth()).dead).toBe(1);
    await expect(queue.retry(12345)).rejects.toThrow(/no job/);
    const revived = await queue.retry(dead.id);
    expect(revived).toMatchObject({ status: 'pending', attempts: 0 });
    const [again] = await queue.claim('w', 1, 1_000);
    expect(again!.id).toBe(dead.id);
    await expect(queue.retry(dead.id)).rejects.toThrow(/running/);
  });

  it('extends a lease only for its holder', async () => {
    await enqueue({ type: 'long', payload: {} });
    const [job] = await queue.claim('w', 1, 1_000);
    expect(await queue.extendLease(job!, 60_000)).toBe(true);
    clock += 30_000;
    expect(await queue.claim('other', 1, 1_000)).toEqual([]);
    expect(await queue.extendLease({ ...job!, lockedBy: 'other' }, 60_000)).toBe(false);
  });

  it('prunes finished jobs past retention but keeps dead ones', async () => {
    await enqueue({ type: 'a', payload: {} }, { type: 'b', payload: {}, maxAttempts: 1 });
    const [a, b] = await queue.claim('w', 2, 1_000);
    await tdb.db.transaction((tx) => queue.complete(tx, a!));
    await queue.fail(b!, 'x', undefined);
    clock += 10_000;
    expect(await queue.prune(5_000)).toBe(1);
    expect((await queue.list({ limit: 10 })).map((j) => j.status)).toEqual(['dead']);
  });

  it('stores timestamps as integers the same way on both dialects', async () => {
    await enqueue({ type: 'a', payload: { nested: { x: [1, 2] } } });
    const rows = await tdb.db.all<{ run_at: unknown }>(tdb.db.q, sql`select run_at from jobs`);
    expect(Number(rows[0]!.run_at)).toBe(clock);
    expect((await queue.list({ limit: 1 }))[0]!.payload).toEqual({ nested: { x: [1, 2] } });
  });
});
