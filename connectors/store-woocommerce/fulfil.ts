/**
 * @module Shipments into WooCommerce: tracking in the order's meta data, a note, and the status.
 *
 * WooCommerce core has no shipment object. Tracking goes into `_wc_shipment_tracking_items`, the meta key
 * of the WooCommerce Shipment Tracking extension (which shows it to the customer and in emails), with the
 * carrier as a custom provider and Dropline's tracking page as its link; the lines each shipment carried
 * are kept in `_dropline_shipped_lines`; the order becomes `completed` once every line has shipped in full
 * (a partial shipment leaves it `processing`); and a note tells the customer (or, when they are not to be
 * notified, the staff) what left with which tracking number.
 *
 * Every step is checked before it is taken, so a retry after a lost answer repeats nothing: the tracking
 * number already in the meta data skips the update, a note already naming it skips the note.
 */
import type { ActionContext, FulfillmentInput } from '../sdk/actions.ts';
import type { WooMeta, WooOrder } from './map-order.ts';
import { wooApi, type WooConfig, type WooSecrets } from './rest-api.ts';

export const TRACKING_META_KEY = '_wc_shipment_tracking_items';
export const SHIPPED_LINES_META_KEY = '_dropline_shipped_lines';

export interface ShipmentTrackingItem {
  tracking_provider: string;
  custom_tracking_provider: string;
  custom_tracking_link: string;
  tracking_number: string;
  date_shipped: string;
  tracking_id: string;
}

export async function createWooFulfillment(input: FulfillmentInput, ctx: ActionContext<WooConfig, WooSecrets>): Promise<{ externalId?: string }> {
  const api = wooApi(ctx);
  const id = encodeURIComponent(input.order.externalId);
  const { body: order } = await api.request<WooOrder>(`/orders/${id}`);
  const tracking = metaValue<ShipmentTrackingItem[]>(order.meta_data, TRACKING_META_KEY) ?? [];
  const trackingId = ctx.idempotencyKey.replace(/[^\w-]/g, '_');

  if (!tracking.some((t) => t.tracking_number === input.trackingNumber)) {
    const shipped = { ...(metaValue<Record<string, number>>(order.meta_data, SHIPPED_LINES_META_KEY) ?? {}) };
    const lines = input.lines.length ? input.lines : (order.line_items ?? []).map((l) => ({ lineId: String(l.id), quantity: l.quantity }));
    for (const l of lines) shipped[l.lineId] = (shipped[l.lineId] ?? 0) + l.quantity;
    const complete = (order.line_items ?? []).every((l) => (shipped[String(l.id)] ?? 0) >= l.quantity);
    const item: ShipmentTrackingItem = {
      tracking_provider: '',
      custom_tracking_provider: input.carrier,
      custom_tracking_link: input.trackingUrl ?? '',
      tracking_number: input.trackingNumber,
      date_shipped: String(Math.floor(Date.now() / 1000)),
      tracking_id: trackingId,
    };
    await api.request(`/orders/${id}`, {
      method: 'PUT',
      json: {
        ...(complete && order.status !== 'completed' ? { status: 'completed' } : {}),
        meta_data: [
          { key: TRACKING_META_KEY, value: [...tracking, item] },
          { key: SHIPPED_LINES_META_KEY, value: shipped },
        ],
      },
    });
  }

  const { body: notes } = await api.request<{ id: number; note: string }[]>(`/orders/${id}/notes`, { query: { type: 'any' } });
  if (!notes.some((n) => n.note.includes(input.trackingNumber))) {
    await api.request(`/orders/${id}/notes`, {
      method: 'POST',
      json: { note: shipmentNote(input), customer_note: input.notifyCustomer },
    });
  }
  return { externalId: trackingId };
}

function shipmentNote(input: FulfillmentInput): string {
  const what = input.lines.length ? `${input.lines.reduce((n, l) => n + l.quantity, 0)} item(s)` : 'Your order';
  return `${what} shipped with ${input.carrier}, tracking number ${input.trackingNumber}${input.trackingUrl ? `: ${input.trackingUrl}` : ''}`;
}

export function metaValue<T>(meta: WooMeta[] | undefined, key: string): T | undefined {
  return meta?.find((m) => m.key === key)?.value as T | undefined;
}
