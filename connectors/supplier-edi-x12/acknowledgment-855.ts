/**
 * @module The 855 purchase-order acknowledgment: per line (PO1 with its ACK segments) accepted,
 * backordered, rejected, or accepted at another quantity, as canonical supplier-order events.
 *
 * ACK01 codes: IA accepted, IC accepted with changes, IP price changed, DR date rescheduled, IS
 * substituted (all accepted); IB backordered, IH on hold (backordered); IR, ID, R1–R8 rejected or
 * deleted; IQ quantity changed (ACK02 accepted, the rest given back). A line without ACK follows the
 * header's BAK02 (RJ/RD rejected, anything else accepted).
 */
import type { InboundEvent } from '../sdk/inbound.ts';
import { ValidationError } from '../sdk/errors.ts';
import { quantityOf, skuOf, type ReadContext, type ReadResult } from './read-context.ts';
import { el, type Segment, type TransactionSet } from './x12.ts';

const BACKORDERED = new Set(['IB', 'IH']);
const REJECTED = new Set(['IR', 'ID', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8']);
const HEADER_REJECTED = new Set(['RJ', 'RD']);

type Line = { lineId?: string; sku: string; quantity: number };

export function read855(set: TransactionSet, ctx: ReadContext): ReadResult {
  const bak = set.body.find((s) => s[0] === 'BAK');
  const po = el(bak, 3);
  if (!bak || !po) throw new ValidationError('855 without BAK03 (the PO number)', [{ field: 'BAK03', message: 'required' }], 'x12_invalid', 422);
  const headerType = el(bak, 2) ?? 'AD';
  const externalId = el(bak, 8);
  const accepted: Line[] = [];
  const backordered: Line[] = [];
  const rejected: Line[] = [];
  const reasons: string[] = [];

  let current: { seg: Segment; acks: Segment[] } | undefined;
  const loops: { seg: Segment; acks: Segment[] }[] = [];
  for (const seg of set.body) {
    if (seg[0] === 'PO1') loops.push((current = { seg, acks: [] }));
    else if (seg[0] === 'ACK' && current) current.acks.push(seg);
    else if (seg[0] === 'CTT') current = undefined;
  }

  for (const { seg, acks } of loops) {
    const ordered = quantityOf(el(seg, 2)) ?? 0;
    const sku = skuOf(seg, 6);
    if (!sku) throw new ValidationError(`855 line ${el(seg, 1) ?? '?'} names no product`, [{ field: 'PO107', message: 'required' }], 'x12_invalid', 422);
    const lineId = ctx.lineIdFor(po, el(seg, 1));
    const line = (quantity: number): Line => ({ ...(lineId ? { lineId } : {}), sku, quantity });
    if (acks.length === 0) {
      (HEADER_REJECTED.has(headerType) ? rejected : accepted).push(line(ordered));
      continue;
    }
    for (const ack of acks) {
      const code = el(ack, 1) ?? 'IA';
      const given = quantityOf(el(ack, 2));
      const qty = given && given > 0 ? given : ordered;
      if (code === 'IQ') {
        const kept = Math.min(given ?? ordered, ordered);
        if (kept > 0) accepted.push(line(kept));
        if (ordered - kept > 0) {
          rejected.push(line(ordered - kept));
          reasons.push(`${sku}: quantity changed from ${ordered} to ${kept}`);
        }
      } else if (BACKORDERED.has(code)) backordered.push(line(qty));
      else if (REJECTED.has(code)) {
        rejected.push(line(qty));
        reasons.push(`${sku}: ${code}`);
      } else accepted.push(line(qty));
    }
  }

  const supplierId = ctx.supplierId;
  const ref = { supplierOrderId: po };
  const events: InboundEvent[] = [];
  if (loops.length === 0) {
    events.push(
      HEADER_REJECTED.has(headerType)
        ? { type: 'supplier_order.rejected', data: { supplierId, supplierOrderId: po, reason: `855 ${headerType}: the supplier rejected the order` }, ref }
        : { type: 'supplier_order.acknowledged', data: { supplierId, supplierOrderId: po, externalId }, ref },
    );
    return { po, events };
  }
  if (accepted.length) events.push({ type: 'supplier_order.acknowledged', data: { supplierId, supplierOrderId: po, externalId, lines: accepted }, ref });
  if (backordered.length) events.push({ type: 'supplier_order.backordered', data: { supplierId, supplierOrderId: po, lines: backordered }, ref });
  if (rejected.length) events.push({ type: 'supplier_order.rejected', data: { supplierId, supplierOrderId: po, reason: `855: ${reasons.join('; ') || 'rejected'}`, lines: rejected }, ref });
  return { po, events };
}
