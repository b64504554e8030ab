/**
 * @module An order's fulfilment status, derived from its supplier orders and shipments rather than
 * tracked by hand, so events arriving out of order still land on the right status.
 */
import type { OrderSnapshot, OrderStatus } from '@dropline/connectors/model';
import type { ShipmentRow } from '../fulfillment/shipment-repository.ts';
import { held, type TrackedLine } from '../fulfillment/supplier-order-lines.ts';
import type { SupplierOrderRow } from '../fulfillment/supplier-order-repository.ts';

/** Lines a supplier has to ship: not gift cards, not digital. */
export function shippableLines(order: OrderSnapshot) {
  return order.lines.filter((l) => l.requiresShipping && !l.giftCard);
}

/** Statuses a person, the store or a rule decided: fulfilment events don't move an order out of them. */
export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['cancelled', 'refunded', 'returned']);

/**
 * `settled`: units a flow cancelled and refunded instead of placing them (see `order.routed`'s `settled`):
 * nobody ships them, so an order whose other units all shipped is shipped.
 */
export function deriveFulfilmentStatus(
  current: OrderStatus,
  order: OrderSnapshot,
  supplierOrders: SupplierOrderRow[],
  shipments: ShipmentRow[],
  settled = 0,
): OrderStatus {
  if (FINAL_STATUSES.has(current)) return current;
  const needed = shippableLines(order).reduce((n, l) => n + l.quantity, 0) - settled;
  const lines = supplierOrders.flatMap((so) => so.lines as unknown as TrackedLine[]);
  const shipped = lines.reduce((n, l) => n + (l.shipped ?? 0), 0);
  if (needed > 0 && shipped >= needed) {
    return shipments.length > 0 && shipments.every((s) => s.status === 'delivered') ? 'delivered' : 'shipped';
  }
  if (shipped > 0) return 'partially_shipped';
  const active = supplierOrders.filter((so) => (so.lines as unknown as TrackedLine[]).some((l) => held(l) > 0));
  if (active.some((so) => so.status === 'acknowledged')) return 'acknowledged';
  if (active.some((so) => so.status === 'placed')) return 'placed';
  if (active.length === 0 && supplierOrders.some((so) => so.status === 'backordered')) return 'backordered';
  return current;
}
