/**
 * Stock digests against real storage: a long feed leaves one, the next feed reads it and still finds
 * every change, including those written meanwhile by anything else (an order's reservation, a catalog
 * change, a write while the feed itself runs), which the database's triggers record.
 */
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CatalogRepository } from '../catalog/catalog-repository.ts';
import { StoreProductRepository } from '../catalog/store-product-repository.ts';
import type { Database } from '../db/database.ts';
import { openPostgres } from '../db/postgres.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../db/testing.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { ingestCsvFeed, ingestFeedRows } from './feed-ingest.ts';
import type { FeedRow } from './inventory-statements.ts';
import { InventorySync, type Participants } from './inventory-sync.ts';
import { QUANTITY_MAY_DIFFER } from './pending-changes.ts';
import { StockSnapshot } from './stock-snapshot.ts';

const SUPPLIER = 'sup-d';
const ITEMS = 300;
const sku = (i: number) => `D-${String(i).padStart(4, '0')}`;
const who: Participants = { suppliers: [SUPPLIER], stores: ['shop'] };
/** Long-feed options on a small catalog: the snapshot (and so the digest) from the first row. */
const long = { supplierId: SUPPLIER, source: 'upload', participants: who, snapshotAfterRows: 0, expectedRows: ITEMS };
const csv = (rows: [number, number, string?][]) => `sku,quantity,cost\n${rows.map(([i, q, c]) => `${sku(i)},${q},${c ?? '5.00'}`).join('\n')}\n`;
const everything = (q: (i: number) => number) => Array.from({ length: ITEMS }, (_, i): [number, number] => [i, q(i)]);

/** The supplier's items, mapped to as many store products. */
async function seed(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await new CatalogRepository(db).upsertItems(tx, Array.from({ length: ITEMS }, (_, i) => ({ supplierId: SUPPLIER, supplierSku: sku(i), sku: `S-${i}`, cost: '5.00', currency: 'USD' })), 1);
    await new StoreProductRepository(db).upsert(tx, 'shop', Array.from({ length: ITEMS }, (_, i) => ({ sku: `S-${i}`, variantId: `v-${i}`, tags: [], safetyBuffer: 0 })), 1);
  });
}

