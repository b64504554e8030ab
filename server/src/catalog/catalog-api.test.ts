/**
 * Catalog mapping over the HTTP API on both databases: store products with barcodes, mappings by SKU or
 * by barcode with GTIN check digits, bulk import from JSON and from CSV with a column mapping, and the
 * report of what stays unmatched.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/testing.ts';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';

describe.each(DIALECTS)('catalog mapping on %s', (dialect) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ dialect });
    await t.api('POST', '/api/connectors', { id: 'shop', type: 'shopify', config: { shopDomain: 'mapping.myshopify.com' }, secrets: { webhookSecret: 'x', accessToken: 'y' } });
    for (const id of ['acme', 'globex']) {
      await t.api('POST', '/api/connectors', { id, type: 'sandbox-supplier', config: { apiBaseUrl: 'http://127.0.0.1:9' }, secrets: { apiKey: 'k', webhookSecret: 'w' } });
    }
  }, 60_000);
  afterAll(() => t?.stop());

  it('takes store products and rejects a bad barcode naming the field', async () => {
    const bad = await t.api('PUT', '/api/catalog/products', { storeId: 'shop', items: [{ sku: 'MUG', barcode: '036000291452' }, { sku: 'TEE', barcode: '4006381333932' }] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ field: 'items[1].barcode', message: 'check digit is 2, expected 1' }]);
    const ok = await t.api('PUT', '/api/catalog/products', {
      storeId: 'shop',
      items: [
        { sku: 'MUG', barcode: '036000291452', title: 'Mug', vendor: 'Nordic', productType: 'Kitchen', price: '12.00', safetyBuffer: 2 },
        { sku: 'TEE', barcode: '4006381333931', title: 'Tee' },
        { sku: 'CAP', barcode: '96385074', title: 'Cap' },
        { sku: 'ORPHAN', title: 'Nobody sells this' },
      ],
    });
    expect(ok.body).toMatchObject({ applied: 4 });
    const mug = (await t.api('GET', '/api/catalog/products?storeId=shop&sku=MUG')).body.items[0];
    expect(mug).toMatchObject({ sku: 'MUG', barcode: '00036000291452', vendor: 'Nordic', safetyBuffer: 2, price: '12.00' });
    // A later partial import keeps what it doesn't mention.
    await t.api('PUT', '/api/catalog/products', { storeId: 'shop', items: [{ sku: 'MUG', price: '13.00' }] });
    expect((await t.api('GET', '/api/catalog/products?sku=MUG')).body.items[0]).toMatchObject({ price: '13.00', safetyBuffer: 2, barcode: '00036000291452' });
    expect((await t.api('PUT', '/api/catalog/products', { storeId: 'acme', items: [] })).body.errors[0].field).toBe('storeId');
  });

  it('refuses a mapping with a bad GTIN, naming items[i].gtin', async () => {
    const res = await t.api('PUT', '/api/catalog/items', { items: [{ supplierId: 'acme', supplierSku: 'A-1', sku: 'MUG', gtin: '036000291452' }, { supplierId: 'acme', supplierSku: 'A-2', sku: 'TEE', gtin: '036000291453' }] });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'items[1].gtin', message: 'check digit is 3, expected 2' }]);
  });

  it('imports mappings from JSON, resolving store SKUs by barcode, with several suppliers per product by priority', async () => {
    const res = await t.api('POST', '/api/catalog/import', {
      items: [
        { supplierId: 'acme', supplierSku: 'A-MUG', gtin: '0036000291452', cost: '5.00', priority: 1, msrp: '19.99', map: '14.99' },
        { supplierId: 'globex', supplierSku: 'G-MUG', sku: 'MUG', cost: '4.50', priority: 2 },
        { supplierId: 'acme', supplierSku: 'A-TEE', gtin: '4006381333932' },
        { supplierId: 'acme', supplierSku: 'A-NEW', gtin: '10012345678902' },
        { supplierId: 'acme', supplierSku: 'A-X' },
        { supplierId: 'acme', supplierSku: 'A-BAD', sku: 'CAP', cost: 'cheap' },
      ],
    });
    expect(res.body.applied).toBe(2);
    expect(res.body.rejected).toEqual([
      { row: 2, field: 'gtin', message: 'check digit is 2, expected 1' },
      { row: 3, field: 'gtin', message: 'no store product has this barcode' },
      { row: 4, field: 'sku', message: 'give the store SKU or a barcode (gtin) that identifies it' },
      { row: 5, field: 'cost', message: expect.stringContaining('decimal') },
    ]);
    const mapped = (await t.api('GET', '/api/catalog/items?sku=MUG')).body.items;
    expect(mapped.map((m: any) => [m.supplierId, m.supplierSku, m.priority, m.cost])).toEqual([
      ['acme', 'A-MUG', 1, '5.00'],
      ['globex', 'G-MUG', 2, '4.50'],
    ]);
    const c = t.hub.db.t.catalogItems;
    const [row] = await t.hub.db.q.select({ gtin: c.gtin }).from(c).where(eq(c.supplierSku, 'A-MUG'));
    expect(row!.gtin).toBe('00036000291452');
    const p = t.hub.db.t.catalogItemPrices;
    expect(await t.hub.db.q.select({ msrp: p.msrp, map: p.map }).from(p).where(eq(p.supplierSku, 'A-MUG'))).toEqual([{ msrp: '19.99', map: '14.99' }]);
  });

  it('imports a CSV with a column mapping, reporting bad rows by line and column', async () => {
    const csv = ['Item #,UPC,Unit Cost,Rank', 'A-TEE,4006381333931,3.10,1', 'A-CAP,96385075,2.00,1', 'A-CAP2,96385074,2.20,3', ''].join('\n');
    const columns = JSON.stringify({ supplierSku: 'Item #', gtin: 'UPC', cost: 'Unit Cost', priority: 'Rank' });
    const res = await t.api('POST', `/api/catalog/import/csv?supplierId=acme&columns=${encodeURIComponent(columns)}`, csv, { 'content-type': 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ applied: 2, rejected: [{ row: 3, field: 'gtin', column: 'UPC', message: 'check digit is 5, expected 4' }] });

    const form = new FormData();
    form.set('file', new Blob(['supplier,item,store sku\nglobex,G-TEE,TEE\n'], { type: 'text/csv' }), 'globex.csv');
    form.set('columns', JSON.stringify({ supplierId: 'supplier', supplierSku: 'item', sku: 'store sku' }));
    const multipart = await fetch(`${t.url}/api/catalog/import/csv`, { method: 'POST', body: form, headers: { authorization: `Bearer ${t.token}` } });
    expect(await multipart.json()).toEqual({ applied: 1, rejected: [] });
    const wrongColumn = await t.api('POST', `/api/catalog/import/csv?columns=${encodeURIComponent('{"gtin":"EAN"}')}`, csv, { 'content-type': 'text/csv' });
    expect(wrongColumn.status).toBe(422);
    expect(wrongColumn.body.errors[0].field).toBe('columns.gtin');
    expect((await t.api('GET', '/api/catalog/items?sku=TEE')).body.items.map((m: any) => m.supplierSku)).toEqual(['A-TEE', 'G-TEE']);
  });

  it('reports store SKUs no supplier carries and supplier items that reach no store SKU', async () => {
    await t.api('PUT', '/api/catalog/items', { items: [{ supplierId: 'globex', supplierSku: 'G-GHOST', sku: 'NOT-IN-STORE' }] });
    await t.api('POST', '/api/suppliers/globex/inventory-feed', 'sku,quantity\nG-MUG,4\nG-UNMAPPED,9\n', { 'content-type': 'text/csv' });
    const report = (await t.api('GET', '/api/catalog/unmatched')).body;
    expect(report.storeSkus).toEqual({ total: 1, items: [{ storeId: 'shop', sku: 'ORPHAN', title: 'Nobody sells this', barcode: null }] });
    expect(report.supplierItems.total).toBe(2);
    expect(report.supplierItems.items).toEqual([
      { supplierId: 'globex', supplierSku: 'G-GHOST', sku: 'NOT-IN-STORE', reason: 'store_sku_unknown' },
      { supplierId: 'globex', supplierSku: 'G-UNMAPPED', sku: null, reason: 'not_mapped' },
    ]);
    expect((await t.api('GET', '/api/catalog/unmatched?supplierId=acme')).body.supplierItems.total).toBe(0);
  });
});
