/**
 * Catalog and store-product imports against both databases: written in statements of many rows, they
 * leave the tables as the rows applied one at a time would — the later of two rows for one key wins, and
 * fields an item leaves out keep their stored values.
 */
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../db/testing.ts';
import { CatalogRepository } from './catalog-repository.ts';
import { StoreProductRepository, validateStoreProducts } from './store-product-repository.ts';

describe.each(DIALECTS)('catalog upserts on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
  }, 60_000);
  afterAll(() => t?.cleanup());

  it('maps thousands of items over several statements, the later row of a key winning', async () => {
    const catalog = new CatalogRepository(t.db);
    const items = Array.from({ length: 2_500 }, (_, i) => ({ supplierId: 'sup', supplierSku: `S-${i}`, sku: `K-${i}`, cost: '1.00', currency: 'USD' }));
    // S-7 again at the end (a new cost and store SKU), and within the first thousand.
    items.push({ supplierId: 'sup', supplierSku: 'S-7', sku: 'K-7b', cost: '2.50', currency: 'USD' });
    items.splice(10, 0, { supplierId: 'sup', supplierSku: 'S-7', sku: 'K-7a', cost: '9.99', currency: 'USD' });
    await t.db.transaction((tx) => catalog.upsertItems(tx, items, 5));
    const c = t.db.t.catalogItems;
    const [n] = await t.db.q.select({ n: count() }).from(c).where(eq(c.supplierId, 'sup'));
    expect(Number(n!.n)).toBe(2_500);
    const [s7] = await t.db.q.select().from(c).where(and(eq(c.supplierId, 'sup'), eq(c.supplierSku, 'S-7')));
    expect(s7).toMatchObject({ sku: 'K-7b', cost: '2.50', updatedAt: 5 });
    const [last] = await t.db.q.select().from(c).where(and(eq(c.supplierId, 'sup'), eq(c.supplierSku, 'S-2499')));
    expect(last).toMatchObject({ sku: 'K-2499', priority: 100, gtin: null });
  });

  it('imports store products in order, leaving out-of-import fields as they were', async () => {
    const products = new StoreProductRepository(t.db);
    const get = (sku: string) => products.get(t.db.q, 'shop', sku);
    await t.db.transaction((tx) =>
      products.upsert(tx, 'shop', validateStoreProducts(Array.from({ length: 1_200 }, (_, i) => ({ sku: `P-${i}`, title: `Product ${i}`, price: '10.00', safetyBuffer: 2, tags: ['mug'] }))), 1),
    );
    // Mixed: a price-only row, a title-and-price row, then the first product's price again.
    await t.db.transaction((tx) =>
      products.upsert(tx, 'shop', validateStoreProducts([{ sku: 'P-0', price: '11.00' }, { sku: 'P-1', title: 'Renamed', price: '12.00' }, { sku: 'P-0', price: '13.00' }, { sku: 'P-NEW', price: '5.00' }]), 2),
    );
    expect(await get('P-0')).toMatchObject({ title: 'Product 0', price: '13.00', safetyBuffer: 2, tags: ['mug'], updatedAt: 2 });
    expect(await get('P-1')).toMatchObject({ title: 'Renamed', price: '12.00', safetyBuffer: 2 });
    expect(await get('P-1199')).toMatchObject({ title: 'Product 1199', price: '10.00', updatedAt: 1 });
    expect(await get('P-NEW')).toMatchObject({ title: null, price: '5.00', safetyBuffer: 0, tags: [] });
  });
});
