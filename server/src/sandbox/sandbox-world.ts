/**
 * @module The sandbox world `npm start` runs by default: a simulated Shopify store placing orders at a
 * steady pace, three simulated suppliers and a simulated carrier (EasyPost's tracking API), each a real
 * HTTP server on loopback, each wired in as an ordinary connector. Orders flow through the same inbox,
 * jobs and connector actions as production; nothing here reaches into the hub's internals except to
 * add connectors and catalog mappings, which an admin would do through the API.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_MILESTONES, startFakeEasyPost, startFakeShopify, startSimulatedSupplier, type SimulatedSupplier } from '@dropline/connectors/fakes';
import { ConflictError } from '@dropline/connectors/sdk';
import type { CatalogItemInput } from '../catalog/catalog-repository.ts';
import type { Hub } from '../hub.ts';
import { sandboxOrder } from './order-generator.ts';
import { SANDBOX_PRODUCTS, SANDBOX_SUPPLIERS, supplierSku } from './sandbox-catalog.ts';

export const SANDBOX_STORE_ID = 'sandbox-store';
export const SANDBOX_CARRIER_ID = 'sandbox-carrier';
const SHOP_DOMAIN = 'dropline-sandbox.myshopify.com';

export interface SandboxOptions {
  /** Milliseconds between orders. */
  orderEveryMs?: number;
  /** Scales every delay of the simulated suppliers and carrier (0.5 = twice as fast). */
  pace?: number;
  random?: () => number;
}

export interface Sandbox {
  stop(): Promise<void>;
  /** Places one order now; resolves with the HTTP status the hub answered. */
  placeOrder(): Promise<number>;
  suppliers: Map<string, SimulatedSupplier>;
}

export async function startSandbox(hub: Hub, hubUrl: string, options: SandboxOptions = {}): Promise<Sandbox> {
  const secret = () => randomBytes(18).toString('base64url');
  const webhookUrl = (id: string) => `${hubUrl}/webhooks/${id}`;

  const storeSecrets = { webhookSecret: secret(), accessToken: `shpat_${secret()}` };
  const store = await startFakeShopify({ shopDomain: SHOP_DOMAIN, ...storeSecrets, webhookUrl: webhookUrl(SANDBOX_STORE_ID) });
  await upsertConnector(hub, SANDBOX_STORE_ID, 'shopify', 'Sandbox store (Shopify)', { shopDomain: SHOP_DOMAIN, apiBaseUrl: store.url }, storeSecrets);

  const carrierSecrets = { apiKey: `EZTK${secret()}`, webhookSecret: secret() };
  const pace = options.pace ?? 1;
  const scale = ([a, b]: [number, number]): [number, number] => [a * pace, b * pace];
  const carrier = await startFakeEasyPost({
    ...carrierSecrets,
    webhookUrl: webhookUrl(SANDBOX_CARRIER_ID),
    milestones: DEFAULT_MILESTONES.map((m) => ({ ...m, afterMs: m.afterMs * pace })),
  });
  await upsertConnector(hub, SANDBOX_CARRIER_ID, 'easypost', 'Sandbox carrier (EasyPost)', { apiBaseUrl: carrier.url }, carrierSecrets);

  const suppliers = new Map<string, SimulatedSupplier>();
  const catalog: CatalogItemInput[] = [];
  for (const s of SANDBOX_SUPPLIERS) {
    const carried = SANDBOX_PRODUCTS.filter((p) => s.carries(p.sku));
    const secrets = { apiKey: secret(), webhookSecret: secret() };
    const sim = await startSimulatedSupplier({
      ...secrets,
      webhookUrl: webhookUrl(s.id),
      stock: Object.fromEntries(carried.map((p) => [supplierSku(s, p.sku), s.stock(p.sku)])),
      ackDelayMs: scale(s.ackDelayMs),
      shipDelayMs: scale(s.shipDelayMs),
      rejectRate: s.rejectRate,
      backorderRate: s.backorderRate,
      restockInDays: Object.fromEntries(carried.flatMap((p) => {
        const days = s.restockInDays?.(p.sku);
        return days === undefined ? [] : [[supplierSku(s, p.sku), days]];
      })),
      carrier: s.carrier,
      inventoryEveryMs: 30_000,
      restockPerPush: 2,
      random: options.random,
    });
    suppliers.set(s.id, sim);
    await upsertConnector(hub, s.id, 'sandbox-supplier', s.name, { apiBaseUrl: sim.url, region: s.region }, secrets);
    for (const p of carried) {
      catalog.push({ supplierId: s.id, supplierSku: supplierSku(s, p.sku), sku: p.sku, priority: s.priority, cost: (Number(p.price) * s.costShare).toFixed(2), currency: 'USD' });
    }
  }
  await hub.db.transaction((tx) => hub.repos.catalog.upsertItems(tx, catalog, Date.now()));
  await publishStarterFlow(hub);
  // Each supplier tells the hub what it has before the first order arrives.
  await Promise.all([...suppliers.values()].map((s) => s.pushInventory()));

  let number = await nextOrderNumber(hub);
  const placeOrder = () => store.deliver('orders/create', sandboxOrder(number++, options.random));
  const timer = setInterval(() => void placeOrder().catch((err) => hub.log.warn({ err }, 'sandbox store could not deliver an order')), options.orderEveryMs ?? 4_000);
  hub.log.info({ store: store.url, carrier: carrier.url, suppliers: [...suppliers.keys()] }, 'sandbox world running');

  return {
    suppliers,
    placeOrder,
    async stop() {
      clearInterval(timer);
      await Promise.all([store.close(), carrier.close(), ...[...suppliers.values()].map((s) => s.close())]);
    },
  };
}

/**
 * Routing in the sandbox is a published flow, like anywhere else: the primary/secondary failover starter
 * over the three suppliers (first run only; a flow published since is left alone).
 */
async function publishStarterFlow(hub: Hub): Promise<void> {
  if (await hub.flows.published('order.received')) return;
  const flow = await hub.flows.create({
    name: 'Sandbox routing: US-East, then EU-West, then APAC',
    template: { id: 'primary-secondary-failover', suppliers: SANDBOX_SUPPLIERS.map((s) => s.id) },
    author: 'sandbox',
  });
  await hub.flows.publish(flow.id, { message: 'Starter flow for the sandbox world', author: 'sandbox' });
}

/** Creates the connector, or points the existing one at this run's simulator (new port, new secrets). */
async function upsertConnector(hub: Hub, id: string, type: string, name: string, config: Record<string, unknown>, secrets: Record<string, unknown>) {
  try {
    await hub.connectors.create({ id, type, name, config, secrets });
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    await hub.connectors.update(id, { config, secrets, enabled: true });
  }
}

/** Continues the sandbox store's order numbers across restarts. */
async function nextOrderNumber(hub: Hub): Promise<number> {
  const { rows } = await hub.repos.orders.list({ source: SANDBOX_STORE_ID, limit: 1 });
  const last = rows[0] ? Number(rows[0].number.replace(/\D/g, '')) : 1000;
  return (Number.isFinite(last) ? last : 1000) + 1;
}
