/**
 * @module Shipments into Magento (`POST /V1/order/{orderId}/ship`), per line and partial, with tracks.
 *
 * The lines are order items with quantities (no items means everything left to ship, as Magento does);
 * the track carries the carrier code Magento knows (`ups`, `usps`, `fedex`, `dhl`, else `custom` with the
 * carrier's name as title); the comment is shown to the customer with Dropline's tracking page. `ship` has
 * no idempotency key: before shipping, the order's shipments are searched for the tracking number, so a
 * retry after a lost answer doesn't create a second shipment.
 */
import type { ActionContext, FulfillmentInput } from '../sdk/actions.ts';
import { magentoApi, searchCriteria, type MagentoConfig, type MagentoSecrets } from './rest-api.ts';

const CARRIER_CODES = new Set(['ups', 'usps', 'fedex', 'dhl']);

interface MagentoShipment {
  entity_id: number;
  order_id: number;
  tracks?: { track_number: string }[];
}

export async function createMagentoShipment(input: FulfillmentInput, ctx: ActionContext<MagentoConfig, MagentoSecrets>): Promise<{ externalId?: string }> {
  const api = magentoApi(ctx);
  const orderId = Number(input.order.externalId);
  const { body: shipments } = await api.request<{ items: MagentoShipment[] }>('/shipments', {
    query: searchCriteria([[{ field: 'order_id', value: orderId, condition: 'eq' }]]),
  });
  const same = (shipments.items ?? []).find((s) => s.tracks?.some((t) => t.track_number === input.trackingNumber));
  if (same) {
    ctx.log.info({ order: input.order.externalId, shipment: same.entity_id }, 'Magento already has this shipment; not shipping again');
    return { externalId: String(same.entity_id) };
  }
  const code = input.carrier.trim().toLowerCase();
  const { body: shipmentId } = await api.request<number>(`/order/${orderId}/ship`, {
    method: 'POST',
    json: {
      items: input.lines.map((l) => ({ order_item_id: Number(l.lineId), qty: l.quantity })),
      notify: input.notifyCustomer,
      appendComment: true,
      comment: {
        comment: `Shipped with ${input.carrier}, tracking number ${input.trackingNumber}${input.trackingUrl ? `: ${input.trackingUrl}` : ''}`,
        is_visible_on_front: 1,
      },
      tracks: [{ track_number: input.trackingNumber, title: input.carrier, carrier_code: CARRIER_CODES.has(code) ? code : 'custom' }],
    },
  });
  return { externalId: String(shipmentId) };
}
