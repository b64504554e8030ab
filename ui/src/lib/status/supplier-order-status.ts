/** @module Purchase-order statuses in words and colours (server/src/fulfillment/supplier-order-repository.ts). */
import { unknownStatus, type StatusStyle } from './tone.ts';

const SUPPLIER_ORDER_STATUS: Record<string, StatusStyle> = {
  pending: { label: 'Pending', tone: 'neutral' },
  placed: { label: 'Placed', tone: 'progress' },
  acknowledged: { label: 'Acknowledged', tone: 'progress' },
  backordered: { label: 'Backordered', tone: 'warning' },
  rejected: { label: 'Rejected', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'muted' },
  shipped: { label: 'Shipped', tone: 'success' },
  delivered: { label: 'Delivered', tone: 'success' },
};

export function supplierOrderStatusStyle(status: string): StatusStyle {
  return SUPPLIER_ORDER_STATUS[status] ?? unknownStatus(status);
}
