/**
 * @module WooCommerce store connector.
 *
 * Inbound: webhooks (topics `order.created`, `order.updated`, `order.deleted`, `order.restored`) whose body
 * is the REST v3 order, signed with `X-WC-Webhook-Signature` (base64 HMAC-SHA256 of the raw body with the
 * webhook's secret) and deduplicated on `X-WC-Webhook-Delivery-ID`. Stale updates are told apart by the
 * order's `date_modified_gmt`. When a webhook is created, WooCommerce pings its URL once with the form body
 * `webhook_id=<id>` and no signature: that exact shape is answered 200 and nothing is stored; any other
 * unsigned request is refused.
 *
 * Outbound: the REST API v3 (tracking and notes, status, refunds, stock and prices; see each action's file).
 */
import { z } from 'zod';
import { EVENT_DATA } from '../model/events.ts';
import { OrderSnapshotSchema } from '../model/order.ts';
import { defineConnector } from '../sdk/define-connector.ts';
import type { InboundEvent, InboundRequest, NormalizeResult } from '../sdk/inbound.ts';
import { bodyText, parseJsonBody, parseOrThrow } from '../sdk/parse.ts';
import { hmacSha256, safeEqual } from '../sdk/signatures.ts';
import { createWooFulfillment } from './fulfil.ts';
import { mapWooOrder, type WooOrder } from './map-order.ts';
import { annotateWooOrder, cancelWooOrder } from './order-changes.ts';
import { createWooRefund } from './refund.ts';
import { setWooInventory, updateWooPrices } from './catalog-push.ts';

const config = z.object({
  siteUrl: z
    .url()
    .meta({ title: 'Store URL', description: 'The WordPress site address; the REST API is under /wp-json/wc/v3', ui: { placeholder: 'https://shop.example.com' } }),
  nonShippingSkus: z
    .array(z.string().min(1))
    .default([])
    .meta({ title: 'SKUs that never ship', description: 'Virtual and downloadable products (webhooks don\'t say which they are)', ui: { advanced: true } }),
  refundPayment: z
    .boolean()
    .default(true)
    .meta({ title: 'Refund through the payment gateway', description: 'Off: refunds are recorded in WooCommerce only', ui: { advanced: true } }),
});

const secrets = z.object({
  webhookSecret: z.string().min(1).meta({ title: 'Webhook secret', ui: { widget: 'password' } }),
  consumerKey: z.string().min(1).meta({ title: 'REST API consumer key', ui: { widget: 'password' } }),
  consumerSecret: z.string().min(1).meta({ title: 'REST API consumer secret', ui: { widget: 'password' } }),
});

const WOO_ORDER_ENVELOPE = z.looseObject({ id: z.union([z.number(), z.string()]), line_items: z.array(z.unknown()) });
const WOO_DELETED = z.looseObject({ id: z.union([z.number(), z.string()]) });

/** The creation ping: `webhook_id=<digits>` and nothing else. */
function isCreationPing(req: InboundRequest): boolean {
  return req.rawBody.length <= 40 && /^webhook_id=\d+$/.test(bodyText(req.rawBody).trim());
}

export const woocommerce = defineConnector({
  type: 'woocommerce',
  kind: 'store',
  title: 'WooCommerce',
  description: 'Orders in over webhooks; tracking, notes, status, refunds, stock and prices back over the REST API v3.',
  config,
  secrets,
  inbound: {
    verify(req, ctx) {
      const given = req.headers['x-wc-webhook-signature'];
      if (!given) return isCreationPing(req) ? { ok: true } : { ok: false, reason: 'missing X-WC-Webhook-Signature header' };
      const expected = hmacSha256(ctx.secrets.webhookSecret, req.rawBody, 'base64');
      return safeEqual(given.trim(), expected) ? { ok: true } : { ok: false, reason: 'X-WC-Webhook-Signature does not match the body' };
    },
    deliveryId(req) {
      return req.headers['x-wc-webhook-delivery-id'] || undefined;
    },
    validatesEvents: true,
    normalize(req, ctx): NormalizeResult {
      if (isCreationPing(req)) return { kind: 'reply', status: 200 };
      const topic = req.headers['x-wc-webhook-topic'] ?? '';
      if (topic === 'order.deleted') {
        const { id } = parseOrThrow(WOO_DELETED, parseJsonBody(req.rawBody), 'WooCommerce order');
        return {
          kind: 'events',
          topic,
          events: [{ type: 'order.cancelled', data: { reason: 'deleted in WooCommerce', by: 'store' }, ref: { externalOrderId: String(id) } }],
        };
      }
      if (topic !== 'order.created' && topic !== 'order.updated' && topic !== 'order.restored') {
        return { kind: 'ignored', topic, reason: `topic "${topic}" is not handled` };
      }
      const raw = parseOrThrow(WOO_ORDER_ENVELOPE, parseJsonBody(req.rawBody), 'WooCommerce order') as unknown as WooOrder;
      const order = parseOrThrow(OrderSnapshotSchema, mapWooOrder(raw, { nonShippingSkus: ctx.config.nonShippingSkus }), 'WooCommerce order');
      const ref = { externalOrderId: order.externalId };
      const events: InboundEvent[] = [
        topic === 'order.created'
          ? { type: 'order.received', occurredAt: order.placedAt, data: { order }, ref }
          : { type: 'order.updated', occurredAt: order.updatedAt, data: { order }, ref },
      ];
      if (raw.status === 'cancelled') events.push({ type: 'order.cancelled', occurredAt: order.updatedAt, data: { by: 'store' }, ref });
      // Refunds made in WooCommerce arrive inside the order; each is recorded once, by its id.
      for (const r of raw.refunds ?? []) {
        const data = parseOrThrow(
          EVENT_DATA['refund.issued'],
          { amount: r.total.replace(/^-/, ''), currency: order.currency, reason: r.reason || undefined, externalId: String(r.id) },
          `WooCommerce refund ${r.id}`,
        );
        events.push({ type: 'refund.issued', occurredAt: order.updatedAt, data, ref });
      }
      return { kind: 'events', topic, events, version: order.updatedAt };
    },
  },
  actions: {
    createFulfillment: createWooFulfillment,
    cancelOrder: cancelWooOrder,
    refund: createWooRefund,
    setInventoryLevels: setWooInventory,
    updatePrices: updateWooPrices,
    annotateOrder: annotateWooOrder,
  },
});
