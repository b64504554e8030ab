/** @module Carrier tracking statuses in words a customer understands, and their colours. */
import type { TrackingStatus } from '@dropline/connectors/model';
import { unknownStatus, type StatusStyle } from './tone.ts';

const TRACKING_STATUS: Record<TrackingStatus, StatusStyle> = {
  pre_transit: { label: 'Label created', tone: 'info' },
  in_transit: { label: 'In transit', tone: 'progress' },
  out_for_delivery: { label: 'Out for delivery', tone: 'progress' },
  delivered: { label: 'Delivered', tone: 'success' },
  available_for_pickup: { label: 'Ready for pickup', tone: 'success' },
  failed_attempt: { label: 'Delivery attempted', tone: 'warning' },
  exception: { label: 'Delivery problem', tone: 'danger' },
  returned_to_sender: { label: 'Returned to sender', tone: 'danger' },
  unknown: { label: 'Update', tone: 'neutral' },
};

export function trackingStatusStyle(status: string): StatusStyle {
  return Object.hasOwn(TRACKING_STATUS, status) ? TRACKING_STATUS[status as TrackingStatus] : unknownStatus(status);
}
