/**
 * Inventory sync end to end on both databases: uploaded, pushed (supplier webhook) and scheduled
 * (fetched on the agreement's cron) feeds reach the store as `setInventoryLevels` calls carrying only
 * what changed, with the safety buffer held back and availability summed over suppliers.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatedSupplier, type SimulatedSupplier } from '@dropline/connectors/fakes';
import { defineConnector, type SupplierFeed } from '@dropline/connectors/sdk';
import { DIALECTS } from '../db/testing.ts';
import { recordingStore } from '../testing/recording-store.ts';
import { eventually, startTestHub, type TestHub } from '../testing/test-hub.ts';

/** A supplier whose stock feed the hub pulls (`fetchInventory`). */
let feed: SupplierFeed = { items: [], full: false };
let fetches = 0;
const resetFetches = () => (fetches = 0);
const fetchingSupplier = defineConnector({
  type: 'fetching-supplier',
  kind: 'supplier',
  title: 'Fetching supplier (tests)',
  config: z.object({}),
  secrets: z.object({}),
  actions: {
    async fetchInventory() {
      fetches++;
      return feed;
    },
  },
});

describe.each(DIALECTS)('inventory sync on %s', (dialect) => {
  let t: TestHub;
  let sim: SimulatedSupplier;
  const store = recordingStore();
  /** The calls the store got since the last look. */
  let seen = 0;
  const next = async (calls = 1) => {
    await eventually(async () => store.inventory.length >= seen + calls, 10_000);
    const got = store.inventory.slice(seen).flatMap((c) => c.items.map((i) => [i.sku, i.quantity]));
    seen = store.inventory.length;
    return got;
  };

  beforeAll(async () => {
    t = await startTestHub({ dialect, hub: { extraConnectors: [store.connector, fetchingSupplier] } });
    await t.api('POST', '/api/connectors', { id: 'shop', type: 'recording-store', config: {} });
    const secrets = { apiKey: randomBytes(8).toString('hex'), webhookSecret: randomBytes(8).toString('hex') };
    sim = await startSimulatedSupplier({ ...secrets, webhookUrl: `${t.url}/webhooks/pusher`, stock: { 'P-MUG': 4, 'P-TEE': 0 } });
    await t.api('POST', '/api/connectors', { id: 'pusher', type: 'sandbox-supplier', config: { apiBaseUrl: sim.url }, secrets });
    await t.api('POST', '/api/connectors', { id: 'uploader', type: 'sandbox-supplier', config: { apiBaseUrl: 'http://127.0.0.1:9' }, secrets: { apiKey: 'k', webhookSecret: 'w' } });
    await t.api('POST', '/api/connectors', { id: 'puller', type: 'fetching-supplier', config: {} });
    await t.api('PUT', '/api/catalog/products', { storeId: 'shop', items: [{ sku: 'MUG', variantId: 'v1', safetyBuffer: 1 }, { sku: 'TEE', variantId: 'v2' }, { sku: 'CAP', variantId: 'v3' }] });
    await t.api('POST', '/api/catalog/import', {
      items: [
        { supplierId: 'uploader', supplierSku: 'U-MUG', sku: 'MUG', priority: 1 },
        { supplierId: 'uploader', supplierSku: 'U-TEE', sku: 'TEE', priority: 1 },
        { supplierId: 'pusher', supplierSku: 'P-MUG', sku: 'MUG', priority: 2 },
        { supplierId: 'pusher', supplierSku: 'P-TEE', sku: 'TEE', priority: 2 },
        { supplierId: 'puller', supplierSku: 'L-CAP', sku: 'CAP', priority: 1 },
      ],
    });
    // New products get their quantity right away: no supplier stock yet, so none.
    expect(await next()).toEqual([['CAP', 0], ['MUG', 0], ['TEE', 0]]);
  }, 60_000);
  afterAll(async () => {
    await sim?.close();
    await t?.stop();
  });

  it('sends an uploaded feed’s quantities to the store, less the safety buffer, and nothing for the same feed again', async () => {
    const r = await t.api('POST', '/api/suppliers/uploader/inventory-feed', 'sku,quantity,cost\nU-MUG,10,4.00\nU-TEE,3,2.00\n', { 'content-type': 'text/csv' });
    expect(r.body).toMatchObject({ rows: 2, stockChanged: 2, pushed: 2, jobs: 1 });
    expect(await next()).toEqual([['MUG', 9], ['TEE', 3]]);
    expect(store.inventory.at(-1)!.items[0]).toMatchObject({ variantId: 'v1' });
    const again = await t.api('POST', '/api/suppliers/uploader/inventory-feed', 'sku,quantity,cost\nU-MUG,10,4.00\nU-TEE,3,2.00\n', { 'content-type': 'text/csv' });
    expect(again.body).toMatchObject({ stockChanged: 0, pushed: 0, jobs: 0 });
    expect(store.inventory.length).toBe(seen);
  });

  it('adds a supplier’s pushed stock (its webhook) to the total and sends the new sum', async () => {
    expect(await sim.pushInventory()).toBe(202);
    // MUG: 10 + 4 − 1 buffer; TEE unchanged (3 + 0), so not sent.
    expect(await next()).toEqual([['MUG', 13]]);
    const avail = (await t.api('GET', '/api/inventory/availability?sku=MUG,TEE')).body.items;
    expect(avail[0]).toMatchObject({ sku: 'MUG', available: 14, stores: [{ storeId: 'shop', safetyBuffer: 1, quantity: 13, pushedQuantity: 13 }] });
    expect(avail[0].suppliers.map((s: any) => [s.supplierId, s.stock])).toEqual([['uploader', 10], ['pusher', 4]]);
    await eventually(async () => (await t.api('GET', '/api/suppliers/pusher/inventory-feed/runs')).body.items[0]?.source === 'webhook');
  });

  it('sends a new quantity when the safety buffer changes', async () => {
    await t.api('PUT', '/api/catalog/products', { storeId: 'shop', items: [{ sku: 'MUG', safetyBuffer: 5 }] });
    expect(await next()).toEqual([['MUG', 9]]);
  });

  it('fetches a feed on the agreement’s cron through the connector, once per occurrence', async () => {
    feed = { items: [{ sku: 'L-CAP', quantity: 6, cost: '1.50' }], full: true };
    resetFetches();
    const put = await t.api('PUT', '/api/suppliers/puller/agreement', { terms: { inventoryFeed: { cron: '*/10 * * * *', format: 'api' } } });
    expect(put.status).toBe(201);
    // The next occurrence after the agreement began (its first ten-minute mark; a second later is not
    // the next one, where ten minutes from now, a second before a mark, would have been).
    const at = Math.floor(Date.now() / 600_000) * 600_000 + 600_000;
    await t.hub.suppliers.scheduler.tick(at);
    await t.hub.suppliers.scheduler.tick(at + 1_000);
    t.hub.kick();
    expect(await next()).toEqual([['CAP', 6]]);
    expect(fetches).toBe(1);
    expect((await t.api('GET', '/api/suppliers/puller/inventory-feed/runs')).body.items[0]).toMatchObject({ source: 'fetch', rows: 1, changed: 1, pushed: 1 });
  });
});
