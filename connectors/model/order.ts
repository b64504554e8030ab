/**
 * @module The canonical order: what every store's payload is turned into.
 *
 * A connector produces an {@link OrderSnapshot} (the store's view, no Dropline ids); the hub stores it as a
 * {@link CanonicalOrder} with its own id, status and public tracking link.
 */
import { z } from 'zod';
import { CountryCodeSchema } from './countries.ts';
import { CurrencyCodeSchema } from './currencies.ts';
import { MoneySchema } from './money.ts';
import { UtcTimestampSchema } from './time.ts';

/** Empty strings from store payloads ("address2": "") mean "absent". */
const optionalText = z
  .string()
  .nullish()
  .transform((s) => (s == null || s.trim() === '' ? undefined : s.trim()))
  .optional();

export const AddressSchema = z.object({
  name: optionalText,
  company: optionalText,
  line1: z.string().trim().min(1, 'expected the first address line'),
  line2: optionalText,
  city: optionalText,
  /** State, province or region code where the country has them ("KY"), else its name. */
  region: optionalText,
  postalCode: optionalText,
  country: CountryCodeSchema,
  phone: optionalText,
});
export type Address = z.output<typeof AddressSchema>;

export const CustomerSchema = z.object({
  externalId: optionalText,
  email: optionalText,
  phone: optionalText,
  firstName: optionalText,
  lastName: optionalText,
});
export type Customer = z.output<typeof CustomerSchema>;

export const OrderLineSchema = z.object({
  /** The store's id of the line, unique within the order. */
  lineId: z.string().min(1),
  /** `null` when the store line carries no SKU (a custom item); such lines cannot be mapped to a supplier. */
  sku: z.string().trim().min(1).nullable(),
  gtin: optionalText,
  title: z.string(),
  variantTitle: optionalText,
  quantity: z.number().int().positive(),
  unitPrice: MoneySchema,
  totalDiscount: MoneySchema.default('0'),
  /** False for digital goods, services and gift cards: nothing for a supplier to ship. */
  requiresShipping: z.boolean().default(true),
  giftCard: z.boolean().default(false),
  productId: optionalText,
  variantId: optionalText,
  vendor: optionalText,
  grams: z.number().nonnegative().optional(),
});
export type OrderLine = z.output<typeof OrderLineSchema>;

export const ShippingLineSchema = z.object({
  title: z.string(),
  code: optionalText,
  price: MoneySchema,
});

/** The store's view of an order, as a connector delivers it. */
export const OrderSnapshotSchema = z.object({
  externalId: z.string().min(1),
  number: z.string().min(1),
  currency: CurrencyCodeSchema,
  subtotal: MoneySchema,
  shippingTotal: MoneySchema.default('0'),
  taxTotal: MoneySchema.default('0'),
  discountTotal: MoneySchema.default('0'),
  total: MoneySchema,
  lines: z.array(OrderLineSchema).min(1, 'expected at least one line'),
  shippingLines: z.array(ShippingLineSchema).default([]),
  shippingAddress: AddressSchema.optional(),
  billingAddress: AddressSchema.optional(),
  customer: CustomerSchema.default({}),
  tags: z.array(z.string()).default([]),
  note: optionalText,
  placedAt: UtcTimestampSchema,
  updatedAt: UtcTimestampSchema,
  cancelledAt: UtcTimestampSchema.optional(),
  financialStatus: optionalText,
  /** The buyer's IP as the store saw it, for fraud velocity checks. */
  clientIp: optionalText,
  test: z.boolean().default(false),
});
export type OrderSnapshot = z.output<typeof OrderSnapshotSchema>;
export type OrderSnapshotInput = z.input<typeof OrderSnapshotSchema>;

export const ORDER_STATUSES = [
  'received',
  'held',
  'routed',
  'placed',
  'acknowledged',
  'backordered',
  'partially_shipped',
  'shipped',
  'delivered',
  'exception',
  'cancelled',
  'refunded',
  'returned',
] as const;
export const OrderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

/** The order as Dropline keeps it. */
export const CanonicalOrderSchema = OrderSnapshotSchema.extend({
  id: z.string(),
  /** The connector id of the store it came from. */
  source: z.string(),
  status: OrderStatusSchema,
  /** The public branded tracking page, `/t/:token`. */
  trackingUrl: z.string(),
  createdAt: UtcTimestampSchema,
  modifiedAt: UtcTimestampSchema,
});
export type CanonicalOrder = z.output<typeof CanonicalOrderSchema>;
