/**
 * A small, controlled world for flow tests: simulated suppliers with chosen behaviour, wired to a test
 * hub as ordinary connectors, and a way to send the hub Shopify orders.
 */
import { randomBytes } from 'node:crypto';
import { fixtureJson } from '@dropline/connectors/testing';
import { shopifyWebhookHeaders, startSimulatedSupplier, type SimulatedSupplier, type SimulatedSupplierOptions } from '@dropline/connectors/fakes';
import { eventually, type TestHub } from '../../server/src/testing/test-hub.ts';

export const SHOP = { id: 'shop', domain: 'flows.myshopify.com', secret: 'shpss_flows' };

export async function addShop(t: TestHub): Promise<void> {
  const res = await t.api('POST', '/api/connectors', { id: SHOP.id, type: 'shopify', config: { shopDomain: SHOP.domain }, secrets: { webhookSecret: SHOP.secret, accessToken: 'shpat_x' } });
  if (res.status !== 201) throw new Error(`shop: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function addSupplier(
  t: TestHub,
  id: string,
  { awaitStock = true, ...options }: { skus: string[]; priority: number; stock?: number; type?: string; apiKeyOverride?: string; awaitStock?: boolean } & Partial<Omit<SimulatedSupplierOptions, 'stock'>>,
): Promise<SimulatedSupplier> {
  const secrets = { apiKey: randomBytes(8).toString('hex'), webhookSecret: randomBytes(8).toString('hex') };
  const sim = await startSimulatedSupplier({
    ...secrets,
    webhookUrl: `${t.url}/webhooks/${id}`,
    ackDelayMs: [50, 100],
    shipDelayMs: [100, 200],
    ...options,
    // After the options: their `stock` is a number for every SKU, the simulator's is a map.
    stock: Object.fromEntries(options.skus.map((s) => [`${id}-${s}`, options.stock ?? 100])),
  });
  const res = await t.api('POST', '/api/connectors', {
    id,
    type: options.type ?? 'sandbox-supplier',
    config: { apiBaseUrl: sim.url },
    secrets: { ...secrets, apiKey: options.apiKeyOverride ?? secrets.apiKey },
  });
  if (res.status !== 201) throw new Error(`supplier ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  const catalog = await t.api('PUT', '/api/catalog/items', {
    items: options.skus.map((sku) => ({ supplierId: id, supplierSku: `${id}-${sku}`, sku, priority: options.priority, cost: '10.00', currency: 'USD' })),
  });
  if (catalog.status !== 200) throw new Error(`catalog: ${catalog.status}`);
  const pushed = await sim.pushInventory();
  if (pushed !== 202) throw new Error(`inventory push answered ${pushed}`);
  // Accepted is not yet applied: a job stores the stock, and an order routed before it finds none
  // reported. `awaitStock: false` when no job runs on `t` yet (another hub will apply it).
  if (awaitStock) await eventually(() => stockReported(t, id, options.skus), 20_000);
  return sim;
}

/** Whether the hub has stock from `supplierId` for every one of `skus`. */
export async function stockReported(t: TestHub, supplierId: string, skus: string[]): Promise<boolean> {
  const { body } = await t.api('GET', `/api/inventory/availability?sku=${encodeURIComponent(skus.join(','))}`);
  const items: { suppliers: { supplierId: string; stock: number | null }[] }[] = body.items ?? [];
  return items.length === skus.length && items.every((item) => item.suppliers.some((s) => s.supplierId === supplierId && s.stock !== null));
}

let nextId = 1;
const sample = fixtureJson('store/shopify_order_get_2024-10.json').order;

/** The public sample order with fresh ids and the given lines (SKU, quantity). */
export function shopifyOrder(lines: [sku: string, quantity: number][]) {
  const id = 5_000_000_000 + Date.now() % 1_000_000 * 100 + nextId++;
  return {
    ...structuredClone(sample),
    id,
    line_items: lines.map(([sku, quantity], i) => ({ ...structuredClone(sample.line_items[0]), id: id * 10 + i, sku, quantity })),
  };
}

export async function deliver(t: TestHub, order: object, topic = 'orders/create'): Promise<number> {
  const body = JSON.stringify(order);
  const res = await fetch(`${t.url}/webhooks/${SHOP.id}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...shopifyWebhookHeaders(SHOP.secret, SHOP.domain, topic, body) },
  });
  return res.status;
}

export async function orderFor(t: TestHub, externalId: number | string): Promise<any | undefined> {
  const { items } = (await t.api('GET', `/api/orders?source=${SHOP.id}&externalId=${externalId}`)).body;
  if (!items?.[0]) return undefined;
  return (await t.api('GET', `/api/orders/${items[0].id}`)).body;
}

export const types = (order: any): string[] => order.events.map((e: any) => e.type);
