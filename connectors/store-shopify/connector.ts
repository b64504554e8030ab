/**
 * @module Shopify store connector.
 *
 * Inbound: webhooks signed with `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body with the app's
 * webhook secret), deduplicated on `X-Shopify-Webhook-Id`, which Shopify keeps across its retries.
 */
import { z } from 'zod';
import { defineConnector } from '../sdk/define-connector.ts';
import { parseJsonBody, parseOrThrow } from '../sdk/parse.ts';
import { hmacSha256, safeEqual } from '../sdk/signatures.ts';
import type { InboundEvent, NormalizeResult } from '../sdk/inbound.ts';
import { OrderSnapshotSchema } from '../model/order.ts';
import { toUtcIso } from '../model/time.ts';
import { mapShopifyOrder, type ShopifyOrder } from './map-order.ts';

export const SHOPIFY_API_VERSION = '2024-10';

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
});

const secrets = z.object({
  webhookSecret: z.string().min(1).meta({ title: 'Webhook signing secret', ui: { widget: 'password' } }),
  accessToken: z.string().min(1).meta({ title: 'Admin API access token', ui: { widget: 'password' } }),
});

/** The fields without which a body cannot be an order at all; the canonical schema checks the rest. */
const SHOPIFY_ORDER_ENVELOPE = z.looseObject({ id: z.union([z.number(), z.string()]), line_items: z.array(z.unknown()) });

const ORDER_TOPICS = new Set(['orders/create', 'orders/updated', 'orders/cancelled']);

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
      if (!ORDER_TOPICS.has(topic)) return { kind: 'ignored', topic, reason: `topic "${topic}" is not handled` };
      const raw = parseOrThrow(SHOPIFY_ORDER_ENVELOPE, parseJsonBody(req.rawBody), 'Shopify order') as ShopifyOrder;
      const order = parseOrThrow(OrderSnapshotSchema, mapShopifyOrder(raw), 'Shopify order');
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
});
