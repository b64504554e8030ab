/**
 * @module The hub's API responses as the console reads them. The canonical parts come from the shared
 * model (types only: no zod reaches the browser); the rest mirrors server/src/orders/order-views.ts and
 * server/src/orders/tracking-view.ts.
 */
import type { CanonicalEvent, CanonicalOrder, TrackingStatus } from '@dropline/connectors/model';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An order in lists: the canonical order plus the suppliers holding its lines. */
export type OrderSummary = CanonicalOrder & { suppliers: string[] };

/** A recorded canonical event: `seq` orders the log, `recordedAt` is when the hub wrote it. */
export type TimelineEvent = CanonicalEvent & { seq: number; recordedAt: string };

export interface SupplierOrderLine {
  lineId: string;
  sku: string | null;
  supplierSku: string;
  title: string;
  quantity: number;
  unitCost?: string;
  shipped?: number;
}

/** A purchase order: `id` is the PO number the supplier sees. */
export interface SupplierOrder {
  id: string;
  orderId: string;
  supplierId: string;
  status: string;
  lines: SupplierOrderLine[];
  attempt: number;
  externalId: string | null;
  placedAt: string | null;
  acknowledgedAt: string | null;
  shippedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Shipment {
  id: string;
  orderId: string;
  supplierOrderId: string | null;
  supplierId: string | null;
  carrier: string;
  trackingNumber: string;
  trackingUrl: string | null;
  status: TrackingStatus;
  lines: { lineId?: string; sku: string | null; quantity: number }[];
  lastEvent: string | null;
  estimatedDeliveryAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  updatedAt: string;
}

export type OrderDetail = OrderSummary & {
  /** Oldest first. */
  events: TimelineEvent[];
  supplierOrders: SupplierOrder[];
  shipments: Shipment[];
};

export interface Connector {
  id: string;
  type: string;
  /** store, supplier, carrier, returns, notify or address. */
  kind: string;
  name: string;
  enabled: boolean;
}

/** What the public tracking page may show: no address, email or prices. */
export interface TrackingView {
  number: string;
  status: string;
  placedAt: string;
  firstName?: string;
  items: { title: string; variant?: string; quantity: number }[];
  shipments: {
    carrier: string;
    trackingNumber: string;
    trackingUrl: string | null;
    status: TrackingStatus | string;
    shippedAt: string;
    deliveredAt: string | null;
    estimatedDeliveryAt: string | null;
    checkpoints: { at: string; status: TrackingStatus | string; description?: string; location?: string }[];
  }[];
}

/** An RFC 9457 problem, as the hub sends errors. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code?: string;
  detail?: string;
}
