/**
 * @module What the public tracking page shows: enough for the customer (items, shipments, checkpoints),
 * nothing else (no address, email or prices). Reached only by the order's unguessable token.
 */
import { NotFoundError } from '@dropline/connectors/sdk';
import type { EventData, OrderSnapshot } from '@dropline/connectors/model';
import type { Database } from '../db/database.ts';
import type { Repositories } from '../workflow/repositories.ts';

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
    status: string;
    shippedAt: string;
    deliveredAt: string | null;
    estimatedDeliveryAt: string | null;
    checkpoints: { at: string; status: string; description?: string; location?: string }[];
  }[];
}

export async function trackingView(db: Database, repos: Repositories, token: string): Promise<TrackingView> {
  const row = token.length >= 16 ? await repos.orders.byTrackingToken(token) : undefined;
  if (!row) throw new NotFoundError('no order for this tracking link', 'tracking_not_found');
  const order = row.snapshot as unknown as OrderSnapshot;
  const [shipments, events] = await Promise.all([repos.shipments.forOrder(db.q, row.id), repos.events.forOrder(row.id)]);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    number: row.number,
    status: row.status,
    placedAt: order.placedAt,
    firstName: order.customer.firstName,
    items: order.lines.filter((l) => !l.giftCard).map((l) => ({ title: l.title, variant: l.variantTitle, quantity: l.quantity })),
    shipments: shipments.map((s) => ({
      carrier: s.carrier,
      trackingNumber: s.trackingNumber,
      trackingUrl: s.trackingUrl,
      status: s.status,
      shippedAt: iso(s.shippedAt)!,
      deliveredAt: iso(s.deliveredAt),
      estimatedDeliveryAt: s.estimatedDeliveryAt,
      checkpoints: events
        .filter((e) => (e.type === 'shipment.tracking_updated' || e.type === 'shipment.delivered') && (e.data as { trackingNumber: string }).trackingNumber === s.trackingNumber)
        .map((e) => {
          if (e.type === 'shipment.delivered') return { at: e.occurredAt, status: 'delivered', description: 'Delivered' };
          const d = e.data as EventData<'shipment.tracking_updated'>;
          return { at: e.occurredAt, status: d.status, description: d.description, location: d.location };
        }),
    })),
  };
}
