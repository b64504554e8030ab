/** @module Order statuses in words and colours, in the order an order moves through them. */
import type { OrderStatus } from '@dropline/connectors/model';
import { unknownStatus, type StatusStyle } from './tone.ts';

/** Typed against the model, so a status added there fails the build until it has words here. */
export const ORDER_STATUS: Record<OrderStatus, StatusStyle & { attention?: true }> = {
  received: { label: 'Received', tone: 'info' },
  held: { label: 'Held', tone: 'warning', attention: true },
  routed: { label: 'Routed', tone: 'progress' },
  placed: { label: 'Placed', tone: 'progress' },
  acknowledged: { label: 'Acknowledged', tone: 'progress' },
  backordered: { label: 'Backordered', tone: 'warning', attention: true },
  partially_shipped: { label: 'Partially shipped', tone: 'progress' },
  shipped: { label: 'Shipped', tone: 'success' },
  delivered: { label: 'Delivered', tone: 'success' },
  exception: { label: 'Exception', tone: 'danger', attention: true },
  cancelled: { label: 'Cancelled', tone: 'muted' },
  refunded: { label: 'Refunded', tone: 'muted' },
  returned: { label: 'Returned', tone: 'muted' },
};

export const ORDER_STATUSES = Object.keys(ORDER_STATUS) as OrderStatus[];

export function isOrderStatus(value: string): value is OrderStatus {
  return Object.hasOwn(ORDER_STATUS, value);
}

export function orderStatusStyle(status: string): StatusStyle {
  return isOrderStatus(status) ? ORDER_STATUS[status] : unknownStatus(status);
}
