/**
 * @module Shopify store connector.
 *
 * Inbound: webhooks signed with `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body with the app's
 * webhook secret), deduplicated on `X-Shopify-Webhook-Id`, which Shopify keeps across its retries;
 * `orders/create`, `orders/updated`, `orders/cancelled` and `refunds/create`.
 *
 * Outbound: the Admin GraphQL API (fulfillment orders, refunds, cancellation, tags and notes, stock and
 * prices), within Shopify's cost-based rate limit (see admin-graphql.ts).
 */
import { z } from 'zod';
import { defineConnector } from '../sdk/define-connector.ts';
import { parseJsonBody, parseOrThrow } from '../sdk/parse.ts';
import { hmacSha256, safeEqual } from '../sdk/signatures.ts';
import type { InboundEvent, NormalizeResult } from '../sdk/inbound.ts';
import { EVENT_DATA } from '../model/events.ts';
import { OrderSnapshotSchema } from '../model/order.ts';
import { toUtcIso } from '../model/time.ts';
import { SHOPIFY_API_VERSION } from './api-version.ts';
import { mapShopifyOrder, type ShopifyOrder } from './map-order.ts';
import { mapShopifyRefund, type ShopifyRefund } from './map-refund.ts';
import { createShopifyFulfillment } from './fulfil.ts';
import { createShopifyRefund } from './refund.ts';
import { annotateShopifyOrder, cancelShopifyOrder } from './order-changes.ts';
import { setShopifyInventory, updateShopifyPrices } from './catalog-push.ts';

export { SHOPIFY_API_VERSION };

const config = z.object({
  shopDomain: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i, 'expected the shop\'s myshopify.com domain, e.g. "acme.myshopify.com"')
    .meta({ title: 'Shop domain', description: 'The permanent *.myshopify.com domain', ui: { placeholder: 'acme.myshopify.com' } }),
  apiBaseUrl: z
    .url()
    .optional()
    .meta({ title: 'API base URL', description: 'Overrides https://{shopDomain} (for tests and proxies)', ui: { advanced: true } }),
  apiVersion: z.string().default(SHOPIFY_API_VERSION).meta({ title: 'Admin API version', ui: { advanced: true } }),
  locationId: z
    .string()
    .regex(/^(\d+|gid:\/\/shopify\/Location\/\d+)$/, 'expected a location id such as "655441491" or its gid')
    .optional()
    .meta({ title: 'Inventory location', description: 'Where stock levels are set; the shop\'s primary location when empty', ui: { advanced: true } }),
});

const secrets = z.object({
  webhookSecret: z.string().min(1).meta({ title: 'Webhook signing secret', ui: { widget: 'password' } }),
  accessToken: z.string().min(1).meta({ title: 'Admin API access token', ui: { widget: 'password' } }),
});

/** The fields without which a body cannot be an order at all; the canonical schema checks the rest. */
const SHOPIFY_ORDER_ENVELOPE = z.object({ id: z.union([z.number(), z.string()]), line_items: z.array(z.unknown()) });

/**
 * The canonical order schema, compiled ahead of time by zod into one specialised function: the same
 * output, and on any issue zod's own runtime parser runs, so errors name the same fields. Every order
 * delivery goes through it; on the benchmark's 17 KB sample order it takes about a tenth of the runtime
 * parser's CPU (whose time goes to the transforms of money, text and timestamps).
 */
const ORDER_SNAPSHOT = z.compile(OrderSnapshotSchema);

const ORDER_TOPICS = new Set(['orders/create', 'orders/updated', 'orders/cancelled']);
const REFUND_TOPIC = 'refunds/create';
const SHOPIFY_REFUND_ENVELOPE = z.object({ id: z.union([z.number(), z.string()]), order_id: z.union([z.number(), z.string()]) });

/**
 * Checks a body against an envelope and returns the body itself. Only the envelope's own fields are
 * handed to zod: a loose object schema would copy all ~90 fields of a Shopify order to check two
 * (about 9 µs a delivery on the benchmark's sample order). Anything but a plain object goes
 * to the schema as it is, for zod's own "expected object" issue.
 */
