/**
 * Helpers for the flow end-to-end tests: put a flow graph live through the API the way the editor does
 * (create, save the draft, publish), and wait for what a decision leaves on an order's timeline.
 */
import { startFakeShopify, type FakeShopify } from '@dropline/connectors/fakes';
import type { Flow, FlowDocument } from '../../rules/src/index.ts';
import { eventually, type TestHub } from '../../server/src/testing/test-hub.ts';
import { addSupplier, orderFor, SHOP, shopifyOrder } from '../support/small-world.ts';
import type { SimulatedSupplier } from '@dropline/connectors/fakes';

/**
 * The store as a fake Shopify (connector id `shop`, as small-world's helpers expect), so what flows do in
 * the store — tags, refunds, cancellations — lands on its Admin API instead of the internet.
 */
export async function addFakeShop(t: TestHub): Promise<FakeShopify> {
  const shop = await startFakeShopify({ shopDomain: SHOP.domain, webhookSecret: SHOP.secret, accessToken: 'shpat_flows', webhookUrl: `${t.url}/webhooks/${SHOP.id}` });
  const res = await t.api('POST', '/api/connectors', {
    id: SHOP.id,
    type: 'shopify',
    name: 'Flow Test Shop',
    config: { shopDomain: SHOP.domain, apiBaseUrl: shop.url },
    secrets: { webhookSecret: SHOP.secret, accessToken: 'shpat_flows' },
  });
  if (res.status !== 201) throw new Error(`shop: ${res.status} ${JSON.stringify(res.body)}`);
  return shop;
}

let nextIp = 1;
/** A distinct buyer IP per order, so fraud-velocity facts count only what a test means them to. */
export function freshIp(): string {
  const n = nextIp++;
  return `198.51.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}

/** Creates a flow (or reuses `into`), saves `graph` as its draft and publishes it. */
export async function publishFlow(
  t: TestHub,
  graph: Flow | FlowDocument,
  options: { into?: string; author?: string; message?: string } = {},
): Promise<{ id: string; version: number }> {
  let id = options.into;
  if (!id) {
    const created = await t.api('POST', '/api/flows', { name: graph.name, trigger: graph.trigger, author: options.author });
    if (created.status !== 201) throw new Error(`create flow: ${created.status} ${JSON.stringify(created.body)}`);
    id = created.body.id as string;
  }
  const saved = await t.api('PUT', `/api/flows/${id}/draft`, { flow: graph, author: options.author });
  if (saved.status !== 200) throw new Error(`save draft: ${saved.status} ${JSON.stringify(saved.body)}`);
  const published = await t.api('POST', `/api/flows/${id}/publish`, { message: options.message ?? `publish ${graph.name}`, author: options.author });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return { id, version: published.body.version };
}

/** The order (by its Shopify id) once `probe` holds for it. */
export async function orderWhen(t: TestHub, externalId: number | string, probe: (o: any) => boolean, timeoutMs = 20_000): Promise<any> {
  let last: any;
  try {
    return await eventually(async () => {
      last = await orderFor(t, externalId);
      return last && probe(last) ? last : undefined;
    }, timeoutMs);
  } catch (err) {
    // Say where the order got stuck: its status and timeline (FLOW_TEST_DEBUG=1: whole event data, traces included).
    const timeline = last ? last.events.map((e: any) => `${e.type} ${JSON.stringify(e.data).slice(0, process.env.FLOW_TEST_DEBUG ? 5000 : 300)}`).join('\n  ') : 'no such order';
    throw new Error(`${(err as Error).message}; order ${externalId} is ${last?.status ?? 'missing'}:\n  ${timeline}`);
  }
}

export const eventsOf = (order: any, type: string): any[] => order.events.filter((e: any) => e.type === type);

export const hasEvent = (type: string) => (order: any) => order.events.some((e: any) => e.type === type);

/** Supplier of each supplier order, in creation order, with its status. */
export const supplierOrders = (order: any): [string, string][] => order.supplierOrders.map((so: any) => [so.supplierId, so.status]);

/** A Shopify order for `lines` (fresh ids, its own buyer IP), delivered by the fake shop; `change` edits it first. */
export async function placeOrder(shop: FakeShopify, lines: [sku: string, quantity: number][], change: (o: any) => void = () => {}): Promise<any> {
  const order: any = shopifyOrder(lines);
  order.browser_ip = freshIp();
  order.client_details = { ...order.client_details, browser_ip: order.browser_ip };
  // The fixture was placed in 2008: today's orders are what velocity windows count.
  order.created_at = order.updated_at = order.processed_at = new Date().toISOString();
  change(order);
  const status = await shop.deliver('orders/create', order);
  if (status !== 202) throw new Error(`orders/create answered ${status}`);
  return order;
}

/** A simulated supplier (see small-world's addSupplier), once the hub has applied the stock it reported. */
export async function addStockedSupplier(t: TestHub, ...args: Parameters<typeof addSupplier> extends [unknown, ...infer R] ? R : never): Promise<SimulatedSupplier> {
  const [id, options] = args;
  const sim = await addSupplier(t, id, options);
  const expected = options.stock ?? 100;
  let mine: unknown[] = [];
  await eventually(async () => {
    const { items } = (await t.api('GET', `/api/catalog/items?sku=${options.skus.map(encodeURIComponent).join(',')}`)).body as { items: { supplierId: string; stock: number | null }[] };
    mine = items.filter((i) => i.supplierId === id);
    return mine.length === options.skus.length && items.filter((i) => i.supplierId === id).every((i) => i.stock === expected);
  }).catch((err) => {
    throw new Error(`${id}: stock never became ${expected}: ${JSON.stringify(mine)} (${(err as Error).message})`);
  });
  return sim;
}
