import { describe, expect, it } from 'vitest';
import type { TrackingView } from '$lib/api/types.ts';
import { estimatedDelivery, trackingProgress } from './tracking-progress.ts';

type Parcel = TrackingView['shipments'][number];

const parcel = (status: string, extra: Partial<Parcel> = {}): Parcel => ({
  carrier: 'UPS',
  trackingNumber: `1Z${status}`,
  trackingUrl: null,
  status,
  shippedAt: '2026-01-01T10:00:00Z',
  deliveredAt: null,
  estimatedDeliveryAt: null,
  checkpoints: [],
  ...extra,
});

const view = (status: string, shipments: Parcel[] = []): TrackingView => ({
  number: '#1001',
  status,
  placedAt: '2026-01-01T09:00:00Z',
  firstName: 'Ada',
  items: [{ title: 'Mug', quantity: 1 }],
  shipments,
});

describe('trackingProgress', () => {
  it('follows the order from confirmed to delivered', () => {
    expect(trackingProgress(view('acknowledged')).reached).toBe(0);
    expect(trackingProgress(view('shipped', [parcel('in_transit')])).reached).toBe(1);
    expect(trackingProgress(view('shipped', [parcel('in_transit'), parcel('out_for_delivery')])).reached).toBe(2);
    const delivered = trackingProgress(view('delivered', [parcel('delivered', { deliveredAt: '2026-01-03T15:00:00Z' })]));
    expect(delivered).toMatchObject({ reached: 3, headline: 'Delivered', deliveredAt: '2026-01-03T15:00:00Z' });
  });

  it('says so when only part of the order has left', () => {
    expect(trackingProgress(view('partially_shipped', [parcel('delivered')]))).toMatchObject({ reached: 1, headline: 'Part of your order is on its way' });
  });

  it('keeps supplier trouble vague for the customer, and stops the line for a cancelled order', () => {
    expect(trackingProgress(view('backordered')).headline).toBe('Being prepared');
    expect(trackingProgress(view('cancelled'))).toMatchObject({ stopped: true, headline: 'This order was cancelled.' });
  });

  it('estimates delivery from the parcels still on their way', () => {
    const v = view('shipped', [
      parcel('delivered', { estimatedDeliveryAt: '2026-01-09T00:00:00Z' }),
      parcel('in_transit', { estimatedDeliveryAt: '2026-01-05T00:00:00Z' }),
    ]);
    expect(estimatedDelivery(v)).toBe('2026-01-05T00:00:00Z');
  });
});