function checkEnvelope(schema: z.ZodObject, body: unknown, what: string): Record<string, unknown> {
  const fields =
    body !== null && typeof body === 'object' && !Array.isArray(body)
      ? Object.fromEntries(Object.keys(schema.shape).map((k) => [k, (body as Record<string, unknown>)[k]]))
      : body;
  parseOrThrow(schema, fields, what);
  return body as Record<string, unknown>;
}

export const shopify = defineConnector({
  type: 'shopify',
  kind: 'store',
  title: 'Shopify',
  description: 'Orders in over webhooks; fulfilments, refunds, cancellations and stock back over the Admin API.',
  config,
  secrets,
  inbound: {
    verify(req, ctx) {
      const given = req.headers['x-shopify-hmac-sha256'];
      if (!given) return { ok: false, reason: 'missing X-Shopify-Hmac-Sha256 header' };
      const expected = hmacSha256(ctx.secrets.webhookSecret, req.rawBody, 'base64');
      return safeEqual(given.trim(), expected) ? { ok: true } : { ok: false, reason: 'X-Shopify-Hmac-Sha256 does not match the body' };
    },
    deliveryId(req) {
      return req.headers['x-shopify-webhook-id'] || undefined;
    },
    // The order snapshot is parsed with the canonical schema below; the events add nothing to check.
    validatesEvents: true,
    normalize(req): NormalizeResult {
      const topic = req.headers['x-shopify-topic'] ?? '';
      if (topic === REFUND_TOPIC) return normalizeRefund(req.rawBody, topic);
      if (!ORDER_TOPICS.has(topic)) return { kind: 'ignored', topic, reason: `topic "${topic}" is not handled` };
      const raw = checkEnvelope(SHOPIFY_ORDER_ENVELOPE, parseJsonBody(req.rawBody), 'Shopify order') as unknown as ShopifyOrder;
      const order = parseOrThrow(ORDER_SNAPSHOT, mapShopifyOrder(raw), 'Shopify order');
      const ref = { externalOrderId: order.externalId };
      // Shopify retries for up to 48 h: the order's updated_at orders deliveries so a late retry of an
      // older update never overwrites a newer one.
      const version = order.updatedAt;
      const events: InboundEvent[] = [];
      if (topic === 'orders/create') {
        events.push({ type: 'order.received', occurredAt: order.placedAt, data: { order }, ref });
      } else {
        events.push({ type: 'order.updated', occurredAt: order.updatedAt, data: { order }, ref });
        if (topic === 'orders/cancelled') {
          events.push({
            type: 'order.cancelled',
            occurredAt: order.cancelledAt ?? toUtcIso(req.headers['x-shopify-triggered-at'] ?? '') ?? order.updatedAt,
            data: { reason: raw.cancel_reason ?? undefined, by: 'store' },
            ref,
          });
        }
      }
      return { kind: 'events', topic, events, version };
    },
  },
  actions: {
    createFulfillment: createShopifyFulfillment,
    cancelOrder: cancelShopifyOrder,
    refund: createShopifyRefund,
    setInventoryLevels: setShopifyInventory,
    updatePrices: updateShopifyPrices,
    annotateOrder: annotateShopifyOrder,
  },
});

/**
 * `refunds/create`: the body is the refund resource. Shopify sends it for refunds made in its admin and for
 * the ones Dropline makes through the Admin API; the two carry the same refund id, which the recorder uses
 * to keep one `refund.issued` per refund.
 */
function normalizeRefund(rawBody: Buffer, topic: string): NormalizeResult {
  const raw = checkEnvelope(SHOPIFY_REFUND_ENVELOPE, parseJsonBody(rawBody), 'Shopify refund') as unknown as ShopifyRefund;
  const data = parseOrThrow(EVENT_DATA['refund.issued'], mapShopifyRefund(raw), 'Shopify refund');
  const occurredAt = toUtcIso(raw.processed_at ?? raw.created_at ?? '');
  return {
    kind: 'events',
    topic,
    events: [{ type: 'refund.issued', ...(occurredAt ? { occurredAt } : {}), data, ref: { externalOrderId: String(raw.order_id) } }],
  };
}
