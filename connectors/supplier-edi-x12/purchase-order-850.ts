/**
 * @module The 850 purchase order we send: one per supplier order, BEG03 = our PO number (the idempotency
 * key the supplier dedupes on), one PO1 per line with the supplier's part number (VP) and our SKU (BP).
 */
import type { PlaceOrderInput } from '../sdk/actions.ts';
import { clean, type Segment } from './x12.ts';

export function purchaseOrder850(input: PlaceOrderInput, options: { purpose: 'DS' | 'SA' }): Segment[] {
  const { order } = input;
  const date = order.placedAt.slice(0, 10).replaceAll('-', '');
  const body: Segment[] = [
    // BEG02: DS drop ship (ship to the consumer), SA stand-alone.
    ['BEG', '00', options.purpose, clean(input.supplierOrderId, 22), '', date],
    ['CUR', 'BY', order.currency],
    ['REF', 'CO', clean(order.number, 30)],
  ];
  if (order.shippingMethod) body.push(['TD5', '', '', '', '', clean(order.shippingMethod, 35)]);
  const ship = order.shippingAddress;
  const name = ship?.name ?? [order.customer.firstName, order.customer.lastName].filter(Boolean).join(' ');
  if (ship) {
    body.push(['N1', 'ST', clean(name || ship.company, 60)]);
    if (ship.company && name) body.push(['N2', clean(ship.company, 60)]);
    body.push(ship.line2 ? ['N3', clean(ship.line1, 55), clean(ship.line2, 55)] : ['N3', clean(ship.line1, 55)]);
    body.push(['N4', clean(ship.city, 30), clean(ship.region, 2), clean(ship.postalCode, 15), ship.country]);
    const phone = ship.phone ?? order.customer.phone;
    const email = order.customer.email;
    if (phone || email) body.push(['PER', 'IC', clean(name, 60), ...(phone ? ['TE', clean(phone, 80)] : []), ...(email ? ['EM', clean(email, 80)] : [])]);
  }
  input.lines.forEach((line, i) => {
    const price = line.unitCost ? [line.unitCost, 'PE'] : ['', ''];
    body.push(['PO1', String(i + 1), String(line.quantity), 'EA', ...price, 'VP', clean(line.supplierSku, 48), ...(line.sku ? ['BP', clean(line.sku, 48)] : [])]);
    body.push(['PID', 'F', '', '', '', clean(line.title, 80)]);
  });
  body.push(['CTT', String(input.lines.length), String(input.lines.reduce((n, l) => n + l.quantity, 0))]);
  return trimTrailingEmpty(body);
}

/** Trailing empty elements are left out, as X12 requires. */
export function trimTrailingEmpty(segments: Segment[]): Segment[] {
  return segments.map((s) => {
    let end = s.length;
    while (end > 1 && s[end - 1] === '') end--;
    return s.slice(0, end);
  });
}
