/**
 * @module Shopify refund JSON (REST resource / `refunds/create` webhook body) → `refund.issued` data.
 *
 * The amount is what actually went back to the customer: the successful `refund` transactions, summed in
 * decimal. A refund that only restocks (no money moved) is still recorded, with amount "0", so the timeline
 * shows it. Lines are the refunded line items with their quantities and SKUs (null for custom items).
 */
import { add, isDecimal, toCurrencyPrecision } from '../model/money.ts';
import type { EventDataInput } from '../model/events.ts';

export interface ShopifyRefund {
  id: number | string;
  order_id: number | string;
  created_at?: string;
  processed_at?: string | null;
  note?: string | null;
  refund_line_items?: {
    line_item_id: number | string;
    quantity: number;
    line_item?: { sku?: string | null } | null;
    subtotal_set?: { shop_money?: { currency_code?: string } };
  }[];
  transactions?: { kind?: string; status?: string; amount?: string; currency?: string }[];
}

export function mapShopifyRefund(r: ShopifyRefund): EventDataInput<'refund.issued'> {
  const moneyBack = (r.transactions ?? []).filter((t) => t.kind === 'refund' && t.status === 'success');
  const amounts = moneyBack.map((t) => t.amount ?? '0');
  const bad = amounts.find((a) => !isDecimal(a));
  const currency =
    moneyBack.find((t) => t.currency)?.currency ?? r.refund_line_items?.find((l) => l.subtotal_set?.shop_money?.currency_code)?.subtotal_set?.shop_money?.currency_code;
  // One transaction keeps Shopify's string as sent; several are summed in decimal, shown in the currency's precision.
  const amount = bad ?? (amounts.length === 1 ? amounts[0]! : toCurrencyPrecision(add('0', ...amounts), currency ?? 'USD'));
  return {
    // A non-decimal amount is passed through for validation to name.
    amount,
    currency: currency as string,
    reason: r.note ?? undefined,
    externalId: String(r.id),
    lines: (r.refund_line_items ?? []).map((l) => ({
      lineId: String(l.line_item_id),
      sku: l.line_item?.sku?.trim() ? l.line_item.sku : null,
      quantity: l.quantity,
    })),
  };
}
