/**
 * Supplier agreements over the HTTP API on both databases: versions with author and time, validation
 * naming the field, capacity today and rules facts from the terms in force, and stale-feed alerts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/testing.ts';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';

const terms = {
  region: 'US-East',
  turnaround: { shipWithinHours: 24 },
  acknowledgment: { windowMinutes: 120, failoverOnTimeout: true },
  cutoff: { time: '15:00', timeZone: 'America/New_York' },
  shipping: { methods: [{ name: 'Ground', carrier: 'UPS', transitDays: { min: 3, max: 5 } }, { name: 'Express', carrier: 'FedEx', transitDays: { min: 1, max: 2 } }], carriers: ['UPS', 'FedEx'] },
  brandedPackaging: { available: true, note: 'logo tape' },
  inventoryFeed: { cron: '0 * * * *', format: 'csv' },
  pricing: { costBasis: 'feed', currency: 'USD', mapEnforced: true, volumeDiscounts: [{ minQuantity: 10, percent: '10' }] },
  returns: { windowDays: 30, restockingFeePercent: '15', refundDays: 14, returnAddress: { line1: '1 Dock Rd', city: 'Newark', region: 'NJ', postalCode: '07105', country: 'US' } },
  capacity: { ordersPerDay: 3, peakOverrides: [{ from: '2099-11-20', to: '2099-12-24', ordersPerDay: 10 }] },
};

describe.each(DIALECTS)('supplier agreements on %s', (dialect) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ dialect });
    for (const id of ['acme', 'globex']) {
      const r = await t.api('POST', '/api/connectors', { id, type: 'sandbox-supplier', config: { apiBaseUrl: 'http://127.0.0.1:9', region: 'Connector-Region' }, secrets: { apiKey: 'k', webhookSecret: 'w' } });
      expect(r.status).toBe(201);
    }
    await t.api('POST', '/api/connectors', { id: 'shop', type: 'shopify', config: { shopDomain: 'agreements.myshopify.com' }, secrets: { webhookSecret: 'x', accessToken: 'y' } });
    await t.api('PUT', '/api/catalog/items', { items: [{ supplierId: 'acme', supplierSku: 'A-MUG', sku: 'MUG', cost: '8.00', currency: 'USD' }] });
  }, 60_000);
  afterAll(() => t?.stop());

  it('has no agreement until one is stored; suppliers are connectors of kind supplier', async () => {
    expect((await t.api('GET', '/api/suppliers/acme/agreement')).body.code).toBe('agreement_not_found');
    expect((await t.api('GET', '/api/suppliers/shop/agreement')).status).toBe(404);
    expect((await t.api('GET', '/api/suppliers/nobody/agreement')).body.code).toBe('supplier_not_found');
    expect((await t.api('GET', '/api/connectors?kind=supplier')).body.items.map((c: any) => c.id)).toEqual(['acme', 'globex']);
  });

  it('stores every change as a new version with its author and time; the latest is in force', async () => {
    const v1 = await t.api('PUT', '/api/suppliers/acme/agreement', { terms, author: 'dana@retailer.example', note: 'signed 2026' });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ supplierId: 'acme', version: 1, author: 'dana@retailer.example', note: 'signed 2026' });
    expect(v1.body.terms.turnaround).toEqual({ shipWithinHours: 24 });
    const v2 = await t.api('PUT', '/api/suppliers/acme/agreement', { terms: { ...terms, turnaround: { shipWithinHours: 48 } } });
    expect(v2.body).toMatchObject({ version: 2, author: 'admin' });
    const current = await t.api('GET', '/api/suppliers/acme/agreement');
    expect(current.body.version).toBe(2);
    expect(current.body.terms.turnaround.shipWithinHours).toBe(48);
    const history = await t.api('GET', '/api/suppliers/acme/agreement/versions');
    expect(history.body.items.map((v: any) => [v.version, v.terms.turnaround.shipWithinHours, v.author])).toEqual([
      [2, 48, 'admin'],
      [1, 24, 'dana@retailer.example'],
    ]);
    expect(Date.parse(history.body.items[1].createdAt)).toBeLessThanOrEqual(Date.parse(history.body.items[0].createdAt));
    expect((await t.api('GET', '/api/suppliers/acme/agreement/versions/1')).body.terms.turnaround.shipWithinHours).toBe(24);
  });

  it('refuses invalid terms naming each field, and keeps the version in force', async () => {
    const bad = await t.api('PUT', '/api/suppliers/acme/agreement', {
      terms: { ...terms, cutoff: { time: '3pm', timeZone: 'Mars/Olympus' }, inventoryFeed: { cron: 'every hour', format: 'csv' }, surprise: true },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['(root)', 'cutoff.time', 'cutoff.timeZone', 'inventoryFeed.cron'].sort());
    expect((await t.api('GET', '/api/suppliers/acme/agreement')).body.version).toBe(2);
  });

  it('reports capacity today from the agreement, counting the supplier’s orders of the day', async () => {
    const cap = await t.api('GET', '/api/suppliers/acme/capacity');
    expect(cap.body).toMatchObject({ supplierId: 'acme', limit: 3, peak: false, placed: 0, left: 3 });
    expect((await t.api('GET', '/api/suppliers/globex/capacity')).body).toMatchObject({ limit: null, left: null });
  });

  it('exposes the terms as facts for rules: cost after volume discount, lead time, region, cut-off, capacity', async () => {
    const f = await t.api('GET', '/api/suppliers/acme/facts?sku=MUG&quantity=12');
    expect(f.body).toMatchObject({
      supplierId: 'acme',
      agreementVersion: 2,
      region: 'US-East',
      cost: '7.2',
      currency: 'USD',
      shipWithinHours: 48,
      transitDays: { min: 1, max: 2 },
      leadTimeDays: 4,
      cutoff: '15:00',
      timeZone: 'America/New_York',
      capacityLimit: 3,
      capacityLeftToday: 3,
      brandedPackaging: true,
    });
    expect(typeof f.body.pastCutoff).toBe('boolean');
    // Without an agreement: defaults, and the region from the connector's config.
    expect((await t.api('GET', '/api/suppliers/globex/facts')).body).toMatchObject({ agreementVersion: null, region: 'Connector-Region', capacityLeftToday: null, cost: null });
  });

  it('raises a stale-feed alert once when a feed is overdue, and resolves it when a feed arrives', async () => {
    const now = Date.now();
    // Hourly feed: stale after two hours without one (counted from the agreement, as none came yet).
    expect(await t.hub.suppliers.staleness.run(now + 60 * 60_000)).toEqual([]);
    const stale = await t.hub.suppliers.staleness.run(now + 3 * 60 * 60_000);
    expect(stale).toEqual([expect.objectContaining({ supplierId: 'acme', lastFeedAt: null, raised: true })]);
    expect((await t.hub.suppliers.staleness.run(now + 4 * 60 * 60_000))[0]).toMatchObject({ raised: false });
    const open = await t.api('GET', '/api/alerts?open=true');
    expect(open.body.items).toEqual([expect.objectContaining({ code: 'feed_stale', supplierId: 'acme', resolvedAt: null })]);
    expect(open.body.items[0].message).toMatch(/no inventory feed from acme/);

    const feed = await t.api('POST', '/api/suppliers/acme/inventory-feed', 'sku,quantity,cost\nA-MUG,5,8.00\n', { 'content-type': 'text/csv' });
    expect(feed.body).toMatchObject({ rows: 1, stockChanged: 1 });
    expect(await t.hub.suppliers.staleness.run(Date.now() + 60_000)).toEqual([]);
    expect((await t.api('GET', '/api/alerts?open=true')).body.items).toEqual([]);
    expect((await t.api('GET', '/api/alerts?code=feed_stale')).body.items[0].resolvedAt).not.toBeNull();
    expect((await t.api('GET', '/api/suppliers/acme/inventory-feed/runs')).body.items[0]).toMatchObject({ source: 'upload', rows: 1, changed: 1 });
  });

  it('schedules the feed fetch on the agreement’s cron, once per occurrence', async () => {
    const jobs = async () => (await t.api('GET', '/api/jobs?type=connector.poll')).body.items.length + (await t.api('GET', '/api/jobs?type=supplier.fetch-inventory')).body.items.length;
    const before = await jobs();
    // The sandbox supplier can neither fetch nor poll: nothing to schedule for it…
    await t.hub.suppliers.scheduler.tick(Date.now() + 2 * 60 * 60_000);
    expect(await jobs()).toBe(before);
    // …and the stale-feed check is enqueued once per five-minute slot.
    const checks = async () => (await t.api('GET', '/api/jobs?type=supplier.feed-staleness')).body.items.length;
    const c0 = await checks();
    const at = Date.now() + 10 * 60 * 60_000;
    await t.hub.suppliers.scheduler.tick(at);
    await t.hub.suppliers.scheduler.tick(at + 1);
    expect(await checks()).toBe(c0 + 1);
  });
});
