/**
 * @module The fields of a purchase-order line that a file format can put in a column: one flat record
 * per line, the order's fields repeated on each (the way suppliers' order CSVs are laid out).
 */
import type { PlaceOrderInput } from '../sdk/actions.ts';

export const ORDER_FIELDS = [
  'po',
  'orderNumber',
  'orderId',
  'placedAt',
  'placedDate',
  'currency',
  'lineNumber',
  'lineId',
  'sku',
  'supplierSku',
  'title',
  'quantity',
  'unitCost',
  'shipName',
  'shipCompany',
  'shipAddress1',
  'shipAddress2',
  'shipCity',
  'shipRegion',
  'shipPostalCode',
  'shipCountry',
  'shipPhone',
  'email',
  'customerName',
  'shippingMethod',
  'note',
] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];

/** One record per line, every field a string ('' when the order doesn't have it). */
export function orderLineRecords(input: PlaceOrderInput): Record<OrderField, string>[] {
  const { order } = input;
  const ship = order.shippingAddress;
  const customerName = [order.customer.firstName, order.customer.lastName].filter(Boolean).join(' ');
  return input.lines.map((line, i) => ({
    po: input.supplierOrderId,
    orderNumber: order.number,
    orderId: order.id,
    placedAt: order.placedAt,
    placedDate: order.placedAt.slice(0, 10),
    currency: order.currency,
    lineNumber: String(i + 1),
    lineId: line.lineId,
    sku: line.sku ?? '',
    supplierSku: line.supplierSku,
    title: line.title,
    quantity: String(line.quantity),
    unitCost: line.unitCost ?? '',
    shipName: ship?.name ?? customerName,
    shipCompany: ship?.company ?? '',
    shipAddress1: ship?.line1 ?? '',
    shipAddress2: ship?.line2 ?? '',
    shipCity: ship?.city ?? '',
    shipRegion: ship?.region ?? '',
    shipPostalCode: ship?.postalCode ?? '',
    shipCountry: ship?.country ?? '',
    shipPhone: ship?.phone ?? order.customer.phone ?? '',
    email: order.customer.email ?? '',
    customerName,
    shippingMethod: order.shippingMethod ?? '',
    note: order.note ?? '',
  }));
}

/** A file name from a template with `{po}` (required) and `{orderNumber}`, safe on any file system. */
export function fileNameFor(template: string, input: Pick<PlaceOrderInput, 'supplierOrderId' | 'order'>): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
  return template.replaceAll('{po}', safe(input.supplierOrderId)).replaceAll('{orderNumber}', safe(input.order.number));
}