describe.each(DIALECTS)('stock digests on %s', (dialect) => {
  let t: TestDatabase;
  let sync: InventorySync;
  let catalog: CatalogRepository;
  let feeds = 0;

  beforeAll(async () => {
    t = await openTestDatabase(dialect);
    sync = new InventorySync(t.db, new JobQueue(t.db), 50);
    catalog = new CatalogRepository(t.db);
    await seed(t.db);
  }, 60_000);
  afterAll(() => t?.cleanup());

  const feed = (rows: [number, number, string?][], options: { full?: boolean } = {}) =>
    ingestCsvFeed({ db: t.db, sync }, Readable.from([csv(rows)]), { ...long, feedId: `digest-feed-${++feeds}`, ...options });
  const stock = async (i: number) => {
    const s = t.db.t.supplierStock;
    const [row] = await t.db.q.select({ q: s.quantity }).from(s).where(and(eq(s.supplierId, SUPPLIER), eq(s.supplierSku, sku(i))));
    return row?.q;
  };
  const snapshot = () => StockSnapshot.load(t.db, SUPPLIER, ITEMS);
  /** A write by anything but a feed: the stock a webhook reports for one item. */
  const elsewhere = (i: number, quantity: number) => t.db.transaction((tx) => catalog.applyStock(tx, SUPPLIER, [{ sku: sku(i), quantity }], false, Date.now()));

  it('leaves a digest that the next feed reads, and that feed finds every change', async () => {
    expect(await feed(everything(() => 10))).toMatchObject({ rows: ITEMS, stockChanged: ITEMS });
    const snap = await snapshot();
    expect([snap.fromDigest, snap.changedSinceDigest, snap.size]).toEqual([true, 0, ITEMS]);

    const changed = everything(() => 10).map(([i, q]): [number, number, string?] => (i === 7 ? [i, q, '6.10'] : [i, [3, 40, 41].includes(i) ? q + 1 : q]));
    expect(await feed(changed)).toMatchObject({ stockChanged: 3, costsChanged: 1, pushed: 3 });
    expect(await stock(40)).toBe(11);
    expect(await feed(changed)).toMatchObject({ stockChanged: 0, costsChanged: 0, pushed: 0 });
    expect((await snapshot()).fromDigest).toBe(true);
  });

  it('reads what anything else wrote since the digest from the tables', async () => {
    await feed(everything(() => 10));
    await elsewhere(5, 99);
    await t.db.transaction((tx) => catalog.upsertItems(tx, [{ supplierId: SUPPLIER, supplierSku: sku(6), sku: 'S-6', cost: '7.25', currency: 'USD' }], Date.now()));
    const snap = await snapshot();
    expect([snap.fromDigest, snap.changedSinceDigest]).toEqual([true, 2]);
    expect(snap.differs({ sku: sku(5), quantity: 10, cost: '5.00' }) & QUANTITY_MAY_DIFFER).toBe(QUANTITY_MAY_DIFFER);
    expect(snap.differs({ sku: sku(5), quantity: 99, cost: '5.00' })).toBe(0);
    expect(snap.differs({ sku: sku(6), quantity: 10, cost: '7.25' })).toBe(0);

    // The feed says 10 and 5.00 again: the digest alone would have said nothing changed. (No push: the
    // webhook's 99 never reached the store, which was last sent 10.)
    expect(await feed(everything(() => 10))).toMatchObject({ stockChanged: 1, costsChanged: 1, pushed: 0 });
    expect(await stock(5)).toBe(10);
    // Its own digest includes them: nothing is re-read.
    expect((await snapshot()).changedSinceDigest).toBe(0);
  });

  it('does not hide a write made while a feed runs, after its snapshot was read', async () => {
    await feed(everything(() => 10));
    async function* rows(): AsyncGenerator<FeedRow> {
      yield { sku: sku(0), quantity: 10, cost: '5.00' };
      // The feed has read its snapshot (it did, to check the first row): now somebody else writes.
      await elsewhere(8, 55);
      for (let i = 1; i < ITEMS; i++) yield { sku: sku(i), quantity: i === 9 ? 11 : 10, cost: '5.00' };
    }
    expect(await ingestFeedRows({ db: t.db, sync }, rows(), { ...long, feedId: `digest-feed-${++feeds}` })).toMatchObject({ stockChanged: 1 });
    // The feed compared item 8 with what it read (10), so it left the 55 written meanwhile…
    expect(await stock(8)).toBe(55);
    // …and the digest it left doesn't claim 10 for it: the next feed finds the difference.
    expect((await snapshot()).changedSinceDigest).toBe(1);
    expect(await feed(everything((i) => (i === 9 ? 11 : 10)))).toMatchObject({ stockChanged: 1 });
    expect(await stock(8)).toBe(10);
  });

  it('puts the stock a full feed zeroes in its digest', async () => {
    await feed(everything(() => 10));
    const half = everything(() => 10).slice(0, ITEMS / 2);
    expect(await feed(half, { full: true })).toMatchObject({ stockChanged: 0, zeroed: ITEMS / 2 });
    const snap = await snapshot();
    expect([snap.fromDigest, snap.changedSinceDigest]).toEqual([true, 0]);
    expect(snap.differs({ sku: sku(ITEMS - 1), quantity: 0, cost: '5.00' })).toBe(0);
    expect(await feed(half, { full: true })).toMatchObject({ stockChanged: 0, zeroed: 0 });
    expect(await feed([[ITEMS - 1, 0]])).toMatchObject({ stockChanged: 0 });
    expect(await feed([[ITEMS - 1, 3]])).toMatchObject({ stockChanged: 1 });
  });

  it('keeps the digest of a feed that failed while writing, which still shows what is stored', async () => {
    await feed(everything(() => 10));
    const claim = sync.statements.claimTargets.bind(sync.statements);
    sync.statements.claimTargets = () => Promise.reject(new Error('connection lost'));
    try {
      await expect(feed(everything((i) => (i === 1 ? 12 : 10)))).rejects.toThrow('connection lost');
    } finally {
      sync.statements.claimTargets = claim;
    }
    expect(await stock(1)).toBe(10);
    const snap = await snapshot();
    expect([snap.fromDigest, snap.changedSinceDigest]).toEqual([true, 0]);
    expect(await feed(everything((i) => (i === 1 ? 12 : 10)))).toMatchObject({ stockChanged: 1, pushed: 1 });
  });

  it('never leaves a digest that disagrees with the stock when the digest fails to be written', async () => {
    await feed(everything(() => 10));
    const pages = vi.spyOn(StockSnapshot.prototype, 'digestPages').mockImplementation(function* () {
      throw new Error('disk full');
    });
    try {
      await expect(feed(everything((i) => (i === 2 ? 13 : 10)))).rejects.toThrow('disk full');
    } finally {
      pages.mockRestore();
    }
    const snap = await snapshot();
    if (dialect === 'postgres') {
      // The digest commits with the stock it shows: neither was written, and the old digest stands.
      expect([await stock(2), snap.fromDigest, snap.changedSinceDigest]).toEqual([10, true, 0]);
      expect(await feed(everything((i) => (i === 2 ? 13 : 10)))).toMatchObject({ stockChanged: 1, pushed: 1 });
    } else {
      // SQLite writes the digest after the stock: the stock stands, the old digest is gone with the
      // stock's transaction, and the next feed reads the tables.
      expect([await stock(2), snap.fromDigest]).toEqual([13, false]);
      expect(await feed(everything((i) => (i === 2 ? 13 : 10)))).toMatchObject({ stockChanged: 0, pushed: 0 });
    }
    expect((await snapshot()).fromDigest).toBe(true);
  });

});

describe('stock digests on postgres through a pool of two connections', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase('postgres');
    await seed(t.db);
  }, 60_000);
  afterAll(() => t?.cleanup());

  it('reads the tables, writes in one transaction and leaves a digest', async () => {
    // The smallest pool a hub allows: the snapshot's read takes both connections (it once asked for a
    // third meanwhile, and waited for ever), and the feed writes in one transaction, not two.
    const small = await openPostgres(t.url!, { poolSize: 2 });
    let feeds = 0;
    try {
      const sync = new InventorySync(small, new JobQueue(small), 50);
      const run = (q: (i: number) => number) => ingestCsvFeed({ db: small, sync }, Readable.from([csv(everything(q))]), { ...long, feedId: `small-pool-feed-${++feeds}` });
      expect(await run(() => 10)).toMatchObject({ stockChanged: ITEMS });
      expect(await run((i) => (i === 3 ? 14 : 10))).toMatchObject({ stockChanged: 1, pushed: 1 });
      const snap = await StockSnapshot.load(t.db, SUPPLIER, ITEMS);
      expect([snap.fromDigest, snap.changedSinceDigest]).toEqual([true, 0]);
      expect(snap.differs({ sku: sku(3), quantity: 14, cost: '5.00' })).toBe(0);
    } finally {
      await small.close();
    }
  });
});
