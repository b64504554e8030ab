/**
 * @module A worked example of the generic webhook's config: the mappings for a small platform's order JSON,
 * and a payload in that shape. Tests use it; admins can start from it.
 */

/** `event` decides what happened; `order` builds the canonical order (see connector.ts). */
export const EXAMPLE_MAPPING = {
  event: "status = 'void' ? 'cancelled' : status = 'test' ? 'ignore' : (created = updated ? 'created' : 'updated')",
  order: `{
    'externalId': $string(id), 'number': '#' & $string(number), 'currency': currency,
    'subtotal': subtotal, 'total': total, 'placedAt': created, 'updatedAt': updated, 'tags': tags,
    'lines': [items.{ 'lineId': $string(id), 'sku': sku ? sku : null, 'title': name, 'quantity': qty, 'unitPrice': price }],
    'shippingAddress': { 'name': ship.name, 'line1': ship.street, 'city': ship.city, 'postalCode': ship.zip, 'country': ship.country },
    'customer': { 'email': email }
  }`,
};
/** An order as that platform posts it. */
export const examplePayload = (over: Record<string, unknown> = {}) => ({
  id: 88001,
  number: 1042,
  status: 'paid',
  currency: 'EUR',
  subtotal: '39.80',
  total: '44.70',
  created: '2024-06-01T09:30:00+02:00',
  updated: '2024-06-01T09:30:00+02:00',
  email: 'kim@example.com',
  tags: ['instagram'],
  ship: { name: 'Kim Lee', street: 'Torstraße 49', city: 'Berlin', zip: '10119', country: 'DE' },
  items: [
    { id: 1, sku: 'TOTE-NAVY', name: 'Tote bag', qty: 2, price: '14.90' },
    { id: 2, sku: '', name: 'Hand-written card', qty: 1, price: '10.00' },
  ],
  ...over,
});

