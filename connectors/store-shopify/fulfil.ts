/**
 * @module Shipments into Shopify as fulfillments, through fulfillment orders (Admin GraphQL).
 *
 * Shopify fulfils fulfillment-order line items, not order lines: each shipped line is matched to the open
 * fulfillment orders' line items for it, quantity by quantity, so a partial shipment fulfils exactly what
 * left. `fulfillmentCreate` has no idempotency key, so before creating we look for a fulfillment that
 * already carries this tracking number: a retry after a lost answer finds the first one and stops.
 */
import type { ActionContext, FulfillmentInput } from '../sdk/actions.ts';
import { NotFoundError } from '../sdk/errors.ts';
import { assertNoUserErrors, gid, shopifyAdmin, type ShopifyAdminConfig, type ShopifyAdminSecrets } from './admin-graphql.ts';

const FULFILLMENT_STATE = `query DroplineFulfillmentState($id: ID!) {
  order(id: $id) {
    id
    fulfillments(first: 250) { id status trackingInfo(first: 10) { number company url } }
    fulfillmentOrders(first: 50) {
      nodes { id status lineItems(first: 250) { nodes { id remainingQuantity lineItem { id sku } } } }
    }
  }
}`;

/** From 2024-10 the mutation is `fulfillmentCreate`; older versions call the same thing `fulfillmentCreateV2`. */
const fulfillmentCreate = (v2: boolean) => `mutation DroplineFulfillmentCreate($fulfillment: ${v2 ? 'FulfillmentV2Input' : 'FulfillmentInput'}!) {
  ${v2 ? 'fulfillmentCreateV2' : 'fulfillmentCreate'}(fulfillment: $fulfillment) {
    fulfillment { id status }
    userErrors { field message }
  }
}`;

interface FulfillmentState {
  order: {
    id: string;
    fulfillments: { id: string; status: string; trackingInfo: { number: string | null }[] }[];
    fulfillmentOrders: {
      nodes: { id: string; status: string; lineItems: { nodes: { id: string; remainingQuantity: number; lineItem: { id: string } }[] } }[];
    };
  } | null;
}

type CreatePayload = { fulfillment: { id: string } | null; userErrors: { field?: string[] | null; message: string }[] };

/** Carrier names as Shopify knows them (its tracking-company list), for the carriers we name in lower case. */
const SHOPIFY_CARRIERS: Record<string, string> = {
  ups: 'UPS',
  usps: 'USPS',
  fedex: 'FedEx',
  dhl: 'DHL Express',
  dhl_express: 'DHL Express',
  dhlexpress: 'DHL Express',
  'canada-post': 'Canada Post',
  canada_post: 'Canada Post',
  'royal-mail': 'Royal Mail',
  royal_mail: 'Royal Mail',
  'australia-post': 'Australia Post',
  auspost: 'Australia Post',
  ontrac: 'OnTrac',
  dpd: 'DPD',
};

export function shopifyCarrierName(carrier: string): string {
  return SHOPIFY_CARRIERS[carrier.trim().toLowerCase()] ?? carrier;
}

const FULFILLABLE = new Set(['OPEN', 'IN_PROGRESS']);

export async function createShopifyFulfillment(
  input: FulfillmentInput,
  ctx: ActionContext<ShopifyAdminConfig, ShopifyAdminSecrets>,
): Promise<{ externalId?: string }> {
  const admin = shopifyAdmin(ctx);
  const orderId = gid('Order', input.order.externalId);
  const { order } = await admin.request<FulfillmentState>('DroplineFulfillmentState', FULFILLMENT_STATE, { id: orderId });
  if (!order) throw new NotFoundError(`Shopify has no order ${input.order.externalId}`, 'store_order_not_found');

  const existing = order.fulfillments.find((f) => f.status !== 'CANCELLED' && f.trackingInfo.some((t) => t.number === input.trackingNumber));
  if (existing) {
    ctx.log.info({ order: input.order.externalId, fulfillment: existing.id }, 'Shopify already has this shipment; not fulfilling again');
    return { externalId: existing.id };
  }

  const byFulfillmentOrder = allocate(input.lines, order.fulfillmentOrders.nodes.filter((fo) => FULFILLABLE.has(fo.status)));
  if (byFulfillmentOrder.length === 0) {
    ctx.log.warn({ order: input.order.externalId, lines: input.lines }, 'nothing left to fulfil in Shopify for this shipment');
    return {};
  }
  const v2 = admin.apiVersion < '2024-10';
  const data = await admin.request<Record<string, CreatePayload>>('DroplineFulfillmentCreate', fulfillmentCreate(v2), {
    fulfillment: {
      notifyCustomer: input.notifyCustomer,
      trackingInfo: { company: shopifyCarrierName(input.carrier), number: input.trackingNumber, ...(input.trackingUrl ? { url: input.trackingUrl } : {}) },
      lineItemsByFulfillmentOrder: byFulfillmentOrder,
    },
  });
  const payload = data[v2 ? 'fulfillmentCreateV2' : 'fulfillmentCreate']!;
  assertNoUserErrors('fulfillmentCreate', payload.userErrors);
  return { externalId: payload.fulfillment?.id };
}

/**
 * Spreads each shipped line's quantity over the fulfillment-order line items for it that still have some
 * remaining, grouped per fulfillment order (Shopify refuses the same fulfillment order twice in one call).
 * No lines means the whole order: everything remaining.
 */
function allocate(
  lines: FulfillmentInput['lines'],
  fulfillmentOrders: NonNullable<FulfillmentState['order']>['fulfillmentOrders']['nodes'],
): { fulfillmentOrderId: string; fulfillmentOrderLineItems: { id: string; quantity: number }[] }[] {
  const groups = new Map<string, { id: string; quantity: number }[]>();
  const take = (foId: string, id: string, quantity: number) => {
    const group = groups.get(foId) ?? [];
    const same = group.find((g) => g.id === id);
    if (same) same.quantity += quantity;
    else group.push({ id, quantity });
    groups.set(foId, group);
  };
  if (lines.length === 0) {
    for (const fo of fulfillmentOrders) for (const li of fo.lineItems.nodes) if (li.remainingQuantity > 0) take(fo.id, li.id, li.remainingQuantity);
  }
  for (const line of lines) {
    let wanted = line.quantity;
    const lineGid = gid('LineItem', line.lineId);
    for (const fo of fulfillmentOrders) {
      for (const li of fo.lineItems.nodes) {
        if (wanted === 0 || li.lineItem.id !== lineGid || li.remainingQuantity === 0) continue;
        const quantity = Math.min(wanted, li.remainingQuantity);
        take(fo.id, li.id, quantity);
        li.remainingQuantity -= quantity;
        wanted -= quantity;
      }
    }
  }
  return [...groups].map(([fulfillmentOrderId, fulfillmentOrderLineItems]) => ({ fulfillmentOrderId, fulfillmentOrderLineItems }));
}
