/**
 * @module The 810 invoice, as `invoice.received`: BIG02 invoice number, BIG04 our PO number, TDS01 the
 * total (implied two decimals, so "16000" is 160.00), CUR02 the currency, IT1 lines.
 */
import Big from 'big.js';
import { ValidationError } from '../sdk/errors.ts';
import { quantityOf, skuOf, x12Date, type ReadContext, type ReadResult } from './read-context.ts';
import { el, type TransactionSet } from './x12.ts';

export function read810(set: TransactionSet, ctx: ReadContext): ReadResult {
  const big = set.body.find((s) => s[0] === 'BIG');
  const invoiceNumber = el(big, 2);
  const po = el(big, 4) ?? el(set.body.find((s) => s[0] === 'PRF'), 1);
  if (!invoiceNumber || !po) throw new ValidationError('810 without BIG02 (invoice number) or BIG04 (PO number)', [{ field: invoiceNumber ? 'BIG04' : 'BIG02', message: 'required' }], 'x12_invalid', 422);
  const currency = el(set.body.find((s) => s[0] === 'CUR'), 2) ?? ctx.currency;
  const tds = el(set.body.find((s) => s[0] === 'TDS'), 1);
  const lines = set.body
    .filter((s) => s[0] === 'IT1')
    .map((s) => {
      const sku = skuOf(s, 6) ?? '';
      const lineId = ctx.lineIdFor(po, el(s, 1));
      const unitPrice = el(s, 4);
      return { ...(lineId ? { lineId } : {}), sku, quantity: quantityOf(el(s, 2)) ?? 0, ...(unitPrice && /^\d+(\.\d+)?$/.test(unitPrice) ? { unitPrice } : {}) };
    });
  // TDS01 is N2: an integer of cents. A sender that writes a decimal point means it literally.
  const amount = tds
    ? tds.includes('.')
      ? new Big(tds).toFixed(2)
      : new Big(tds).div(100).toFixed(2)
    : lines.reduce((sum, l) => sum.plus(new Big(l.unitPrice ?? 0).times(l.quantity)), new Big(0)).toFixed(2);
  return {
    po,
    events: [
      {
        type: 'invoice.received',
        occurredAt: x12Date(el(big, 1)),
        data: { supplierId: ctx.supplierId, supplierOrderId: po, invoiceNumber, invoicedAt: x12Date(el(big, 1)), amount, currency, lines },
        ref: { supplierOrderId: po },
      },
    ],
  };
}
