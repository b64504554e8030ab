/**
 * @module Canonical events: the one vocabulary connectors, rules and the hub share.
 *
 * The type names are public (see CONTRACT.md) and never change; a payload change bumps
 * {@link EVENT_SCHEMA_VERSION}.
 */
import { z } from 'zod';
import { CurrencyCodeSchema } from './currencies.ts';
import { MoneySchema } from './money.ts';
import { AddressSchema, OrderSnapshotSchema } from './order.ts';
import { UtcTimestampSchema } from './time.ts';

export const EVENT_SCHEMA_VERSION = 1;

const LineQuantity = z.object({
  lineId: z.string().optional(),
  sku: z.string().nullable(),
  quantity: z.number().int().nonnegative(),
});

const SupplierOrderRef = {
  supplierId: z.string().min(1),
  /** The purchase-order number Dropline gave the supplier order; unique, used as the idempotency key. */
  supplierOrderId: z.string().min(1),
};

export const AssignmentSchema = z.object({
  lineId: z.string(),
  sku: z.string().nullable(),
  quantity: z.number().int().positive(),
  supplierId: z.string(),
  supplierSku: z.string().optional(),
});
export type Assignment = z.infer<typeof AssignmentSchema>;

/** One step of a routing decision: which node or rule fired, with which fact values, and why. */
export const TraceStepSchema = z.object({
  step: z.string(),
  nodeId: z.string().optional(),
  outcome: z.string().optional(),
  facts: z.record(z.string(), z.unknown()).optional(),
  note: z.string().optional(),
});
export type TraceStep = z.infer<typeof TraceStepSchema>;

export const TRACKING_STATUSES = [
  'pre_transit',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'available_for_pickup',
  'failed_attempt',
  'exception',
  'returned_to_sender',
  'unknown',
] as const;
export const TrackingStatusSchema = z.enum(TRACKING_STATUSES);
export type TrackingStatus = z.infer<typeof TrackingStatusSchema>;

