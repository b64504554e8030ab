/**
 * @module Shipments into BigCommerce (`POST /v2/orders/{id}/shipments`), per line and partial.
 *
 * A shipment names the order address it goes to and the order products (with quantities) it carries;
 * BigCommerce moves the order to Partially Shipped or Shipped itself. With no lines given, everything not
 * yet shipped goes. The endpoint has no idempotency key: before creating, we look for a shipment of the
 * order with the same tracking number, so a retry after a lost answer doesn't ship twice.
 */
import type { ActionContext, FulfillmentInput } from '../sdk/actions.ts';
import type { BigCommerceAddress, BigCommerceOrderProduct } from './map-order.ts';
import { bigCommerceApi, type BigCommerceConfig, type BigCommerceSecrets } from './rest-api.ts';

/** BigCommerce's `shipping_provider` values; any other carrier is a custom one, named in `tracking_carrier`. */
const PROVIDERS: Record<string, string> = {
  ups: 'ups',
  usps: 'usps',
  fedex: 'fedex',
  auspost: 'auspost',
  'australia-post': 'auspost',
  canadapost: 'canadapost',
  'canada-post': 'canadapost',
  royalmail: 'royalmail',
  'royal-mail': 'royalmail',
};

interface BigCommerceShipment {
  id: number;
  tracking_number: string;
  order_address_id: number;
}

export async function createBigCommerceShipment(
  input: FulfillmentInput,
  ctx: ActionContext<BigCommerceConfig, BigCommerceSecrets>,
): Promise<{ externalId?: string }> {
  const api = bigCommerceApi(ctx);
  const orderPath = `/v2/orders/${encodeURIComponent(input.order.externalId)}`;
  const { body: existing } = await api.request<BigCommerceShipment[] | undefined>(`${orderPath}/shipments`, { query: { limit: 250 } });
  const same = (existing ?? []).find((s) => s.tracking_number === input.trackingNumber);
  if (same) {
    ctx.log.info({ order: input.order.externalId, shipment: same.id }, 'BigCommerce already has this shipment; not creating it again');
    return { externalId: String(same.id) };
  }

  const { body: products } = await api.request<BigCommerceOrderProduct[]>(`${orderPath}/products`, { query: { limit: 250 } });
  const wanted = input.lines.length
    ? input.lines.map((l) => ({ product: products.find((p) => String(p.id) === l.lineId), quantity: l.quantity }))
    : products.map((p) => ({ product: p, quantity: p.quantity - (p.quantity_shipped ?? 0) }));
  const byAddress = new Map<number, { order_product_id: number; quantity: number }[]>();
  for (const { product, quantity } of wanted) {
    if (!product || quantity <= 0) continue;
    const list = byAddress.get(product.order_address_id ?? 0) ?? [];
    list.push({ order_product_id: product.id, quantity });
    byAddress.set(product.order_address_id ?? 0, list);
  }
  if (byAddress.size === 0) {
    ctx.log.warn({ order: input.order.externalId, lines: input.lines }, 'nothing left to ship in BigCommerce for this shipment');
    return {};
  }
  let addresses: BigCommerceAddress[] | undefined;
  const carrier = input.carrier.trim().toLowerCase();
  let created: BigCommerceShipment | undefined;
  for (const [addressId, items] of byAddress) {
    let orderAddressId = addressId;
    if (!orderAddressId) {
      addresses ??= (await api.request<BigCommerceAddress[]>(`${orderPath}/shipping_addresses`)).body;
      orderAddressId = addresses[0]?.id ?? 0;
    }
    const { body } = await api.request<BigCommerceShipment>(`${orderPath}/shipments`, {
      method: 'POST',
      json: {
        order_address_id: orderAddressId,
        tracking_number: input.trackingNumber,
        shipping_provider: PROVIDERS[carrier] ?? '',
        tracking_carrier: carrier,
        ...(input.trackingUrl ? { tracking_link: input.trackingUrl } : {}),
        comments: `Shipped with ${input.carrier}`,
        items,
      },
    });
    created ??= body;
  }
  return { externalId: created ? String(created.id) : undefined };
}
