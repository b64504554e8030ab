/**
 * @module A stand-in for a Shopify shop: it keeps orders and delivers them to a webhook URL exactly as
 * Shopify does (topic, shop domain, API version, webhook id, triggered-at and the base64 HMAC of the
 * raw body). Used by tests and by the sandbox world's store. The Admin API side (REST order reads and the
 * GraphQL endpoint, see fake-shopify-graphql.ts) records what it is sent, and announces the refunds and
 * cancellations made through it by webhook, as Shopify does.
 */
import { randomUUID } from 'node:crypto';
import { hmacSha256 } from '../sdk/signatures.ts';
import { sendWebhook, startFakeServer, type FakeServer } from '../testing/fake-server.ts';
import { SHOPIFY_API_VERSION } from './api-version.ts';
import type { ShopifyOrder } from './map-order.ts';
import { createFakeShopifyAdmin, type FakeShopifyAdmin, type FakeShopifyAdminOptions } from './fake-shopify-graphql.ts';

export type ShopifyTopic = 'orders/create' | 'orders/updated' | 'orders/cancelled' | 'refunds/create';

export interface FakeShopify extends FakeServer {
  orders: Map<string, ShopifyOrder>;
  /** The Admin GraphQL API's state (fulfillments, refunds, variants, stock, cost bucket) and fault injection. */
  admin: FakeShopifyAdmin;
  setWebhookUrl(url: string): void;
  /** Signs and delivers `payload` under `topic`; returns the HTTP status the receiver answered. */
  deliver(topic: ShopifyTopic, payload: object, webhookId?: string): Promise<number>;
  /**
   * Given: an Admin API change is announced by webhook, the webhook answered and then `until` resolved,
   * before the API call that made it is answered. Shopify promises no order between the two; this makes
   * the announcement-first order certain. Undefined: back to announcing alongside the answer.
   */
  announceBeforeAnswering(until: (() => Promise<unknown>) | undefined): void;
}

export function shopifyWebhookHeaders(secret: string, shopDomain: string, topic: string, body: string, webhookId: string = randomUUID()) {
  return {
    'x-shopify-topic': topic,
    'x-shopify-hmac-sha256': hmacSha256(secret, body, 'base64'),
    'x-shopify-shop-domain': shopDomain,
    'x-shopify-api-version': SHOPIFY_API_VERSION,
    'x-shopify-webhook-id': webhookId,
    'x-shopify-event-id': randomUUID(),
    'x-shopify-triggered-at': new Date().toISOString(),
  };
}

export async function startFakeShopify(options: {
  shopDomain: string;
  webhookSecret: string;
  accessToken: string;
  webhookUrl?: string;
  port?: number;
  admin?: Omit<FakeShopifyAdminOptions, 'onChange'>;
}): Promise<FakeShopify> {
  const orders = new Map<string, ShopifyOrder>();
  let webhookUrl = options.webhookUrl ?? '';
  let announceFirst: (() => Promise<unknown>) | undefined;
  const announcing: Promise<number>[] = [];
  const announce = (topic: ShopifyTopic, payload: object) => {
    if (!webhookUrl) return;
    const body = JSON.stringify(payload);
    const sent = sendWebhook(webhookUrl, body, shopifyWebhookHeaders(options.webhookSecret, options.shopDomain, topic, body));
    if (announceFirst) announcing.push(sent);
  };
  const admin = createFakeShopifyAdmin(orders, { ...options.admin, onChange: announce });
  const server = await startFakeServer((req) => {
    if (req.headers['x-shopify-access-token'] !== options.accessToken) {
      return { status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } };
    }
    if (req.method === 'POST' && /^\/admin\/api\/[\w-]+\/graphql\.json$/.test(req.path)) {
      const answer = admin.handle(req);
      if (!announcing.length || !announceFirst) return answer;
      const until = announceFirst;
      return Promise.all(announcing.splice(0))
        .then(until)
        .then(() => answer);
    }
    const one = /^\/admin\/api\/[\w-]+\/orders\/(\d+)\.json$/.exec(req.path);
    if (req.method === 'GET' && one) {
      const order = orders.get(one[1]!);
      return order ? { status: 200, body: { order } } : { status: 404, body: { errors: 'Not Found' } };
    }
    return { status: 404, body: { errors: 'Not Found' } };
  }, options.port);

  return {
    ...server,
    orders,
    admin,
    setWebhookUrl: (url: string) => {
      webhookUrl = url;
    },
    announceBeforeAnswering: (until) => {
      announceFirst = until;
    },
    async deliver(topic, payload, webhookId) {
      if ('id' in payload && (topic === 'orders/create' || topic === 'orders/updated' || topic === 'orders/cancelled')) {
        orders.set(String((payload as ShopifyOrder).id), payload as ShopifyOrder);
      }
      const body = JSON.stringify(payload);
      return sendWebhook(webhookUrl, body, shopifyWebhookHeaders(options.webhookSecret, options.shopDomain, topic, body, webhookId));
    },
  };
}
