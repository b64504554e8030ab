/**
 * @module Shopify order JSON (REST Admin API / webhook body) → canonical order snapshot.
 *
 * Deliberate choices, not accidents:
 * - a line without a SKU keeps `sku: null` (custom items); routing reports it as unmapped;
 * - a line whose quantity was edited down to 0 is dropped: there is nothing left to fulfil;
 * - gift cards and lines with `requires_shipping: false` are kept, flagged, and never sent to a supplier;
 * - zero-priced lines are kept as they are (free gifts still need shipping);
 * - money stays in the shop currency's strings exactly as Shopify sent them.
 */
import { add, isDecimal } from '../model/money.ts';
import type { OrderSnapshotInput } from '../model/order.ts';

/** The subset of Shopify's order resource we read. Everything is optional: payloads vary by version. */
export interface ShopifyAddress {
  first_name?: string | null;
  last_name?: string | null;
  name?: string | null;
  company?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  province?: string | null;
  province_code?: string | null;
  zip?: string | null;
  country_code?: string | null;
  phone?: string | null;
}

export interface ShopifyLineItem {
  id: number | string;
  sku?: string | null;
  title?: string | null;
  variant_title?: string | null;
  name?: string | null;
  quantity: number;
  price: string | number;
  total_discount?: string | number | null;
  requires_shipping?: boolean | null;
  gift_card?: boolean | null;
  product_id?: number | string | null;
  variant_id?: number | string | null;
  vendor?: string | null;
  grams?: number | null;
}

export interface ShopifyOrder {
  id: number | string;
  name?: string;
  order_number?: number;
  currency?: string;
  subtotal_price?: string;
  total_price?: string;
  total_tax?: string;
  total_discounts?: string;
  total_shipping_price_set?: { shop_money?: { amount?: string } };
  line_items?: ShopifyLineItem[];
  shipping_lines?: { title?: string; code?: string | null; price?: string }[];
  shipping_address?: ShopifyAddress | null;
  billing_address?: ShopifyAddress | null;
  customer?: { id?: number | string; email?: string | null; phone?: string | null; first_name?: string | null; last_name?: string | null } | null;
  email?: string | null;
  contact_email?: string | null;
  phone?: string | null;
  tags?: string | null;
  note?: string | null;
  created_at?: string;
  processed_at?: string | null;
  updated_at?: string;
  cancelled_at?: string | null;
  cancel_reason?: string | null;
  financial_status?: string | null;
  browser_ip?: string | null;
  client_details?: { browser_ip?: string | null } | null;
  test?: boolean;
}

export function mapShopifyOrder(o: ShopifyOrder): OrderSnapshotInput {
  const lines = (o.line_items ?? [])
    .filter((l) => l.quantity !== 0)
    .map((l) => ({
      lineId: String(l.id),
      sku: nonEmpty(l.sku) ?? null,
      title: l.title ?? l.name ?? '',
      variantTitle: l.variant_title ?? undefined,
      quantity: l.quantity,
      unitPrice: l.price,
      totalDiscount: l.total_discount ?? '0',
      requiresShipping: l.requires_shipping ?? true,
      giftCard: l.gift_card ?? false,
      productId: idString(l.product_id),
      variantId: idString(l.variant_id),
      vendor: l.vendor ?? undefined,
      grams: l.grams ?? undefined,
    }));
  const shippingLines = (o.shipping_lines ?? []).map((s) => ({ title: s.title ?? '', code: s.code, price: s.price ?? '0' }));
  const shippingTotal = o.total_shipping_price_set?.shop_money?.amount ?? sumPrices(shippingLines.map((s) => s.price));
  return {
    externalId: String(o.id),
    number: o.name ?? (o.order_number !== undefined ? `#${o.order_number}` : String(o.id)),
    currency: o.currency as string,
    subtotal: o.subtotal_price as string,
    shippingTotal,
    taxTotal: o.total_tax ?? '0',
    discountTotal: o.total_discounts ?? '0',
    total: o.total_price as string,
    lines,
    shippingLines,
    shippingAddress: mapAddress(o.shipping_address),
    billingAddress: mapAddress(o.billing_address),
    customer: {
      externalId: idString(o.customer?.id),
      email: nonEmpty(o.email) ?? nonEmpty(o.contact_email) ?? nonEmpty(o.customer?.email),
      phone: nonEmpty(o.phone) ?? nonEmpty(o.customer?.phone),
      firstName: o.customer?.first_name ?? o.billing_address?.first_name ?? undefined,
      lastName: o.customer?.last_name ?? o.billing_address?.last_name ?? undefined,
    },
    tags: splitTags(o.tags),
    note: o.note ?? undefined,
    placedAt: (o.processed_at ?? o.created_at) as string,
    updatedAt: (o.updated_at ?? o.created_at) as string,
    cancelledAt: o.cancelled_at ?? undefined,
    financialStatus: o.financial_status ?? undefined,
    clientIp: nonEmpty(o.browser_ip) ?? nonEmpty(o.client_details?.browser_ip),
    test: o.test ?? false,
  };
}

/** Older payloads lack `total_shipping_price_set`; a non-decimal price is left for validation to report. */
function sumPrices(prices: string[]): string {
  return prices.every(isDecimal) ? add('0', ...prices) : (prices.find((p) => !isDecimal(p)) as string);
}

function mapAddress(a: ShopifyAddress | null | undefined): OrderSnapshotInput['shippingAddress'] {
  // Digital-only orders have no shipping address; an address without a street line is not one we can ship to.
  if (!a || !nonEmpty(a.address1)) return undefined;
  return {
    name: nonEmpty(a.name) ?? ([a.first_name, a.last_name].filter(Boolean).join(' ') || undefined),
    company: a.company,
    line1: a.address1 as string,
    line2: a.address2,
    city: a.city,
    region: nonEmpty(a.province_code) ?? a.province,
    postalCode: a.zip,
    country: a.country_code ?? '',
    phone: a.phone,
  };
}

/** Shopify sends tags as one comma-separated string. */
function splitTags(tags: string | null | undefined): string[] {
  return (tags ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

function nonEmpty(s: string | null | undefined): string | undefined {
  return s == null || s.trim() === '' ? undefined : s;
}

function idString(id: number | string | null | undefined): string | undefined {
  return id == null ? undefined : String(id);
}
