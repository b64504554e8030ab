/**
 * @module Magento 2 / Adobe Commerce order (REST `GET /V1/orders` item) → canonical order.
 *
 * The same policy as the Shopify mapping, decided for Magento's shape:
 * - configurable products come as a parent line (with the chosen variant's SKU and the price) and a
 *   child line (the simple product, price 0): the parent is the line, the child is dropped;
 * - bundles: the children carry the SKUs that ship and become lines; the bundle parent is kept with
 *   `requiresShipping: false`, so its price is not lost and nothing is sent twice;
 * - a line without a SKU keeps `sku: null`; the quantity is what was ordered less what was cancelled, and a
 *   line with nothing left is dropped; fractional quantities (`is_qty_decimal`) are passed on for validation
 *   to refuse, naming the field: a supplier can't ship 1.5 of a thing;
 * - virtual and downloadable products need no shipping; gift cards (Adobe Commerce) are flagged
 *   `giftCard`; neither is ever sent to a supplier; zero-priced lines stay;
 * - Magento sends amounts as JSON numbers: they become decimal strings in the currency's precision
 *   (22 → "22.00") through decimal arithmetic; discounts, negative in the order, are made positive;
 * - orders have no tags (`tags` is empty); the customer's note is the note;
 * - Magento keeps times in UTC without a zone ("2017-08-21 22:22:19").
 */
import Big from 'big.js';
import { toCurrencyPrecision } from '../model/money.ts';
import type { OrderSnapshotInput } from '../model/order.ts';

export interface MagentoAddress {
  firstname?: string;
  lastname?: string;
  company?: string;
  street?: string[];
  city?: string;
  region?: string | null;
  region_code?: string | null;
  postcode?: string;
  country_id?: string;
  telephone?: string;
  email?: string;
}

export interface MagentoOrderItem {
  item_id: number;
  parent_item_id?: number | null;
  sku?: string | null;
  name?: string;
  product_id?: number;
  product_type?: string;
  is_virtual?: number;
  qty_ordered: number;
  qty_canceled?: number;
  qty_shipped?: number;
  price?: number;
  price_incl_tax?: number;
  discount_amount?: number;
  row_total_incl_tax?: number;
}

export interface MagentoOrder {
  entity_id: number;
  increment_id?: string;
  state?: string;
  status?: string;
  order_currency_code?: string;
  created_at?: string;
  updated_at?: string;
  subtotal?: number;
  shipping_amount?: number;
  tax_amount?: number;
  discount_amount?: number;
  grand_total?: number;
  shipping_description?: string;
  customer_id?: number | null;
  customer_is_guest?: number;
  customer_email?: string;
  customer_firstname?: string | null;
  customer_lastname?: string | null;
  customer_note?: string | null;
  remote_ip?: string | null;
  is_virtual?: number;
  items?: MagentoOrderItem[];
  billing_address?: MagentoAddress;
  extension_attributes?: {
    shipping_assignments?: { shipping?: { address?: MagentoAddress; method?: string } }[];
  };
}

const NO_SHIPPING_TYPES = new Set(['virtual', 'downloadable']);

export function mapMagentoOrder(o: MagentoOrder): OrderSnapshotInput {
  const currency = o.order_currency_code ?? '';
  const money = (n: number | undefined) => amount(n, currency);
  const items = o.items ?? [];
  const byId = new Map(items.map((i) => [i.item_id, i]));
  const lines = items.flatMap((item) => {
    const parent = item.parent_item_id ? byId.get(item.parent_item_id) : undefined;
    // A configurable's child repeats its parent (which carries the price): one line, not two.
    if (parent && parent.product_type !== 'bundle') return [];
    const quantity = item.qty_ordered - (item.qty_canceled ?? 0);
    if (quantity === 0) return [];
    const giftCard = item.product_type === 'giftcard';
    const requiresShipping = item.product_type !== 'bundle' && item.is_virtual !== 1 && !NO_SHIPPING_TYPES.has(item.product_type ?? '');
    return [
      {
        lineId: String(item.item_id),
        sku: item.sku?.trim() ? item.sku : null,
        title: item.name ?? '',
        quantity,
        unitPrice: money(item.price),
        totalDiscount: money(Math.abs(item.discount_amount ?? 0)),
        requiresShipping,
        giftCard,
        productId: item.product_id ? String(item.product_id) : undefined,
      },
    ];
  });
  const shipping = o.extension_attributes?.shipping_assignments?.[0]?.shipping;
  const placedAt = utc(o.created_at);
  const updatedAt = utc(o.updated_at) ?? placedAt;
  return {
    externalId: String(o.entity_id),
    number: `#${o.increment_id ?? o.entity_id}`,
    currency,
    subtotal: money(o.subtotal),
    shippingTotal: money(o.shipping_amount),
    taxTotal: money(o.tax_amount),
    discountTotal: money(Math.abs(o.discount_amount ?? 0)),
    total: money(o.grand_total),
    lines,
    shippingLines: o.is_virtual === 1 ? [] : [{ title: o.shipping_description ?? '', code: shipping?.method, price: money(o.shipping_amount) }],
    shippingAddress: mapAddress(shipping?.address),
    billingAddress: mapAddress(o.billing_address),
    customer: {
      externalId: o.customer_is_guest || !o.customer_id ? undefined : String(o.customer_id),
      email: o.customer_email,
      phone: o.billing_address?.telephone,
      firstName: o.customer_firstname ?? o.billing_address?.firstname,
      lastName: o.customer_lastname ?? o.billing_address?.lastname,
    },
    tags: [],
    note: o.customer_note,
    placedAt: placedAt as string,
    updatedAt: updatedAt as string,
    cancelledAt: o.state === 'canceled' ? updatedAt : undefined,
    financialStatus: o.status,
    clientIp: o.remote_ip,
    test: false,
  };
}

/** A JSON number as a decimal string in the currency's precision; anything else is left for validation to name. */
function amount(n: number | undefined, currency: string): string {
  if (n === undefined || n === null) return '0';
  if (typeof n !== 'number' || !Number.isFinite(n)) return String(n);
  return toCurrencyPrecision(new Big(n).toString(), currency || 'USD');
}

/** Magento's "2017-08-21 22:22:19" is UTC. */
export function utc(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
}

function mapAddress(a: MagentoAddress | undefined): OrderSnapshotInput['shippingAddress'] {
  const street = (a?.street ?? []).filter((s) => s.trim());
  if (!a || street.length === 0) return undefined;
  return {
    name: [a.firstname, a.lastname].filter((s) => s?.trim()).join(' ') || undefined,
    company: a.company,
    line1: street[0]!,
    line2: street.slice(1).join(', ') || undefined,
    city: a.city,
    region: a.region_code ?? a.region,
    postalCode: a.postcode,
    country: a.country_id ?? '',
    phone: a.telephone,
  };
}
