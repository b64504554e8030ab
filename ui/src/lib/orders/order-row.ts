/**
 * @module An order as a list shows it: just the columns, so a live list refreshing every second or two
 * does not ship every order's lines, addresses and customer to the browser each time.
 */
import type { OrderSummary } from '$lib/api/types.ts';

export interface OrderRow {
  id: string;
  number: string;
  status: string;
  /** The store connector's id. */
  source: string;
  suppliers: string[];
  total: string;
  currency: string;
  placedAt: string;
  itemCount: number;
}

export function toOrderRow(order: OrderSummary): OrderRow {
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    source: order.source,
    suppliers: order.suppliers,
    total: order.total,
    currency: order.currency,
    placedAt: order.placedAt,
    itemCount: order.lines.reduce((n, line) => n + line.quantity, 0),
  };
}
