/**
 * @module Where an order is on the customer's progress line (ordered → shipped → out for delivery →
 * delivered), in words for the public tracking page. Derived from the order status and its shipments:
 * an order with one of two parcels out for delivery is "out for delivery".
 */
import type { TrackingView } from '$lib/api/types.ts';

export const PROGRESS_STAGES = ['Ordered', 'Shipped', 'Out for delivery', 'Delivered'] as const;

export interface Progress {
  /** Index into {@link PROGRESS_STAGES} of the last stage reached. */
  reached: number;
  headline: string;
  /** A line of context under the headline. */
  detail?: string;
  /** When the last parcel arrived, once everything has. */
  deliveredAt?: string;
  /** The order left the line (cancelled, refunded, returned): the line is shown greyed out. */
  stopped: boolean;
}

const STOPPED: Record<string, string> = {
  cancelled: 'This order was cancelled.',
  refunded: 'This order was refunded.',
  returned: 'This order was returned.',
};

export function trackingProgress(view: TrackingView): Progress {
  const stopped = STOPPED[view.status];
  if (stopped) return { reached: 0, headline: stopped, stopped: true };

  const shipments = view.shipments;
  const allDelivered = shipments.length > 0 && shipments.every((s) => s.status === 'delivered') && view.status !== 'partially_shipped';
  if (view.status === 'delivered' || allDelivered) {
    const last = shipments.map((s) => s.deliveredAt).filter((d): d is string => !!d).sort().at(-1);
    return { reached: 3, headline: 'Delivered', deliveredAt: last, stopped: false };
  }
  if (shipments.some((s) => s.status === 'out_for_delivery')) {
    return { reached: 2, headline: 'Out for delivery', detail: 'Your parcel is with the driver and should arrive today.', stopped: false };
  }
  if (shipments.length > 0) {
    const partial = view.status === 'partially_shipped';
    return {
      reached: 1,
      headline: partial ? 'Part of your order is on its way' : 'On its way',
      detail: partial ? 'The rest will follow in a separate parcel.' : undefined,
      stopped: false,
    };
  }
  if (view.status === 'backordered' || view.status === 'exception' || view.status === 'held') {
    return { reached: 0, headline: 'Being prepared', detail: 'Some items are taking a little longer than usual to prepare.', stopped: false };
  }
  return { reached: 0, headline: 'Order confirmed', detail: 'We are preparing your order for shipping.', stopped: false };
}

/** The latest estimated delivery among parcels still on their way. */
export function estimatedDelivery(view: TrackingView): string | undefined {
  return view.shipments
    .filter((s) => s.status !== 'delivered' && s.estimatedDeliveryAt)
    .map((s) => s.estimatedDeliveryAt!)
    .sort()
    .at(-1);
}
