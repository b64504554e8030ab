/**
 * @module BigCommerce store connector.
 *
 * Inbound: BigCommerce webhooks are thin (`{ scope, store_id, data: { type, id }, hash, created_at }`)
 * and unsigned; the retailer registers each webhook with a custom header carrying a shared secret
 * (BigCommerce sends the webhook's `headers` with every callback), and we compare it in constant time.
 * The delivery is stored at once; the `inbox.apply` job then fetches the full order, its products and its
 * shipping addresses over the v2 REST API (the `enrich` step) and maps them. Scopes:
 * `store/order/created` → order received; `store/order/updated` and `store/order/statusUpdated` → order
 * updated (and cancelled, at status 5); `store/order/archived` → cancelled by the store;
 * `store/order/refund/created` → refund issued. Stale updates are told apart by `date_modified`.
 *
 * Outbound: v2 shipments and order updates, v3 payment actions (refunds), catalog variants and inventory.
 */
import { z } from 'zod';
import { EVENT_DATA } from '../model/events.ts';
import { OrderSnapshotSchema } from '../model/order.ts';
import type { ActionContext } from '../sdk/actions.ts';
import { defineConnector } from '../sdk/define-connector.ts';
import type { InboundEvent, NormalizeResult } from '../sdk/inbound.ts';
import { parseJsonBody, parseOrThrow } from '../sdk/parse.ts';
import { safeEqual } from '../sdk/signatures.ts';
import { setBigCommerceInventory, updateBigCommercePrices } from './catalog-push.ts';
import { createBigCommerceShipment } from './fulfil.ts';
import {
  BIGCOMMERCE_CANCELLED,
  mapBigCommerceOrder,
  type BigCommerceAddress,
  type BigCommerceOrder,
  type BigCommerceOrderBundle,
  type BigCommerceOrderProduct,
} from './map-order.ts';
import { annotateBigCommerceOrder, cancelBigCommerceOrder } from './order-changes.ts';
import { createBigCommerceRefund } from './refund.ts';
import { bigCommerceApi, type BigCommerceConfig, type BigCommerceSecrets } from './rest-api.ts';

const config = z.object({
  storeHash: z
    .string()
    .regex(/^[a-z0-9]+$/i, 'expected the store hash from the API path, e.g. "abc123"')
    .meta({ title: 'Store hash', description: 'From https://api.bigcommerce.com/stores/{store_hash}/', ui: { placeholder: 'abc123' } }),
  webhookHeader: z
    .string()
    .regex(/^[a-z0-9-]+$/i)
    .default('x-dropline-webhook-token')
    .transform((s) => s.toLowerCase())
    .meta({ title: 'Webhook secret header', description: 'The custom header the webhooks were registered with', ui: { advanced: true } }),
  apiBaseUrl: z.url().optional().meta({ title: 'API base URL', description: 'Overrides https://api.bigcommerce.com (tests, proxies)', ui: { advanced: true } }),
  locationId: z.number().int().positive().default(1).meta({ title: 'Inventory location id', ui: { advanced: true } }),
});

const secrets = z.object({
  webhookSecret: z.string().min(16).meta({ title: 'Webhook secret (the header\'s value)', ui: { widget: 'password' } }),
  accessToken: z.string().min(1).meta({ title: 'API account access token', ui: { widget: 'password' } }),
});

const ENVELOPE = z.looseObject({
  scope: z.string(),
  data: z.looseObject({ id: z.union([z.number(), z.string()]), refund: z.looseObject({ refund_id: z.number() }).optional() }),
  created_at: z.number().optional(),
  hash: z.string().optional(),
});
type Envelope = z.output<typeof ENVELOPE>;

const ORDER_SCOPES = new Set(['store/order/created', 'store/order/updated', 'store/order/statusUpdated']);
const ARCHIVED = 'store/order/archived';
const REFUND_CREATED = 'store/order/refund/created';

type Enriched =
  | ({ kind: 'order' } & BigCommerceOrderBundle)
  | { kind: 'refund'; refund: { id: number; reason?: string; total_amount: number; created?: string; items?: { item_type: string; item_id: number; quantity?: number }[] }; currency: string }
  | { kind: 'none' };