/** The data schema of every canonical event type. */
export const EVENT_DATA = {
  'order.received': z.object({ order: OrderSnapshotSchema }),
  'order.updated': z.object({ order: OrderSnapshotSchema }),
  'order.routed': z.object({
    flowId: z.string(),
    flowVersion: z.number().int().nonnegative(),
    assignments: z.array(AssignmentSchema),
    trace: z.array(TraceStepSchema),
    /** Suppliers left out of this decision and why (earlier rejection, no stock, …). */
    excluded: z.array(z.object({ supplierId: z.string(), reason: z.string() })).default([]),
    /** The purchase orders this decision created, one per supplier. */
    supplierOrders: z.array(z.object({ supplierId: z.string(), supplierOrderId: z.string() })).default([]),
    /** Lines the flow settled without a supplier (cancelled and refunded): never routed again. */
    settled: z.array(z.object({ lineId: z.string(), sku: z.string().nullable(), quantity: z.number().int().positive(), nodeId: z.string().optional() })).default([]),
    /** What else the flow asked for (notify, refund, tag, webhook), as it was put in motion. */
    actions: z.array(z.object({ type: z.string(), nodeId: z.string() }).loose()).default([]),
  }),
  'order.held': z.object({
    reason: z.string(),
    flowId: z.string().optional(),
    nodeId: z.string().optional(),
    /** A hold a flow decided keeps the version and trace, like a routing decision. */
    flowVersion: z.number().int().nonnegative().optional(),
    trace: z.array(TraceStepSchema).optional(),
  }),
  'order.exception': z.object({
    code: z.string(),
    message: z.string(),
    supplierId: z.string().optional(),
    lines: z.array(LineQuantity).optional(),
  }),
  'order.cancelled': z.object({
    reason: z.string().optional(),
    by: z.enum(['store', 'rule', 'ops', 'supplier']),
  }),
  'supplier_order.placed': z.object({
    ...SupplierOrderRef,
    lines: z.array(LineQuantity.extend({ supplierSku: z.string().optional() })),
    /** The supplier's own reference, when its API returns one. */
    externalId: z.string().optional(),
    attempt: z.number().int().positive().default(1),
  }),
  'supplier_order.acknowledged': z.object({
    ...SupplierOrderRef,
    externalId: z.string().optional(),
    lines: z.array(LineQuantity).optional(),
  }),
  'supplier_order.backordered': z.object({
    ...SupplierOrderRef,
    lines: z.array(LineQuantity),
    expectedAt: UtcTimestampSchema.optional(),
  }),
  'supplier_order.rejected': z.object({
    ...SupplierOrderRef,
    reason: z.string(),
    lines: z.array(LineQuantity).optional(),
  }),
  'supplier_order.cancelled': z.object({
    ...SupplierOrderRef,
    reason: z.string().optional(),
    lines: z.array(LineQuantity).optional(),
  }),
  'shipment.created': z.object({
    supplierId: z.string().optional(),
    supplierOrderId: z.string().optional(),
    carrier: z.string(),
    service: z.string().optional(),
    trackingNumber: z.string().min(1),
    trackingUrl: z.string().optional(),
    lines: z.array(LineQuantity).default([]),
    shippedAt: UtcTimestampSchema.optional(),
  }),
  'shipment.tracking_updated': z.object({
    carrier: z.string(),
    trackingNumber: z.string().min(1),
    status: TrackingStatusSchema,
    description: z.string().optional(),
    location: z.string().optional(),
    estimatedDeliveryAt: UtcTimestampSchema.optional(),
  }),
  'shipment.delivered': z.object({
    carrier: z.string(),
    trackingNumber: z.string().min(1),
    deliveredAt: UtcTimestampSchema,
    signedBy: z.string().optional(),
  }),
  'notification.sent': z.object({
    channel: z.enum(['email', 'sms', 'webhook']),
    template: z.string(),
    to: z.string(),
    messageId: z.string().optional(),
  }),
  'refund.issued': z.object({
    amount: MoneySchema,
    currency: CurrencyCodeSchema,
    reason: z.string().optional(),
    lines: z.array(LineQuantity).default([]),
    externalId: z.string().optional(),
  }),
  'return.requested': z.object({
    rmaNumber: z.string().optional(),
    lines: z.array(LineQuantity.extend({ reason: z.string().optional() })),
    reason: z.string().optional(),
  }),
  'return.authorized': z.object({
    rmaNumber: z.string(),
    supplierId: z.string().optional(),
    returnAddress: AddressSchema.optional(),
    instructions: z.string().optional(),
  }),
  'return.received': z.object({
    rmaNumber: z.string(),
    lines: z.array(LineQuantity),
    condition: z.string().optional(),
  }),
  'credit_memo.received': z.object({
    supplierId: z.string(),
    creditMemoNumber: z.string(),
    amount: MoneySchema,
    currency: CurrencyCodeSchema,
    rmaNumber: z.string().optional(),
    supplierOrderId: z.string().optional(),
  }),
  /** A supplier billed us for a purchase order (an EDI 810, say). */
  'invoice.received': z.object({
    ...SupplierOrderRef,
    invoiceNumber: z.string().min(1),
    amount: MoneySchema,
    currency: CurrencyCodeSchema,
    invoicedAt: UtcTimestampSchema.optional(),
    lines: z.array(LineQuantity.extend({ unitPrice: MoneySchema.optional() })).default([]),
  }),
  'inventory.updated': z.object({
    supplierId: z.string(),
    items: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int(), warehouse: z.string().optional() })),
    /** A full feed replaces the supplier's stock picture; a delta only touches the listed SKUs. */
    full: z.boolean().default(false),
  }),
  'price.updated': z.object({
    supplierId: z.string(),
    currency: CurrencyCodeSchema,
    items: z.array(
      z.object({ sku: z.string().min(1), cost: MoneySchema, msrp: MoneySchema.optional(), map: MoneySchema.optional() }),
    ),
  }),
} as const;

export type EventType = keyof typeof EVENT_DATA;
export const EVENT_TYPES = Object.keys(EVENT_DATA) as EventType[];
export const EventTypeSchema = z.enum(EVENT_TYPES as [EventType, ...EventType[]]);

export type EventData<T extends EventType> = z.output<(typeof EVENT_DATA)[T]>;
export type EventDataInput<T extends EventType> = z.input<(typeof EVENT_DATA)[T]>;

/** A stored canonical event. */
export type CanonicalEvent<T extends EventType = EventType> = {
  [K in T]: {
    id: string;
    type: K;
    schemaVersion: number;
    occurredAt: string;
    /** The connector id the event came from, or `dropline` for decisions the hub made. */
    source: string;
    orderId?: string;
    data: EventData<K>;
  };
}[T];

const envelope = {
  id: z.string().min(1),
  schemaVersion: z.literal(EVENT_SCHEMA_VERSION),
  occurredAt: UtcTimestampSchema,
  source: z.string().min(1),
  orderId: z.string().optional(),
};

export const CanonicalEventSchema = z.discriminatedUnion(
  'type',
  EVENT_TYPES.map((type) => z.object({ ...envelope, type: z.literal(type), data: EVENT_DATA[type] })) as unknown as [
    z.ZodObject,
    z.ZodObject,
  ],
);

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_DATA, value);
}
