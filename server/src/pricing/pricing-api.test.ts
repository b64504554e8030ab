/**
 * Pricing over the HTTP API on both databases: rules per supplier, brand and category (most specific
 * wins), a preview of what would change, and a push that sends only that — once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/testing.ts';
import { recordingStore } from '../testing/recording-store.ts';
import { eventually, startTestHub, type TestHub } from '../testing/test-hub.ts';

describe.each(DIALECTS)('pricing on %s', (dialect) => {
  let t: TestHub;
  const store = recordingStore();
  beforeAll(async () => {
    t = await startTestHub({ dialect, hub: { extraConnectors: [store.connector] } });
    await t.api('POST', '/api/connectors', { id: 'shop', type: 'recording-store', config: {} });
    for (const id of ['acme', 'globex']) await t.api('POST', '/api/connectors', { id, type: 'sandbox-supplier', config: { apiBaseUrl: 'http://127.0.0.1:9' }, secrets: { apiKey: 'k', webhookSecret: 'w' } });
    await t.api('PUT', '/api/catalog/products', {
      storeId: 'shop',
      items: [
        { sku: 'MUG', vendor: 'Nordic', productType: 'Kitchen', price: '19.99', variantId: 'v-mug' },
        { sku: 'TEE', vendor: 'Basics', productType: 'Apparel', tags: ['clearance'], price: '9.99' },
        { sku: 'LAMP', vendor: 'Nordic', productType: 'Lighting', price: '49.99' },
        { sku: 'CUP', vendor: 'Other', productType: 'Kitchen', price: null },
        { sku: 'NOSUP', vendor: 'Nordic', price: '5.00' },
      ],
    });
    await t.api('POST', '/api/catalog/import', {
      items: [
        { supplierId: 'acme', supplierSku: 'A-MUG', sku: 'MUG', cost: '8.00', priority: 1, map: '24.00', msrp: '29.99' },
        { supplierId: 'globex', supplierSku: 'G-MUG', sku: 'MUG', cost: '2.00', priority: 2 },
        { supplierId: 'acme', supplierSku: 'A-TEE', sku: 'TEE', cost: '6.00', priority: 1 },
        { supplierId: 'globex', supplierSku: 'G-LAMP', sku: 'LAMP', cost: '20.00', priority: 1 },
        { supplierId: 'acme', supplierSku: 'A-CUP', sku: 'CUP', cost: '3.10', priority: 1 },
      ],
    });
    // MUG: acme is preferred and in stock.
    await t.api('POST', '/api/suppliers/acme/inventory-feed', 'sku,quantity\nA-MUG,5\nA-TEE,5\nA-CUP,5\n', { 'content-type': 'text/csv' });
  }, 60_000);
  afterAll(() => t?.stop());

  const rule = async (body: object) => {
    const r = await t.api('POST', '/api/pricing/rules', body);
    expect(r.status).toBe(201);
    return r.body;
  };

  it('validates rules, naming the field', async () => {
    const bad = await t.api('POST', '/api/pricing/rules', { name: 'x', markup: '0', ending: '99' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['ending', 'markup']);
  });

  it('previews old and new prices with the rule that applied: most specific wins, MAP floor, endings, never below cost', async () => {
    const general = await rule({ name: 'default 2x', markup: '2', ending: '.99' });
    const kitchen = await rule({ name: 'kitchen 2.5x', category: 'kitchen', markup: '2.5', ending: '0.99' });
    const nordicKitchen = await rule({ name: 'nordic kitchen 2.2x', brand: 'Nordic', category: 'Kitchen', markup: '2.2', ending: '0.99' });
    const clearance = await rule({ name: 'clearance', category: 'clearance', markup: '1.1', discountPercent: '20' });
    const preview = await t.api('POST', '/api/pricing/preview', {});
    expect(preview.status).toBe(200);
    const bySku = Object.fromEntries(preview.body.items.map((c: any) => [c.sku, c]));
    // MUG: brand + category rule; 8 × 2.2 = 17.60 → 17.99, under the MAP 24.00 → 24.99; MSRP shown struck through.
    expect(bySku.MUG).toMatchObject({ old: '19.99', new: '24.99', rule: { id: nordicKitchen.id }, supplierId: 'acme', cost: '8.00', map: '24.00', floor: 'map', compareAtPrice: '29.99' });
    // TEE: clearance tag; 6 × 1.1 × 0.8 = 5.28, below cost → 6.00.
    expect(bySku.TEE).toMatchObject({ old: '9.99', new: '6.00', rule: { id: clearance.id }, floor: 'cost' });
    // LAMP: only the default applies (Lighting); 20 × 2 = 40 → 39.99.
    expect(bySku.LAMP).toMatchObject({ old: '49.99', new: '39.99', rule: { id: general.id }, floor: null });
    // CUP: kitchen, no price in the store yet; 3.10 × 2.5 = 7.75 → 7.99.
    expect(bySku.CUP).toMatchObject({ old: null, new: '7.99', rule: { id: kitchen.id } });
    expect(preview.body).toMatchObject({ total: 4, unpriced: 1 });
  });

  it('pushes only the changed prices, once', async () => {
    // LAMP's rule is changed to give the price the store already has: nothing to send for it.
    const rules = (await t.api('GET', '/api/pricing/rules')).body.items;
    const general = rules.find((r: any) => r.name === 'default 2x');
    await t.api('PUT', `/api/pricing/rules/${general.id}`, { name: 'default 2.5x', markup: '2.5', ending: '.99' });
    const push = await t.api('POST', '/api/pricing/push', {});
    expect(push.status).toBe(202);
    expect(push.body).toMatchObject({ queued: 3, jobs: 1 });
    await eventually(async () => store.prices.length === 1);
    expect(store.prices[0]!.items.sort((a, b) => a.sku.localeCompare(b.sku))).toEqual([
      { sku: 'CUP', price: '7.99' },
      { sku: 'MUG', price: '24.99', compareAtPrice: '29.99', variantId: 'v-mug' },
      { sku: 'TEE', price: '6.00' },
    ]);
    expect((await t.api('POST', '/api/pricing/push', {})).body).toMatchObject({ queued: 0, jobs: 0 });
    expect((await t.api('POST', '/api/pricing/preview', {})).body.total).toBe(0);
    // A cost change makes one price change again.
    await t.api('POST', '/api/suppliers/acme/inventory-feed', 'sku,quantity,cost\nA-CUP,5,4.00\n', { 'content-type': 'text/csv' });
    const again = await t.api('POST', '/api/pricing/preview', {});
    expect(again.body.items).toEqual([expect.objectContaining({ sku: 'CUP', old: '7.99', new: '9.99' })]);
  });

  it('deletes a rule', async () => {
    const r = await rule({ name: 'temp', supplierId: 'globex', markup: '3' });
    expect((await t.api('DELETE', `/api/pricing/rules/${r.id}`)).status).toBe(204);
    expect((await t.api('DELETE', `/api/pricing/rules/${r.id}`)).status).toBe(404);
  });
});
