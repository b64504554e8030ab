/**
 * @module WooCommerce order JSON (REST API v3 resource, which is also the webhook body) → canonical order.
 *
 * The same policy as the Shopify mapping, decided for WooCommerce's shape:
 * - a line without a SKU (`"sku": ""`) keeps `sku: null`; routing reports it as unmapped;
 * - a line with quantity 0 is dropped: there is nothing to fulfil;
 * - zero-priced lines are kept (free gifts still ship);
 * - the webhook does not say whether a product is virtual or downloadable, so a line needs shipping unless
 *   its SKU is in the connector's `nonShippingSkus`, or it is a gift card: a line whose meta data carries a
 *   gift-card plugin's keys (WooCommerce Gift Cards, PW Gift Cards, …: any key containing "gift_card" or
 *   "giftcard") is flagged `giftCard` and never sent to a supplier;
 * - fee lines (gift wrap, surcharges) are charges, not goods: they stay in the order total and are not lines;
 * - money stays in WooCommerce's decimal strings; the unit price is the line subtotal (before discounts)
 *   divided by its quantity, in decimal, rounded half-up to the currency's minor units when it does not
 *   divide evenly; the order subtotal is the sum of the line subtotals;
 * - WooCommerce orders have no tags: `tags` is empty; the customer note is the order note;
 * - times are the `_gmt` fields, which WooCommerce writes in UTC without a zone.
 */
import Big from 'big.js';
import { minorUnits } from '../model/currencies.ts';
import { add, isDecimal, toCurrencyPrecision } from '../model/money.ts';
import type { OrderSnapshotInput } from '../model/order.ts';

export interface WooAddress {
  first_name?: string;
  last_name?: string;
  company?: string;
  address_1?: string;
  address_2?: string;
  city?: string;
  state?: string;
  postcode?: string;
  country?: string;
  email?: string;
  phone?: string;
}

export interface WooMeta {
  id?: number;
  key: string;
  value: unknown;
}

export interface WooLineItem {
  id: number;
  name?: string;
  product_id?: number;
  variation_id?: number;
  quantity: number;
  subtotal?: string;
  total?: string;
  sku?: string | null;
  price?: number | string;
  meta_data?: WooMeta[];
}

export interface WooOrder {
  id: number;
  number?: string;
  status?: string;
  currency?: string;
  date_created_gmt?: string;
  date_modified_gmt?: string;
  discount_total?: string;
  shipping_total?: string;
  total?: string;
  total_tax?: string;
  customer_id?: number;
  customer_ip_address?: string;
  customer_note?: string;
  billing?: WooAddress;
  shipping?: WooAddress;
  line_items?: WooLineItem[];
  shipping_lines?: { method_title?: string; method_id?: string; total?: string }[];
  refunds?: { id: number; reason?: string; total: string }[];
  meta_data?: WooMeta[];
  date_paid_gmt?: string | null;
}

export interface WooMappingOptions {
  nonShippingSkus?: readonly string[];
}

const GIFT_CARD_META = /gift_?card/i;

export function mapWooOrder(o: WooOrder, options: WooMappingOptions = {}): OrderSnapshotInput {
  const currency = o.currency ?? '';
  const nonShipping = new Set(options.nonShippingSkus ?? []);
  const lines = (o.line_items ?? [])
    .filter((l) => l.quantity !== 0)
    .map((l) => {
      const sku = nonEmpty(l.sku ?? undefined);
      const giftCard = (l.meta_data ?? []).some((m) => GIFT_CARD_META.test(m.key));
      const subtotal = l.subtotal ?? String(l.price ?? '0');
      return {
        lineId: String(l.id),
        sku: sku ?? null,
        title: l.name ?? '',
        quantity: l.quantity,
        unitPrice: unitPrice(subtotal, l.quantity, currency),
        totalDiscount: isDecimal(subtotal) && isDecimal(l.total ?? '') ? new Big(subtotal).minus(l.total!).toString() : '0',
        requiresShipping: !giftCard && !(sku && nonShipping.has(sku)),
        giftCard,
        productId: l.product_id ? String(l.product_id) : undefined,
        variantId: l.variation_id ? String(l.variation_id) : undefined,
      };
    });
  const subtotals = (o.line_items ?? []).map((l) => l.subtotal ?? '0');
  const placedAt = gmt(o.date_created_gmt);
  const updatedAt = gmt(o.date_modified_gmt) ?? placedAt;
  return {
    externalId: String(o.id),
    number: `#${o.number ?? o.id}`,
    currency,
    subtotal: subtotals.every(isDecimal) ? toCurrencyPrecision(add('0', ...subtotals), currency || 'USD') : (subtotals.find((s) => !isDecimal(s)) as string),
    shippingTotal: o.shipping_total ?? '0',
    taxTotal: o.total_tax ?? '0',
    discountTotal: o.discount_total ?? '0',
    total: o.total as string,
    lines,
    shippingLines: (o.shipping_lines ?? []).map((s) => ({ title: s.method_title ?? '', code: s.method_id, price: s.total ?? '0' })),
    shippingAddress: mapAddress(o.shipping, o.billing?.phone),
    billingAddress: mapAddress(o.billing),
    customer: {
      externalId: o.customer_id ? String(o.customer_id) : undefined,
      email: nonEmpty(o.billing?.email),
      phone: nonEmpty(o.billing?.phone),
      firstName: nonEmpty(o.billing?.first_name),
      lastName: nonEmpty(o.billing?.last_name),
    },
    tags: [],
    note: nonEmpty(o.customer_note),
    placedAt: placedAt as string,
    updatedAt: updatedAt as string,
    cancelledAt: o.status === 'cancelled' ? updatedAt : undefined,
    financialStatus: o.status,
    clientIp: nonEmpty(o.customer_ip_address),
    test: false,
  };
}

/** Subtotal ÷ quantity, exact when it divides evenly, else rounded to the currency's minor units. */
function unitPrice(subtotal: string, quantity: number, currency: string): string {
  if (!isDecimal(subtotal) || !Number.isInteger(quantity) || quantity <= 0) return subtotal;
  const exact = new Big(subtotal).div(quantity);
  const places = minorUnits(currency || 'USD');
  return exact.round(places, Big.roundHalfUp).eq(exact) ? exact.toFixed(Math.max(places, decimals(subtotal))) : toCurrencyPrecision(exact.toString(), currency || 'USD');
}

const decimals = (s: string) => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0);

/** WooCommerce's `_gmt` times are UTC without a zone designator. */
function gmt(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  return /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`;
}

function mapAddress(a: WooAddress | undefined, fallbackPhone?: string): OrderSnapshotInput['shippingAddress'] {
  // No street line: a digital-only order, or an address we can't ship to.
  if (!a || !nonEmpty(a.address_1)) return undefined;
  return {
    name: [a.first_name, a.last_name].filter((s) => nonEmpty(s)).join(' ') || undefined,
    company: a.company,
    line1: a.address_1 as string,
    line2: a.address_2,
    city: a.city,
    region: a.state,
    postalCode: a.postcode,
    country: a.country ?? '',
    phone: nonEmpty(a.phone) ?? nonEmpty(fallbackPhone),
  };
}

function nonEmpty(s: string | null | undefined): string | undefined {
  return s == null || s.trim() === '' ? undefined : s;
}
