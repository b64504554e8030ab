/**
 * Inventory feeds against real storage: only changed stock is written, only changed store quantities
 * are queued (in chunks), a second run of the same feed queues nothing, availability is summed over
 * suppliers less the safety buffer, and a long feed runs in bounded memory.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { and, count, eq, isNotNull, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CatalogRepository } from '../catalog/catalog-repository.ts';
import { StoreProductRepository } from '../catalog/store-product-repository.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../db/testing.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { SUPPLIER_JOB_TYPES } from '../suppliers/supplier-job-types.ts';
import { ingestCsvFeed, type FeedIngestOptions } from './feed-ingest.ts';
import { InventorySync, type Participants } from './inventory-sync.ts';

const MEMORY_FIXTURE = fileURLToPath(new URL('./feed-memory.fixture.ts', import.meta.url));

describe.each(DIALECTS)('inventory feed ingest on %s', (dialect) => {
  let t: TestDatabase;
  let sync: InventorySync;
  let queue: JobQueue;
  let feeds = 0;
  const who: Participants = { suppliers: ['sup-a', 'sup-b'], stores: ['shop'] };

  beforeAll(async () => {
    t = await openTestDatabase(dialect);
    queue = new JobQueue(t.db);
    sync = new InventorySync(t.db, queue, 2);
    const catalog = new CatalogRepository(t.db);
    const products = new StoreProductRepository(t.db);
    await t.db.transaction(async (tx) => {
      await catalog.upsertItems(
        tx,
        [
          ...['MUG', 'TEE', 'CAP', 'BAG', 'PEN', 'HAT'].map((sku) => ({ supplierId: 'sup-a', supplierSku: `A-${sku}`, sku, cost: '5.00', currency: 'USD' })),
          { supplierId: 'sup-b', supplierSku: 'B-MUG', sku: 'MUG', priority: 200 },
          { supplierId: 'sup-off', supplierSku: 'X-MUG', sku: 'MUG', priority: 300 },
        ],
        1,
      );
      await products.upsert(
        tx,
        'shop',
        ['MUG', 'TEE', 'CAP', 'BAG', 'PEN', 'HAT'].map((sku) => ({ sku, variantId: `v-${sku}`, tags: [], safetyBuffer: sku === 'TEE' ? 5 : 0 })),
        1,
      );
      await products.upsert(tx, 'other-shop', [{ sku: 'MUG', tags: [], safetyBuffer: 0 }], 1);
    });
  }, 60_000);
  afterAll(() => t?.cleanup());

  const ingest = (supplierId: string, csv: string, options: Partial<FeedIngestOptions> = {}) =>
    ingestCsvFeed({ db: t.db, sync }, Readable.from([csv]), { supplierId, feedId: `feed-${++feeds}`, source: 'upload', participants: who, ...options });

  const pushJobCount = async () => {
    const j = t.db.t.jobs;
    const [r] = await t.db.q.select({ n: count() }).from(j).where(eq(j.type, SUPPLIER_JOB_TYPES.pushInventory));
    return Number(r!.n);
  };
  const pushJobs = async () => (await queue.list({ type: SUPPLIER_JOB_TYPES.pushInventory, limit: 500 })).reverse();
  const pushed = async (sku: string) => {
    const p = t.db.t.storeProducts;
    const [row] = await t.db.q.select({ q: p.pushedQuantity }).from(p).where(and(eq(p.storeId, 'shop'), eq(p.sku, sku)));
    return row?.q;
  };

  it('stores a first feed and queues every store quantity in chunks, less the safety buffer', async () => {
    const r = await ingest('sup-a', 'sku,quantity,cost\nA-MUG,10,5.00\nA-TEE,3,5.00\nA-CAP,7,5.00\nA-BAG,0,5.00\nA-PEN,4,5.00\n');
    expect(r).toMatchObject({ rows: 5, invalid: 0, stockChanged: 5, costsChanged: 0, pushed: 5, jobs: 3 });
    const jobs = await pushJobs();
    expect(jobs.map((j) => j.payload)).toEqual([
      { storeId: 'shop', items: [{ sku: 'BAG', quantity: 0, variantId: 'v-BAG' }, { sku: 'CAP', quantity: 7, variantId: 'v-CAP' }] },
      { storeId: 'shop', items: [{ sku: 'MUG', quantity: 10, variantId: 'v-MUG' }, { sku: 'PEN', quantity: 4, variantId: 'v-PEN' }] },
      // TEE: 3 available, buffer 5 → 0 (never oversell)
      { storeId: 'shop', items: [{ sku: 'TEE', quantity: 0, variantId: 'v-TEE' }] },
    ]);
    expect(jobs.every((j) => j.dedupeKey?.startsWith(`inv:feed-${feeds}:0:shop:`))).toBe(true);
    // The store that cannot take inventory (not a participant) gets nothing.
    expect(jobs.some((j) => j.payload.storeId === 'other-shop')).toBe(false);
    expect(await pushed('MUG')).toBe(10);
  });

  it('queues nothing for the same feed again', async () => {
    const before = (await pushJobs()).length;
    const r = await ingest('sup-a', 'sku,quantity,cost\nA-MUG,10,5.00\nA-TEE,3,5.00\nA-CAP,7,5.00\nA-BAG,0,5.00\nA-PEN,4,5.00\n');
    expect(r).toMatchObject({ rows: 5, stockChanged: 0, costsChanged: 0, pushed: 0, jobs: 0 });
    expect((await pushJobs()).length).toBe(before);
  });

  it('pushes only the SKUs whose store quantity changed', async () => {
    const before = (await pushJobs()).length;
    // MUG changes; TEE changes stock but stays under its buffer (0 either way); cost of CAP changes.
    const r = await ingest('sup-a', 'sku,quantity,cost\nA-MUG,8,5.00\nA-TEE,4,5.00\nA-CAP,7,5.50\n');
    expect(r).toMatchObject({ rows: 3, stockChanged: 2, costsChanged: 1, pushed: 1, jobs: 1 });
    const jobs = (await pushJobs()).slice(before);
    expect(jobs.map((j) => j.payload.items)).toEqual([[{ sku: 'MUG', quantity: 8, variantId: 'v-MUG' }]]);
    const c = t.db.t.catalogItems;
    const [cap] = await t.db.q.select({ cost: c.cost }).from(c).where(and(eq(c.supplierId, 'sup-a'), eq(c.supplierSku, 'A-CAP')));
    expect(cap!.cost).toBe('5.50');
  });

  it('sums availability over enabled suppliers: another supplier’s stock raises the store quantity', async () => {
    const before = (await pushJobs()).length;
    const r = await ingest('sup-b', 'B-MUG,5,4.00\n'); // no header: columns in order
    expect(r).toMatchObject({ rows: 1, stockChanged: 1, pushed: 1 });
    expect((await pushJobs()).slice(before).map((j) => j.payload.items)).toEqual([[{ sku: 'MUG', quantity: 13, variantId: 'v-MUG' }]]);
    // A supplier that is not enabled (not a participant) doesn't count.
    const off = await ingest('sup-off', 'X-MUG,50,4.00\n');
    expect(off).toMatchObject({ stockChanged: 1, pushed: 0 });
    expect(await pushed('MUG')).toBe(13);
  });

  it('reports bad rows by line and ingests the rest', async () => {
    const r = await ingest('sup-a', 'sku,quantity,cost\nA-MUG,x,5.00\nA-PEN,4,abc\n,3,1.00\nA-HAT,-2,5.00\nA-PEN,6,5.00\n');
    expect(r.rows).toBe(2);
    expect(r.invalid).toBe(3);
    expect(r.errors).toEqual([
      { line: 2, message: 'quantity "x" is not a whole number' },
      { line: 3, message: 'cost "abc" is not a decimal amount' },
      { line: 4, message: 'no SKU' },
    ]);
    // A negative count means none to sell.
    const s = t.db.t.supplierStock;
    const [hat] = await t.db.q.select({ q: s.quantity }).from(s).where(and(eq(s.supplierId, 'sup-a'), eq(s.supplierSku, 'A-HAT')));
    expect(hat!.q).toBe(0);
    expect(await pushed('PEN')).toBe(6);
  });

  it('a full feed zeroes what it no longer lists, and pushes those zeros', async () => {
    const r = await ingest('sup-a', 'sku,quantity,cost\nA-MUG,8,5.00\nA-CAP,7,5.50\nA-PEN,6,5.00\n', { full: true });
    // TEE (4) went to zero: its store quantity was 0 already (buffer), so no push for it.
    expect(r).toMatchObject({ rows: 3, stockChanged: 0, zeroed: 1, pushed: 0 });
    const again = await ingest('sup-a', 'sku,quantity,cost\nA-MUG,8,5.00\nA-PEN,6,5.00\n', { full: true });
    expect(again).toMatchObject({ zeroed: 1, pushed: 1 });
    expect(await pushed('CAP')).toBe(0);
  });

  it('finds exactly the same changes through the snapshot filter', async () => {
    // Stored now: A-MUG 8 at 5.00, A-CAP 0 at 5.50, A-PEN 6 at 5.00. "5.5" is the same cost as "5.50".
    const r = await ingest('sup-a', 'sku,quantity,cost\nA-MUG,8,5.00\nA-CAP,0,5.5\nA-PEN,9,5.00\nA-NEW,3,\nA-MUG,8,4.00\n', { snapshotAfterRows: 0 });
    expect(r).toMatchObject({ rows: 5, stockChanged: 2, costsChanged: 1, pushed: 1 });
    expect(await pushed('PEN')).toBe(9);
    const c = t.db.t.catalogItems;
    const costs = await t.db.q.select({ sku: c.supplierSku, cost: c.cost }).from(c).where(eq(c.supplierId, 'sup-a')).orderBy(c.supplierSku);
    expect(Object.fromEntries(costs.map((x) => [x.sku, x.cost]))).toMatchObject({ 'A-MUG': '4.00', 'A-CAP': '5.50', 'A-PEN': '5.00' });
  });

  it('lets the later line of a SKU listed twice win through the snapshot filter too', async () => {
    // Stored: A-PEN 9. The first line differs, the second matches what is stored: the feed ends at 9.
    const r = await ingest('sup-a', 'sku,quantity,cost\nA-PEN,4,5.00\nA-MUG,8,4.00\nA-PEN,9,5.00\n', { snapshotAfterRows: 0 });
    expect(r).toMatchObject({ rows: 3, stockChanged: 0, pushed: 0 });
    expect(await pushed('PEN')).toBe(9);
  });

  it('switches to the snapshot filter partway through a parsed batch and still finds every change', async () => {
    await t.db.transaction(async (tx) => {
      await new CatalogRepository(t.db).upsertItems(tx, Array.from({ length: 6 }, (_, i) => ({ supplierId: 'sup-d', supplierSku: `D-${i}`, sku: `DSKU-${i}`, cost: '1.00', currency: 'USD' })), 1);
      await sync.statements.writeStock(tx, 'sup-d', Array.from({ length: 6 }, (_, i) => ({ sku: `D-${i}`, quantity: 5 })), 1);
    });
    // The first three rows are checked one by one (D-0 is written as 6), the rest of the same parsed
    // batch against the snapshot read after them: D-0 back to 5 differs from the 6 it now holds.
    const feed = 'sku,quantity,cost\nD-0,6,1.00\nD-1,5,1.00\nD-2,5,1.00\nD-3,7,1.00\nD-0,5,1.00\nD-4,5,2.00\nD-NEW,1,\nD-5,5,1.00\n';
    const r = await ingest('sup-d', feed, { snapshotAfterRows: 3, batchSize: 2 });
    expect(r).toMatchObject({ rows: 8, stockChanged: 4, costsChanged: 1 });
    const s = t.db.t.supplierStock;
    const stock = await t.db.q.select({ sku: s.supplierSku, q: s.quantity }).from(s).where(eq(s.supplierId, 'sup-d'));
    expect(Object.fromEntries(stock.map((x) => [x.sku, x.q]))).toEqual({ 'D-0': 5, 'D-1': 5, 'D-2': 5, 'D-3': 7, 'D-4': 5, 'D-5': 5, 'D-NEW': 1 });
    const c = t.db.t.catalogItems;
    const [d4] = await t.db.q.select({ cost: c.cost }).from(c).where(and(eq(c.supplierId, 'sup-d'), eq(c.supplierSku, 'D-4')));
    expect(d4!.cost).toBe('2.00');
  });

  it('writes a long feed’s changes in one transaction, each statement given only the rows it may change', async () => {
    await t.db.transaction(async (tx) => {
      await new CatalogRepository(t.db).upsertItems(tx, Array.from({ length: 30 }, (_, i) => ({ supplierId: 'sup-c', supplierSku: `C-${i}`, sku: `CSKU-${i}`, cost: '1.00', currency: 'USD' })), 1);
      await sync.statements.writeStock(tx, 'sup-c', Array.from({ length: 30 }, (_, i) => ({ sku: `C-${i}`, quantity: 5 })), 1);
    });
    const stock = vi.spyOn(sync.statements, 'writeStock');
    const costs = vi.spyOn(sync.statements, 'writeCosts');
    const transactions = vi.spyOn(t.db, 'transaction');
    try {
      // C-0..2: new quantity; C-27..29: new cost; C-NEW: not stored yet; the rest as stored.
      const lines = Array.from({ length: 30 }, (_, i) => `C-${i},${i < 3 ? 6 : 5},${i >= 27 ? '2.00' : '1.00'}`);
      const r = await ingest('sup-c', `sku,quantity,cost\n${lines.join('\n')}\nC-NEW,1,\n`, { snapshotAfterRows: 0, batchSize: 2 });
      expect(r).toMatchObject({ rows: 31, stockChanged: 4, costsChanged: 3 });
      expect(stock.mock.calls.map((c) => c[2].map((row) => row.sku))).toEqual([['C-0', 'C-1', 'C-2', 'C-NEW']]);
      expect(costs.mock.calls.map((c) => c[2].map((row) => row.sku))).toEqual([['C-27', 'C-28', 'C-29']]);
      // The changes (on PostgreSQL: the stock and costs, and the store quantities on a second
      // connection, see FeedIngest.#writeAhead), then the feed's history record.
      expect(transactions).toHaveBeenCalledTimes(dialect === 'postgres' ? 3 : 2);
    } finally {
      stock.mockRestore();
      costs.mockRestore();
      transactions.mockRestore();
    }
  });

  it('leaves nothing half-written when a long feed fails while writing, so running it again sends everything', async () => {
    const stock = async (supplierId: string, sku: string) => {
      const s = t.db.t.supplierStock;
      const [row] = await t.db.q.select({ q: s.quantity }).from(s).where(and(eq(s.supplierId, supplierId), eq(s.supplierSku, sku)));
      return row?.q;
    };
    await t.db.transaction((tx) =>
      new CatalogRepository(t.db).upsertItems(tx, [{ supplierId: 'sup-b', supplierSku: 'B-HAT', sku: 'HAT', priority: 200 }, { supplierId: 'sup-b', supplierSku: 'B-CAP', sku: 'CAP', priority: 200 }], 1),
    );
    const jobs = (await pushJobs()).length;
    const run = () =>
      ingest('sup-b', 'sku,quantity\nB-HAT,4\nB-CAP,3\n', { snapshotAfterRows: 0 });
    const claim = vi.spyOn(sync.statements, 'claimTargets').mockRejectedValueOnce(new Error('connection lost'));
    try {
      await expect(run()).rejects.toThrow('connection lost');
    } finally {
      claim.mockRestore();
    }
    // The stock written before the failure was rolled back with it, so the next run still sees the change.
    expect([await stock('sup-b', 'B-HAT'), await stock('sup-b', 'B-CAP'), (await pushJobs()).length]).toEqual([undefined, undefined, jobs]);
    const r = await run();
    expect(r).toMatchObject({ stockChanged: 2, pushed: 2 });
    expect(await pushed('HAT')).toBe(((await stock('sup-a', 'A-HAT')) ?? 0) + 4);
    expect(await pushed('CAP')).toBe(((await stock('sup-a', 'A-CAP')) ?? 0) + 3);
  });

  it('changes nothing when a long feed fails after some of its store quantities were claimed', async () => {
    const items = 25_000;
    const sku = (i: number) => `E-${i}`;
    // Mapped and listed in the store, a thousand rows a statement.
    await t.db.transaction(async (tx) => {
      for (let from = 0; from < items; from += 1_000) {
        const range = Array.from({ length: 1_000 }, (_, k) => sku(from + k));
        await tx.insert(t.db.t.catalogItems).values(range.map((s) => ({ supplierId: 'sup-a', supplierSku: `A-${s}`, sku: s, priority: 100, updatedAt: 1 })));
        await tx.insert(t.db.t.storeProducts).values(range.map((s) => ({ storeId: 'shop', sku: s, tags: [], safetyBuffer: 0, updatedAt: 1 })));
      }
    });
    const feed = `sku,quantity\n${Array.from({ length: items }, (_, i) => `A-${sku(i)},${(i % 9) + 1}`).join('\n')}\n`;
    // Push jobs of 100 items, as the hub queues them (the suite's `sync` makes jobs of 2).
    const hubSync = new InventorySync(t.db, queue);
    const run = () => ingestCsvFeed({ db: t.db, sync: hubSync }, Readable.from([feed]), { supplierId: 'sup-a', feedId: `feed-${++feeds}`, source: 'upload', participants: who, expectedRows: items });
    const jobs = await pushJobCount();
    // The third statement of stock fails, once the first store quantities were claimed (on PostgreSQL,
    // in the feed's second transaction, which must not commit without the first).
    let claimed!: () => void;
    const firstClaim = new Promise<void>((resolve) => (claimed = resolve));
    const claim = hubSync.statements.claimTargets.bind(hubSync.statements);
    const claims = vi.spyOn(hubSync.statements, 'claimTargets').mockImplementation(async (...args) => {
      const out = await claim(...args);
      claimed();
      return out;
    });
    const write = hubSync.statements.writeStock.bind(hubSync.statements);
    let calls = 0;
    const stock = vi.spyOn(hubSync.statements, 'writeStock').mockImplementation(async (...args) => {
      if (++calls < 3) return write(...args);
      await firstClaim;
      throw new Error('connection lost');
    });
    try {
      await expect(run()).rejects.toThrow('connection lost');
      expect(claims).toHaveBeenCalled();
    } finally {
      claims.mockRestore();
      stock.mockRestore();
    }
    const s = t.db.t.supplierStock;
    const p = t.db.t.storeProducts;
    const [written] = await t.db.q.select({ n: count() }).from(s).where(and(eq(s.supplierId, 'sup-a'), like(s.supplierSku, 'A-E-%')));
    const [marked] = await t.db.q.select({ n: count() }).from(p).where(and(eq(p.storeId, 'shop'), like(p.sku, 'E-%'), isNotNull(p.pushedQuantity)));
    expect([Number(written!.n), Number(marked!.n), await pushJobCount()]).toEqual([0, 0, jobs]);
    // Run again, it writes and sends everything.
    expect(await run()).toMatchObject({ stockChanged: items, pushed: items, jobs: items / 100 });
    expect(await pushed(sku(items - 1))).toBe(((items - 1) % 9) + 1);
  }, 60_000);

  it('sums two items of one supplier on the same store SKU, whether both change or one', async () => {
    // A-BAG (stored 0) and a second item of sup-a for BAG: the quantity just written of one, the stored one of the other.
    await t.db.transaction((tx) => new CatalogRepository(t.db).upsertItems(tx, [{ supplierId: 'sup-a', supplierSku: 'A-BAG-2', sku: 'BAG' }], 1));
    const both = await ingest('sup-a', 'sku,quantity\nA-BAG,2\nA-BAG-2,3\n');
    expect(both).toMatchObject({ stockChanged: 2, pushed: 1 });
    expect(await pushed('BAG')).toBe(5);
    const one = await ingest('sup-a', 'sku,quantity\nA-BAG-2,1\nA-MUG,8\n', { snapshotAfterRows: 0 });
    expect(one).toMatchObject({ stockChanged: 1, pushed: 1 });
    expect(await pushed('BAG')).toBe(3);
    // Both again, through the snapshot filter (on PostgreSQL the store quantities are claimed in a
    // second transaction, which doesn't see the first's writes): the sum of the two just written.
    const streamed = await ingest('sup-a', 'sku,quantity\nA-BAG,4\nA-BAG-2,6\n', { snapshotAfterRows: 0 });
    expect(streamed).toMatchObject({ stockChanged: 2, pushed: 1 });
    expect(await pushed('BAG')).toBe(10);
  });

  it('ingests a 400,000-row feed in a process whose heap is capped at 40 MB', async () => {
    // The rows alone, held as objects, would take about 55 MB of heap: a version that buffered the feed
    // (or the stored stock) dies of heap exhaustion here. Streaming keeps one batch at a time.
    const target = t.url ?? join(t.dataDir!, 'dropline.sqlite');
    const out = await new Promise<{ rows: number; stockChanged: number; peakMb: number }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--max-old-space-size=40', '--import', 'tsx', MEMORY_FIXTURE, target, 'mem', '400000'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`fixture exited ${code}: ${stderr.slice(-2000)}`))));
    });
    expect(out).toMatchObject({ rows: 400_000, stockChanged: 400_000 });
    expect(out.peakMb).toBeLessThan(300);
  }, 120_000);
});
