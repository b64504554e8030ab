/**
 * `Database.exclusive` across hub processes: on PostgreSQL two hubs are two pools, so the test opens a
 * second one on the same database; on SQLite one process owns the file and the lock is in memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from './postgres.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from './testing.ts';
import type { Database } from './database.ts';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(DIALECTS)('exclusive on %s', (dialect) => {
  let test: TestDatabase;
  let other: Database;

  beforeAll(async () => {
    test = await openTestDatabase(dialect);
    other = dialect === 'postgres' ? await openPostgres(test.url!, { poolSize: 4 }) : test.db;
  });
  afterAll(async () => {
    if (other !== test.db) await other.close();
    await test.cleanup();
  });

  it('never lets two hubs hold the same key at once, and lets other keys through', async () => {
    const holding = new Set<string>();
    let overlaps = 0;
    let key1HeldWhenDEntered = false;
    const log: string[] = [];
    const hold = (db: Database, key: string, name: string) =>
      db.exclusive(key, async () => {
        if (holding.has(key)) overlaps++;
        holding.add(key);
        if (name === 'd') key1HeldWhenDEntered = holding.has('store-order:1');
        log.push(`${name} in`);
        await pause(150);
        log.push(`${name} out`);
        holding.delete(key);
      });
    await Promise.all([
      hold(test.db, 'store-order:1', 'a'),
      hold(other, 'store-order:1', 'b'),
      hold(test.db, 'store-order:1', 'c'),
      hold(other, 'store-order:2', 'd'),
    ]);
    expect(overlaps).toBe(0);
    expect(log.filter((l) => l.endsWith('in'))).toHaveLength(4);
    // The other key didn't queue behind the first (whose three holders take 450 ms one after another).
    expect(key1HeldWhenDEntered).toBe(true);
  });

  it('releases the key when the holder fails', async () => {
    await expect(test.db.exclusive('k', async () => Promise.reject(new Error('vendor down')))).rejects.toThrow('vendor down');
    await expect(other.exclusive('k', async () => 'next')).resolves.toBe('next');
  });
});
