/**
 * A transaction held open for steps that arrive one by one, on real storage: they run in order and commit
 * together; a failing step, or a rollback, leaves nothing of any of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from './testing.ts';
import { openTransaction, type Step } from './open-transaction.ts';

describe.each(DIALECTS)('an open transaction on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
  }, 60_000);
  afterAll(() => t?.cleanup());

  const runs = (db: TestDatabase) => db.db.t.supplierFeedRuns;
  const insert = (supplierId: string, order: string[]): Step => async (tx) => {
    order.push(supplierId);
    await tx.insert(runs(t)).values({ supplierId, source: 'test', rows: 0, changed: 0, pushed: 0, startedAt: 0, finishedAt: 0 });
  };
  const stored = async (prefix: string) => (await t.db.q.select().from(runs(t))).map((r) => r.supplierId).filter((s) => s.startsWith(prefix)).sort();

  it('runs the steps in order and commits them together', async () => {
    const order: string[] = [];
    const open = openTransaction(t.db);
    await open.run(insert('a-1', order));
    await open.run(insert('a-2', order));
    await open.run(insert('a-3', order));
    // PostgreSQL: another connection sees none of it before the commit.
    if (dialect === 'postgres') expect(await stored('a-')).toEqual([]);
    await open.commit(insert('a-4', order));
    expect(order).toEqual(['a-1', 'a-2', 'a-3', 'a-4']);
    expect(await stored('a-')).toEqual(['a-1', 'a-2', 'a-3', 'a-4']);
  });

  it('rolls every step back when one fails, and refuses steps after it', async () => {
    const order: string[] = [];
    const open = openTransaction(t.db);
    await open.run(insert('b-1', order));
    await open.run(async () => {
      throw new Error('disk full');
    });
    // The step before this one failed: this one is refused.
    await expect(open.run(insert('b-2', order))).rejects.toThrow('disk full');
    await expect(open.commit()).rejects.toThrow('disk full');
    expect(order).toEqual(['b-1']);
    expect(await stored('b-')).toEqual([]);
  });

  it('refuses every step after the transaction failed, and leaves no rejection unheard', async () => {
    const unheard: unknown[] = [];
    const listen = (reason: unknown) => unheard.push(reason);
    process.on('unhandledRejection', listen);
    try {
      const open = openTransaction(t.db);
      await open.run(async () => {
        throw new Error('connection lost');
      });
      await expect(open.commit()).rejects.toThrow('connection lost');
      // Once it has failed, each step is refused; the last one refused is never awaited by a step after it.
      await expect(open.run(async () => undefined)).rejects.toThrow('connection lost');
      await expect(open.run(async () => undefined)).rejects.toThrow('connection lost');
      await new Promise((r) => setTimeout(r, 50));
      expect(unheard).toEqual([]);
    } finally {
      process.off('unhandledRejection', listen);
    }
  });

  it('rolls back on request, with the steps still queued never run', async () => {
    const order: string[] = [];
    const open = openTransaction(t.db);
    await open.run(insert('c-1', order));
    // (Refused if the step before it never ran either.)
    const queued = open.run(insert('c-2', order)).catch(() => undefined);
    await open.rollback(new Error('the feed stopped'));
    await queued;
    expect(order).not.toContain('c-2');
    expect(await stored('c-')).toEqual([]);
  });

  it('wraps the steps in what the transaction begins and ends with', async () => {
    const order: string[] = [];
    const open = openTransaction(t.db, async (tx, steps) => {
      await insert('d-begin', order)(tx);
      await steps();
      await insert('d-end', order)(tx);
    });
    await open.run(insert('d-1', order));
    await open.commit();
    expect(order).toEqual(['d-begin', 'd-1', 'd-end']);
    expect(await stored('d-')).toEqual(['d-1', 'd-begin', 'd-end']);
  });
});
