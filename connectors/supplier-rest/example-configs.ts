/**
 * @module Two ways a retailer connects the same kind of supplier API (the Acme Wholesale API v2, see
 * fake-rest-supplier.ts) by configuration alone:
 *
 * - {@link ACME_WEBHOOKS_CONFIG}: OAuth 2.0 client credentials; acknowledgments, shipments and stock
 *   changes arrive as signed webhooks (base64 HMAC-SHA256 in `X-Acme-Signature`).
 * - {@link ACME_POLLING_CONFIG}: an API key header; the answer to the order already acknowledges each
 *   line, shipments are found by polling the order's status, and stock by polling the inventory.
 */
import type { z } from 'zod';
import type { restSupplierConfig } from './config.ts';

type RestConfigInput = z.input<typeof restSupplierConfig>;

/** Our purchase order as Acme's POST /v2/purchase-orders body. */
const ACME_ORDER_BODY = `{
  "po_number": supplierOrderId,
  "ship_to": {
    "name": order.shippingAddress.name,
    "street1": order.shippingAddress.line1,
    "street2": order.shippingAddress.line2,
    "city": order.shippingAddress.city,
    "state": order.shippingAddress.region,
    "zip": order.shippingAddress.postalCode,
    "country": order.shippingAddress.country,
    "phone": order.shippingAddress.phone
  },
  "items": [lines.{ "item_code": supplierSku, "qty": quantity, "unit_price": unitCost }],
  "ship_method": order.shippingMethod
}`;

const ACME_STOCK_FEED = {
  path: '/v2/inventory',
  response: `{
    "items": [data.{ "sku": item_code, "quantity": available, "cost": price.amount, "currency": price.currency }],
    "full": complete
  }`,
};

export const ACME_WEBHOOKS_CONFIG = {
  baseUrl: 'https://api.acme-wholesale.example',
  auth: { type: 'oauth2-client-credentials', tokenUrl: '/oauth/token', scope: 'orders inventory' },
  placeOrder: {
    path: '/v2/purchase-orders',
    body: ACME_ORDER_BODY,
    response: `{ "externalId": order.id }`,
  },
  cancelOrder: { path: '/v2/purchase-orders/{externalId}/cancel', response: 'cancelled' },
  stockFeed: { ...ACME_STOCK_FEED, poll: false },
  webhook: {
    signatureHeader: 'X-Acme-Signature',
    algorithm: 'sha256',
    encoding: 'base64',
    deliveryIdHeader: 'X-Acme-Event-Id',
    topicPath: 'event',
    events: `(
      $o := payload;
      $ok := $o.items[qty_confirmed > 0];
      $bo := $o.items[qty_backordered > 0];
      event = "order.confirmed" ? $append(
        $count($ok) > 0 ? [{ "type": "supplier_order.acknowledged", "occurredAt": occurred_at,
          "data": { "supplierOrderId": $o.po_number, "externalId": $o.id, "lines": [$ok.{ "sku": item_code, "quantity": qty_confirmed }] } }] : [],
        $count($bo) > 0 ? [{ "type": "supplier_order.backordered", "occurredAt": occurred_at,
          "data": { "supplierOrderId": $o.po_number, "lines": [$bo.{ "sku": item_code, "quantity": qty_backordered }] } }] : []
      ) :
      event = "order.shipped" ? [{ "type": "shipment.created", "occurredAt": occurred_at,
        "data": { "supplierOrderId": $o.po_number, "carrier": $o.shipment.carrier_code, "trackingNumber": $o.shipment.tracking,
                  "shippedAt": $o.shipment.shipped_at, "lines": [$o.shipment.items.{ "sku": item_code, "quantity": qty }] } }] :
      event = "order.cancelled" ? [{ "type": "supplier_order.cancelled", "data": { "supplierOrderId": $o.po_number, "reason": "cancelled by the supplier" } }] :
      event = "inventory.changed" ? [{ "type": "inventory.updated", "data": { "items": [$o.items.{ "sku": item_code, "quantity": available }], "full": false } }] :
      []
    )`,
  },
} satisfies RestConfigInput;

export const ACME_POLLING_CONFIG = {
  baseUrl: 'https://api.acme-wholesale.example',
  auth: { type: 'api-key', header: 'X-Acme-Key' },
  pollIntervalSeconds: 120,
  placeOrder: {
    path: '/v2/purchase-orders',
    body: ACME_ORDER_BODY,
    response: `(
      $o := order;
      $ok := $o.items[qty_confirmed > 0];
      $bo := $o.items[qty_backordered > 0];
      {
        "externalId": $o.id,
        "events": $append(
          $count($ok) > 0 ? [{ "type": "supplier_order.acknowledged",
            "data": { "supplierOrderId": $o.po_number, "externalId": $o.id, "lines": [$ok.{ "sku": item_code, "quantity": qty_confirmed }] } }] : [],
          $count($bo) > 0 ? [{ "type": "supplier_order.backordered",
            "data": { "supplierOrderId": $o.po_number, "lines": [$bo.{ "sku": item_code, "quantity": qty_backordered }] } }] : []
        )
      }
    )`,
  },
  cancelOrder: { path: '/v2/purchase-orders/{externalId}/cancel', response: 'cancelled' },
  orderStatus: {
    path: '/v2/purchase-orders/{externalId}',
    response: `(
      $o := order;
      {
        "events": $append(
          [$o.shipments.{ "type": "shipment.created", "occurredAt": shipped_at,
            "data": { "supplierOrderId": $o.po_number, "carrier": carrier_code, "trackingNumber": tracking, "shippedAt": shipped_at,
                      "lines": [items.{ "sku": item_code, "quantity": qty }] } }],
          $o.state = "cancelled" ? [{ "type": "supplier_order.cancelled", "data": { "supplierOrderId": $o.po_number, "reason": "cancelled by the supplier" } }] : []
        ),
        "final": $o.state in ["shipped", "cancelled"]
      }
    )`,
  },
  stockFeed: { ...ACME_STOCK_FEED, poll: true },
} satisfies RestConfigInput;
