/**
 * @module `sandbox-supplier`: a supplier speaking the Sandbox Supplier API (see protocol.ts). The sandbox
 * world runs three of them; they go through the same inbox, jobs and actions as any real supplier.
 */
import { z } from 'zod';
import type { ActionContext } from '../sdk/actions.ts';
import { defineConnector } from '../sdk/define-connector.ts';
import type { InboundEvent, NormalizeResult } from '../sdk/inbound.ts';
import { parseJsonBody, parseOrThrow } from '../sdk/parse.ts';
import { hmacSha256, safeEqual } from '../sdk/signatures.ts';
import { latestOfAll } from '../model/time.ts';
import { DELIVERY_HEADER, SIGNATURE_HEADER, SupplierMessage, type PlaceOrderRequest } from './protocol.ts';

const config = z.object({
  apiBaseUrl: z.url().meta({ title: 'API base URL' }),
  region: z.string().optional().meta({ title: 'Region', description: 'Where it ships from, e.g. "US-East"' }),
});

const secrets = z.object({
  apiKey: z.string().min(1).meta({ title: 'API key', ui: { widget: 'password' } }),
  webhookSecret: z.string().min(1).meta({ title: 'Webhook secret', ui: { widget: 'password' } }),
});

export function sandboxSignature(secret: string, body: Uint8Array | string): string {
  return `sha256=${hmacSha256(secret, body, 'hex')}`;
}

export const sandboxSupplier = defineConnector({
  type: 'sandbox-supplier',
  kind: 'supplier',
  title: 'Sandbox supplier',
  description: 'A supplier speaking the Sandbox Supplier API (JSON orders out, signed webhooks back).',
  config,
  secrets,
  inbound: {
    verify(req, ctx) {
      const given = req.headers[SIGNATURE_HEADER];
      if (!given) return { ok: false, reason: `missing ${SIGNATURE_HEADER} header` };
      return safeEqual(given.trim(), sandboxSignature(ctx.secrets.webhookSecret, req.rawBody))
        ? { ok: true }
        : { ok: false, reason: `${SIGNATURE_HEADER} does not match the body` };
    },
    deliveryId: (req) => req.headers[DELIVERY_HEADER] || undefined,
    normalize(req, ctx): NormalizeResult {
      const msg = parseOrThrow(SupplierMessage, parseJsonBody(req.rawBody), 'supplier message');
      const supplierId = ctx.connectorId;
      return { kind: 'events', topic: msg.type, events: toEvents(msg, supplierId) };
    },
  },
  actions: {
    async placeOrder(input, ctx) {
      const body: PlaceOrderRequest = {
        purchaseOrder: input.supplierOrderId,
        shipTo: input.order.shippingAddress as Record<string, unknown> | undefined,
        lines: input.lines.map((l) => ({ sku: l.supplierSku, quantity: l.quantity })),
        shippingMethod: input.order.shippingMethod,
      };
      const res = await client(ctx).request<{ id: string }>('/orders', { method: 'POST', json: body, idempotencyKey: ctx.idempotencyKey });
      return { status: 'submitted', externalId: res.body.id };
    },
    async cancelSupplierOrder(input, ctx) {
      const res = await client(ctx).request<{ cancelled: boolean }>(`/orders/${encodeURIComponent(input.supplierOrderId)}/cancel`, {
        method: 'POST',
        json: { reason: input.reason },
        idempotencyKey: ctx.idempotencyKey,
      });
      return { cancelled: Boolean(res.body.cancelled) };
    },
  },
});

type Ctx = ActionContext<z.output<typeof config>, z.output<typeof secrets>>;

function client(ctx: Ctx) {
  return ctx.http(ctx.config.apiBaseUrl, { headers: { authorization: `Bearer ${ctx.secrets.apiKey}` } });
}

function toEvents(msg: SupplierMessage, supplierId: string): InboundEvent[] {
  const at = msg.sentAt;
  switch (msg.type) {
    case 'order.acknowledged': {
      const ref = { supplierOrderId: msg.purchaseOrder };
      const short = msg.lines.filter((l) => l.status === 'backordered');
      const events: InboundEvent[] = [];
      if (short.length < msg.lines.length) {
        events.push({
          type: 'supplier_order.acknowledged',
          occurredAt: at,
          data: { supplierId, supplierOrderId: msg.purchaseOrder, externalId: msg.id, lines: msg.lines.filter((l) => l.status === 'accepted').map((l) => ({ sku: l.sku, quantity: l.quantity })) },
          ref,
        });
      }
      if (short.length > 0) {
        const expectedAt = latestOfAll(short.map((l) => (l.expectedAt ? Date.parse(l.expectedAt) : undefined)));
        events.push({
          type: 'supplier_order.backordered',
          occurredAt: at,
          data: { supplierId, supplierOrderId: msg.purchaseOrder, lines: short.map((l) => ({ sku: l.sku, quantity: l.quantity })), ...(expectedAt ? { expectedAt } : {}) },
          ref,
        });
      }
      return events;
    }
    case 'order.rejected':
      return [{ type: 'supplier_order.rejected', occurredAt: at, data: { supplierId, supplierOrderId: msg.purchaseOrder, reason: msg.reason }, ref: { supplierOrderId: msg.purchaseOrder } }];
    case 'order.shipped':
      return [
        {
          type: 'shipment.created',
          occurredAt: at,
          data: { supplierId, supplierOrderId: msg.purchaseOrder, carrier: msg.carrier, trackingNumber: msg.trackingNumber, lines: msg.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), shippedAt: at },
          ref: { supplierOrderId: msg.purchaseOrder },
        },
      ];
    case 'inventory.snapshot':
      return [{ type: 'inventory.updated', occurredAt: at, data: { supplierId, items: msg.items, full: true } }];
  }
}