async function fetchFor(envelope: Envelope, ctx: ActionContext<BigCommerceConfig, BigCommerceSecrets>): Promise<Enriched> {
  const api = bigCommerceApi(ctx);
  const id = encodeURIComponent(String(envelope.data.id));
  if (ORDER_SCOPES.has(envelope.scope)) {
    const { body: order } = await api.request<BigCommerceOrder>(`/v2/orders/${id}`);
    const { body: products } = await api.request<BigCommerceOrderProduct[] | undefined>(`/v2/orders/${id}/products`, { query: { limit: 250 } });
    const { body: shippingAddresses } = await api.request<BigCommerceAddress[] | undefined>(`/v2/orders/${id}/shipping_addresses`);
    return { kind: 'order', order, products: products ?? [], shippingAddresses: shippingAddresses ?? [] };
  }
  if (envelope.scope === REFUND_CREATED && envelope.data.refund) {
    const { body: order } = await api.request<BigCommerceOrder>(`/v2/orders/${id}`);
    const { body: refunds } = await api.request<{ data: Extract<Enriched, { kind: 'refund' }>['refund'][] }>(`/v3/orders/${id}/payment_actions/refunds`);
    const refund = refunds.data.find((r) => r.id === envelope.data.refund!.refund_id);
    if (refund) return { kind: 'refund', refund, currency: order.currency_code ?? '' };
  }
  return { kind: 'none' };
}

export const bigcommerce = defineConnector({
  type: 'bigcommerce',
  kind: 'store',
  title: 'BigCommerce',
  description: 'Orders in over webhooks (fetched in full over the REST API); shipments, refunds, cancellations, notes, stock and prices back.',
  config,
  secrets,
  inbound: {
    verify(req, ctx) {
      const given = req.headers[ctx.config.webhookHeader];
      if (!given) return { ok: false, reason: `missing ${ctx.config.webhookHeader} header` };
      return safeEqual(given, ctx.secrets.webhookSecret) ? { ok: true } : { ok: false, reason: `${ctx.config.webhookHeader} does not match the webhook secret` };
    },
    deliveryId(req) {
      // BigCommerce resends the same body on retry: scope, id, creation time and hash name one delivery.
      let body: unknown;
      try {
        body = JSON.parse(req.rawBody.toString('utf8'));
      } catch {
        return undefined;
      }
      const parsed = ENVELOPE.safeParse(body);
      if (!parsed.success || parsed.data.created_at === undefined) return undefined;
      return `${parsed.data.scope}:${parsed.data.data.id}:${parsed.data.created_at}:${parsed.data.hash ?? ''}`;
    },
    async enrich(req, ctx) {
      return fetchFor(parseOrThrow(ENVELOPE, parseJsonBody(req.rawBody), 'BigCommerce webhook'), ctx);
    },
    validatesEvents: true,
    normalize(req): NormalizeResult {
      const envelope = parseOrThrow(ENVELOPE, parseJsonBody(req.rawBody), 'BigCommerce webhook');
      const topic = envelope.scope;
      const ref = { externalOrderId: String(envelope.data.id) };
      if (topic === ARCHIVED) {
        return { kind: 'events', topic, events: [{ type: 'order.cancelled', data: { reason: 'archived in BigCommerce', by: 'store' }, ref }] };
      }
      if (!ORDER_SCOPES.has(topic) && topic !== REFUND_CREATED) return { kind: 'ignored', topic, reason: `scope "${topic}" is not handled` };
      const enriched = req.enriched as Enriched | undefined;
      // On receipt the payload only points at the order: store it, and let the apply job fetch and map it.
      if (!enriched) return { kind: 'events', topic, events: [] };
      if (enriched.kind === 'refund') {
        const r = enriched.refund;
        const data = parseOrThrow(
          EVENT_DATA['refund.issued'],
          {
            amount: r.total_amount.toFixed(2),
            currency: enriched.currency,
            reason: r.reason || undefined,
            externalId: String(r.id),
            lines: (r.items ?? []).filter((i) => i.item_type === 'PRODUCT').map((i) => ({ lineId: String(i.item_id), sku: null, quantity: i.quantity ?? 0 })),
          },
          'BigCommerce refund',
        );
        return { kind: 'events', topic, events: [{ type: 'refund.issued', ...(r.created ? { occurredAt: r.created } : {}), data, ref }] };
      }
      if (enriched.kind !== 'order') return { kind: 'ignored', topic, reason: 'the refund it names was not found' };
      const order = parseOrThrow(OrderSnapshotSchema, mapBigCommerceOrder(enriched), 'BigCommerce order');
      const events: InboundEvent[] = [
        topic === 'store/order/created'
          ? { type: 'order.received', occurredAt: order.placedAt, data: { order }, ref }
          : { type: 'order.updated', occurredAt: order.updatedAt, data: { order }, ref },
      ];
      if (enriched.order.status_id === BIGCOMMERCE_CANCELLED) events.push({ type: 'order.cancelled', occurredAt: order.updatedAt, data: { by: 'store' }, ref });
      return { kind: 'events', topic, events, version: order.updatedAt };
    },
  },
  actions: {
    createFulfillment: createBigCommerceShipment,
    cancelOrder: cancelBigCommerceOrder,
    refund: createBigCommerceRefund,
    setInventoryLevels: setBigCommerceInventory,
    updatePrices: updateBigCommercePrices,
    annotateOrder: annotateBigCommerceOrder,
  },
});
