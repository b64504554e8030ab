/**
 * @module The Sandbox Supplier API: a small, documented JSON protocol that the sandbox world's simulated
 * suppliers speak, and that a supplier could implement for real.
 *
 * Out (Dropline → supplier), bearer-authenticated, idempotent on `Idempotency-Key`:
 *   POST /orders                     { purchaseOrder, shipTo, lines: [{ sku, quantity }], shippingMethod? }
 *                                    → 201 (or 200 for a repeat) { id, purchaseOrder, status: "received" }
 *   POST /orders/{purchaseOrder}/cancel → 200 { cancelled: boolean }
 *   GET  /inventory                  → 200 { items: [{ sku, quantity }] }
 *
 * In (supplier → Dropline webhook), signed `X-Sandbox-Signature: sha256=<hex HMAC of the body>`,
 * deduplicated on `X-Sandbox-Delivery`:
 *   { type: "order.acknowledged", purchaseOrder, id, lines: [{ sku, quantity, status: "accepted" | "backordered", expectedAt? }] }
 *     (`expectedAt`, ISO 8601: when a backordered line is expected back in stock, if the supplier knows)
 *   { type: "order.rejected", purchaseOrder, reason }
 *   { type: "order.shipped", purchaseOrder, carrier, trackingNumber, lines: [{ sku, quantity }] }
 *   { type: "inventory.snapshot", items: [{ sku, quantity }] }
 */
import { z } from 'zod';
import { UtcTimestampSchema } from '../model/time.ts';

export const SIGNATURE_HEADER = 'x-sandbox-signature';
export const DELIVERY_HEADER = 'x-sandbox-delivery';

const Line = z.object({ sku: z.string().min(1), quantity: z.number().int().nonnegative() });

export const SupplierMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('order.acknowledged'),
    purchaseOrder: z.string(),
    id: z.string().optional(),
    lines: z.array(Line.extend({ status: z.enum(['accepted', 'backordered']), expectedAt: UtcTimestampSchema.optional() })),
    sentAt: z.string().optional(),
  }),
  z.object({ type: z.literal('order.rejected'), purchaseOrder: z.string(), reason: z.string(), sentAt: z.string().optional() }),
  z.object({
    type: z.literal('order.shipped'),
    purchaseOrder: z.string(),
    carrier: z.string(),
    trackingNumber: z.string(),
    lines: z.array(Line),
    sentAt: z.string().optional(),
  }),
  z.object({ type: z.literal('inventory.snapshot'), items: z.array(Line), sentAt: z.string().optional() }),
]);
export type SupplierMessage = z.infer<typeof SupplierMessage>;

export const PlaceOrderRequest = z.object({
  purchaseOrder: z.string(),
  shipTo: z.record(z.string(), z.unknown()).optional(),
  lines: z.array(Line.extend({ quantity: z.number().int().positive() })).min(1),
  shippingMethod: z.string().optional(),
});
export type PlaceOrderRequest = z.infer<typeof PlaceOrderRequest>;
