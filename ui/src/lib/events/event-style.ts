/** @module Canonical event types in plain words and a colour, for timelines. */
import type { EventType } from '@dropline/connectors/model';
import { unknownStatus, type StatusStyle } from '$lib/status/tone.ts';

/** Typed against the model: a new event type fails the build until it has words here. */
export const EVENT_STYLE: Record<EventType, StatusStyle> = {
  'order.received': { label: 'Order received', tone: 'info' },
  'order.updated': { label: 'Order updated by the store', tone: 'info' },
  'order.routed': { label: 'Routed to suppliers', tone: 'progress' },
  'order.held': { label: 'Held for review', tone: 'warning' },
  'order.exception': { label: 'Exception', tone: 'danger' },
  'order.cancelled': { label: 'Order cancelled', tone: 'muted' },
  'supplier_order.placed': { label: 'Purchase order placed', tone: 'progress' },
  'supplier_order.acknowledged': { label: 'Supplier acknowledged', tone: 'progress' },
  'supplier_order.backordered': { label: 'Supplier backordered', tone: 'warning' },
  'supplier_order.rejected': { label: 'Supplier rejected', tone: 'danger' },
  'supplier_order.cancelled': { label: 'Purchase order cancelled', tone: 'muted' },
  'shipment.created': { label: 'Shipped', tone: 'success' },
  'shipment.tracking_updated': { label: 'Tracking update', tone: 'progress' },
  'shipment.delivered': { label: 'Delivered', tone: 'success' },
  'notification.sent': { label: 'Customer notified', tone: 'neutral' },
  'refund.issued': { label: 'Refund issued', tone: 'muted' },
  'return.requested': { label: 'Return requested', tone: 'warning' },
  'return.authorized': { label: 'Return authorized', tone: 'info' },
  'return.received': { label: 'Return received', tone: 'info' },
  'credit_memo.received': { label: 'Supplier credit memo', tone: 'neutral' },
  'invoice.received': { label: 'Supplier invoice', tone: 'neutral' },
  'inventory.updated': { label: 'Stock updated', tone: 'neutral' },
  'price.updated': { label: 'Prices updated', tone: 'neutral' },
};

export const EVENT_TYPES = Object.keys(EVENT_STYLE) as EventType[];

export function eventStyle(type: string): StatusStyle {
  return Object.hasOwn(EVENT_STYLE, type) ? EVENT_STYLE[type as EventType] : unknownStatus(type);
}
