/**
 * @module BigCommerce order (v2 REST: the order, its products and its shipping addresses, fetched
 * separately) → canonical order.
 *
 * The same policy as the Shopify mapping, decided for BigCommerce's shape:
 * - a product line without a SKU keeps `sku: null`; a line with quantity 0 is dropped; zero-priced lines stay;
 * - `digital` products need no shipping; purchased gift certificates (`giftcertificate`) are flagged
 *   `giftCard`; neither is ever sent to a supplier;
 * - money stays in BigCommerce's decimal strings as sent (four decimals, "10.0000"), tax-exclusive unit
 *   prices; a line's discount is the sum of its applied discounts; the order's is the discount plus coupons;
 * - BigCommerce can ship one order to several addresses; the canonical order has one ship-to, so such an
 *   order is refused (kept as a rejected delivery, naming `shipping_addresses`) rather than half-mapped;
 * - orders have no tags (`tags` is empty); the customer's message is the note;
 * - dates come as RFC 2822 ("Tue, 20 Nov 2012 00:00:00 +0000") and are turned into UTC ISO 8601.
 */
import Big from 'big.js';
import { isDecimal } from '../model/money.ts';
import type { OrderSnapshotInput } from '../model/order.ts';
import { ValidationError } from '../sdk/errors.ts';

export interface BigCommerceAddress {
  id?: number;
  first_name?: string;
  last_name?: string;
  company?: string;
  street_1?: string;
  street_2?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
  country_iso2?: string;
  phone?: string;
  email?: string;
  shipping_method?: string;
  cost_ex_tax?: string;
}

export interface BigCommerceOrder {
  id: number;
  customer_id?: number;
  date_created?: string;
  date_modified?: string;
  status_id?: number;
  status?: string;
  subtotal_ex_tax?: string;
  shipping_cost_ex_tax?: string;
  total_tax?: string;
  total_inc_tax?: string;
  discount_amount?: string;
  coupon_discount?: string;
  currency_code?: string;
  payment_status?: string;
  ip_address?: string;
  customer_message?: string;
  staff_notes?: string;
  billing_address?: BigCommerceAddress;
  is_deleted?: boolean;
}

export interface BigCommerceOrderProduct {
  id: number;
  order_id?: number;
  product_id?: number;
  variant_id?: number;
  order_address_id?: number;
  name?: string;
  sku?: string;
  type?: 'physical' | 'digital' | 'giftcertificate' | string;
  price_ex_tax?: string;
  quantity: number;
  quantity_shipped?: number;
  weight?: string | number;
  applied_discounts?: { amount: string | number }[];
}

/** What the enrich step fetches for one order. */
export interface BigCommerceOrderBundle {
  order: BigCommerceOrder;
  products: BigCommerceOrderProduct[];
  shippingAddresses: BigCommerceAddress[];
}

export const BIGCOMMERCE_CANCELLED = 5;

export function mapBigCommerceOrder({ order: o, products, shippingAddresses }: BigCommerceOrderBundle): OrderSnapshotInput {
  if (shippingAddresses.length > 1) {
    throw new ValidationError(`BigCommerce order ${o.id} ships to ${shippingAddresses.length} addresses; Dropline orders have one`, [
      { field: 'shipping_addresses', message: 'orders shipped to more than one address are not supported' },
    ]);
  }
  const placedAt = rfc2822ToIso(o.date_created);
  const updatedAt = rfc2822ToIso(o.date_modified) ?? placedAt;
  return {
    externalId: String(o.id),
    number: `#${o.id}`,
    currency: o.currency_code ?? '',
    subtotal: o.subtotal_ex_tax as string,
    shippingTotal: o.shipping_cost_ex_tax ?? '0',
    taxTotal: o.total_tax ?? '0',
    discountTotal: sum([o.discount_amount ?? '0', o.coupon_discount ?? '0']),
    total: o.total_inc_tax as string,
    lines: products
      .filter((p) => p.quantity !== 0)
      .map((p) => ({
        lineId: String(p.id),
        sku: p.sku?.trim() ? p.sku : null,
        title: p.name ?? '',
        quantity: p.quantity,
        unitPrice: p.price_ex_tax ?? '0',
        totalDiscount: sum((p.applied_discounts ?? []).map((d) => String(d.amount))),
        requiresShipping: p.type !== 'digital' && p.type !== 'giftcertificate',
        giftCard: p.type === 'giftcertificate',
        productId: p.product_id ? String(p.product_id) : undefined,
        variantId: p.variant_id ? String(p.variant_id) : undefined,
      })),
    shippingLines: shippingAddresses.map((a) => ({ title: a.shipping_method ?? '', price: a.cost_ex_tax ?? '0' })),
    shippingAddress: mapAddress(shippingAddresses[0]),
    billingAddress: mapAddress(o.billing_address),
    customer: {
      externalId: o.customer_id ? String(o.customer_id) : undefined,
      email: o.billing_address?.email,
      phone: o.billing_address?.phone,
      firstName: o.billing_address?.first_name,
      lastName: o.billing_address?.last_name,
    },
    tags: [],
    note: o.customer_message,
    placedAt: placedAt as string,
    updatedAt: updatedAt as string,
    cancelledAt: o.status_id === BIGCOMMERCE_CANCELLED ? updatedAt : undefined,
    financialStatus: o.payment_status,
    clientIp: o.ip_address,
    test: false,
  };
}

/** RFC 2822 dates ("Tue, 20 Nov 2012 00:00:00 +0000") as UTC ISO 8601; anything else is passed on for validation to name. */
export function rfc2822ToIso(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^\w{3}, \d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/.test(value.trim())) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

function sum(amounts: string[]): string {
  const bad = amounts.find((a) => !isDecimal(a));
  return bad ?? amounts.reduce((s, a) => s.plus(a), new Big(0)).toString();
}

function mapAddress(a: BigCommerceAddress | undefined): OrderSnapshotInput['shippingAddress'] {
  if (!a || !a.street_1?.trim()) return undefined;
  return {
    name: [a.first_name, a.last_name].filter((s) => s?.trim()).join(' ') || undefined,
    company: a.company,
    line1: a.street_1,
    line2: a.street_2,
    city: a.city,
    region: a.state,
    postalCode: a.zip,
    country: a.country_iso2 ?? '',
    phone: a.phone,
  };
}
