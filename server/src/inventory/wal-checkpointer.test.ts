/**
 * The SQLite checkpoint after a long feed runs in a worker thread: while it is held off the connection
 * doesn't checkpoint on its own, the worker copies the whole WAL into the database once asked, and the
 * connection's automatic checkpoint comes back afterwards. PostgreSQL has none.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../db/testing.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { ingestCsvFeed } from './feed-ingest.ts';
import { InventorySync } from './inventory-sync.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';

describe('WAL checkpoint in a worker (SQLite)', () => {
  let t: TestDatabase;
  const client = () => {
    const native = t.db.native;
    if (native.dialect !== 'sqlite') throw new Error('SQLite only');
    return native.client;
  };
  /** Frames in the WAL and how many of them are in the database file (a PASSIVE checkpoint that copies nothing new). */
  const walState = () => {
    const [row] = client().pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    return row!;
  };

  beforeAll(async () => {
    t = await openTestDatabase('sqlite');
  });
  afterAll(() => t?.cleanup());

  it('holds the connection’s own checkpoint off, checkpoints in the worker, then gives it back', async () => {
    const checkpointer = WalCheckpointer.of(t.db)!;
    expect(client().pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    const release = checkpointer.hold();
    expect(client().pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // More than the automatic checkpoint's 1,000 pages: with it on, this commit would checkpoint here.
    await t.db.transaction(async () => {
      client().exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
        INSERT INTO supplier_stock (supplier_id, supplier_sku, quantity, updated_at) SELECT 'bulk', printf('B-%060d', i), i, 1 FROM n`);
    });
    checkpointer.checkpoint();
    release();
    // Still off while the worker runs: the next commit here must not checkpoint on this thread.
    expect(client().pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const done = await checkpointer.idle();
    expect(done.log).toBeGreaterThan(1_000);
    expect(done.checkpointed).toBe(done.log);
    expect(done.ms).toBeGreaterThan(0);
    expect(client().pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('is used by a long feed on SQLite, and by nothing on PostgreSQL', async () => {
    const sync = new InventorySync(t.db, new JobQueue(t.db));
    const lines = Array.from({ length: 5_000 }, (_, i) => `S-${i},${i % 9},2.00`).join('\n');
    const r = await ingestCsvFeed({ db: t.db, sync }, Readable.from([`sku,quantity,cost\n${lines}\n`]), {
      supplierId: 'sup',
      feedId: 'feed-1',
      source: 'upload',
      participants: { suppliers: ['sup'], stores: ['shop'] },
      snapshotAfterRows: 0,
    });
    expect(r).toMatchObject({ rows: 5_000, stockChanged: 5_000 });
    const done = await WalCheckpointer.of(t.db)!.idle();
    expect(done.log).toBeGreaterThan(0);
    expect(walState().checkpointed).toBe(walState().log);
    expect(client().pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    const pg = await openTestDatabase('postgres');
    try {
      expect(WalCheckpointer.of(pg.db)).toBeUndefined();
    } finally {
      await pg.cleanup();
    }
  });
});
