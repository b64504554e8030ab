/**
 * @module The 855 purchase-order acknowledgment: per line (PO1 with its ACK segments) accepted,
 * backordered, rejected, or accepted at another quantity, as canonical supplier-order events.
 *
 * ACK01 codes: IA accepted, IC accepted with changes, IP price changed, DR date rescheduled, IS
 * substituted (all accepted); IB backordered, IH on hold (backordered); IR, ID, R1–R8 rejected or
 * deleted; IQ quantity changed (ACK02 accepted, the rest given back). A line without ACK follows the
 * header's BAK02 (RJ/RD rejected, anything else accepted).
 *
 * When a backordered line's stock is expected: the ACK's own date (ACK04 qualifier, ACK05 date), else the
 * line's schedule (SCH05/SCH06) or DTM. The backorder event carries the latest of its lines' dates, and
 * none when any line has none (nobody can then say when the order will be whole).
 */
import type { InboundEvent } from '../sdk/inbound.ts';
import { latestOfAll } from '../model/time.ts';
import { ValidationError } from '../sdk/errors.ts';
import { quantityOf, skuOf, type ReadContext, type ReadResult } from './read-context.ts';
import { el, type Segment, type TransactionSet } from './x12.ts';

const BACKORDERED = new Set(['IB', 'IH']);
const REJECTED = new Set(['IR', 'ID', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8']);
const HEADER_REJECTED = new Set(['RJ', 'RD']);

type Line = { lineId?: string; sku: string; quantity: number };

/**
 * Date/time qualifiers (X12 element 374) that say when goods will ship or arrive: 017 estimated delivery,
 * 067/068 current schedule delivery/ship, 069 promised for delivery, 070 scheduled for delivery, 079
 * promised for shipment, 080 scheduled for shipment.
 */
const EXPECTED_QUALIFIERS = new Set(['017', '067', '068', '069', '070', '079', '080']);

/** CCYYMMDD (or the older YYMMDD) as midnight UTC, when `qualifier` is one that says when stock comes. */
function expectedDate(qualifier: string | undefined, date: string | undefined): number | undefined {
  if (!qualifier || !EXPECTED_QUALIFIERS.has(qualifier) || !date || !/^(\d{6}|\d{8})$/.test(date)) return undefined;
  const full = date.length === 6 ? `20${date}` : date;
  const at = Date.UTC(Number(full.slice(0, 4)), Number(full.slice(4, 6)) - 1, Number(full.slice(6, 8)));
  return Number.isNaN(at) ? undefined : at;
}

/** The line loop's own schedule: the first SCH or DTM date that says when stock comes. */
function scheduledDate(segments: Segment[]): number | undefined {
  for (const seg of segments) {
    const at =
      seg[0] === 'SCH' ? (expectedDate(el(seg, 5), el(seg, 6)) ?? expectedDate(el(seg, 8), el(seg, 9))) : seg[0] === 'DTM' ? expectedDate(el(seg, 1), el(seg, 2)) : undefined;
    if (at !== undefined) return at;
  }
  return undefined;
}

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

  /** Per backordered line, when its stock is expected (undefined: the supplier didn't say). */
  const backorderDates: (number | undefined)[] = [];

  let current: { seg: Segment; acks: Segment[]; dated: Segment[] } | undefined;
  const loops: { seg: Segment; acks: Segment[]; dated: Segment[] }[] = [];
  for (const seg of set.body) {
    if (seg[0] === 'PO1') loops.push((current = { seg, acks: [], dated: [] }));
    else if (seg[0] === 'ACK' && current) current.acks.push(seg);
    else if ((seg[0] === 'SCH' || seg[0] === 'DTM') && current) current.dated.push(seg);
    else if (seg[0] === 'CTT') current = undefined;
  }

  for (const { seg, acks, dated } of loops) {
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
      } else if (BACKORDERED.has(code)) {
        backordered.push(line(qty));
        backorderDates.push(expectedDate(el(ack, 4), el(ack, 5)) ?? scheduledDate(dated));
      }
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
  if (backordered.length) {
    const expectedAt = latestOfAll(backorderDates);
    events.push({ type: 'supplier_order.backordered', data: { supplierId, supplierOrderId: po, lines: backordered, ...(expectedAt ? { expectedAt } : {}) }, ref });
  }
  if (rejected.length) events.push({ type: 'supplier_order.rejected', data: { supplierId, supplierOrderId: po, reason: `855: ${reasons.join('; ') || 'rejected'}`, lines: rejected }, ref });
  return { po, events };
}
