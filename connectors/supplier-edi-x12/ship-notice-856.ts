/**
 * @module The 856 ship notice: shipment (S), order (O), pack (P) and item (I) levels, read into one
 * `shipment.created` per purchase order and tracking number.
 *
 * Carrier: TD503 when TD502 is 2 (a SCAC), named as carriers are elsewhere in Dropline (UPSN → UPS).
 * Tracking: the pack's MAN*CP or REF*CN/2I when packs carry their own, else the shipment's REF*CN/2I,
 * else its bill of lading (REF*BM), else BSN02. PO: PRF01 at the order level.
 */
import type { InboundEvent } from '../sdk/inbound.ts';
import { ValidationError } from '../sdk/errors.ts';
import { quantityOf, skuOf, x12Date, type ReadContext, type ReadResult } from './read-context.ts';
import { el, type TransactionSet } from './x12.ts';

/** Common SCACs of parcel carriers, to the names their tracking connectors use. */
export const SCAC_CARRIERS: Record<string, string> = {
  UPSN: 'UPS',
  UPSS: 'UPS',
  UPGF: 'UPS',
  FDEG: 'FedEx',
  FDEN: 'FedEx',
  FDXG: 'FedEx',
  FXFE: 'FedEx',
  USPS: 'USPS',
  DHLC: 'DHL',
  DHLE: 'DHL',
  ONTR: 'OnTrac',
  LSOM: 'LSO',
};

export function read856(set: TransactionSet, ctx: ReadContext): ReadResult & { pos: string[] } {
  const bsn = set.body.find((s) => s[0] === 'BSN');
  const shipmentId = el(bsn, 2);
  let scac: string | undefined;
  let service: string | undefined;
  let shipTracking: string | undefined;
  let billOfLading: string | undefined;
  let shippedAt = x12Date(el(bsn, 3), el(bsn, 4));
  let level = '';
  let po: string | undefined;
  let packTracking: string | undefined;
  let item: { assigned?: string; sku?: string } | undefined;
  const shipments = new Map<string, { po: string; tracking: () => string; lines: { lineId?: string; sku: string; quantity: number }[] }>();
  const pending: { po: string; packTracking?: string; assigned?: string; sku: string; quantity: number }[] = [];

  for (const seg of set.body) {
    switch (seg[0]) {
      case 'HL':
        level = el(seg, 3) ?? '';
        if (level === 'O') po = undefined;
        if (level === 'P' || level === 'T' || level === 'O') packTracking = undefined;
        item = level === 'I' ? {} : undefined;
        break;
      case 'TD5':
        if (el(seg, 2) === '2' && el(seg, 3)) scac = el(seg, 3);
        service = el(seg, 5) ?? service;
        break;
      case 'REF':
        if (el(seg, 1) === 'CN' || el(seg, 1) === '2I') {
          if (level === 'S') shipTracking = el(seg, 2);
          else packTracking = el(seg, 2);
        } else if (el(seg, 1) === 'BM' && level === 'S') billOfLading = el(seg, 2);
        break;
      case 'MAN':
        if (el(seg, 1) === 'CP') packTracking = el(seg, 2);
        break;
      case 'DTM':
        if (el(seg, 1) === '011' && level === 'S') shippedAt = x12Date(el(seg, 2), el(seg, 3)) ?? shippedAt;
        break;
      case 'PRF':
        po = el(seg, 1);
        break;
      case 'LIN':
        if (item) Object.assign(item, { assigned: el(seg, 1), sku: skuOf(seg, 2) });
        break;
      case 'SN1': {
        const qty = quantityOf(el(seg, 2));
        if (!item?.sku || qty === undefined) break;
        if (!po) throw new ValidationError('856 item outside an order level with a PRF (PO number)', [{ field: 'PRF01', message: 'required' }], 'x12_invalid', 422);
        pending.push({ po, packTracking, assigned: item.assigned ?? el(seg, 1), sku: item.sku, quantity: qty });
        break;
      }
    }
  }

  const tracking = (pack?: string) => pack ?? shipTracking ?? billOfLading ?? shipmentId;
  for (const p of pending) {
    const number = tracking(p.packTracking);
    if (!number) throw new ValidationError('856 has no tracking number, bill of lading or shipment id', [{ field: 'REF02', message: 'required' }], 'x12_invalid', 422);
    const key = `${p.po}#${number}`;
    const s = shipments.get(key) ?? { po: p.po, tracking: () => number, lines: [] };
    const lineId = ctx.lineIdFor(p.po, p.assigned);
    s.lines.push({ ...(lineId ? { lineId } : {}), sku: p.sku, quantity: p.quantity });
    shipments.set(key, s);
  }
  const carrier = scac ? (SCAC_CARRIERS[scac] ?? scac) : 'unknown';
  const events: InboundEvent[] = [...shipments.values()].map((s) => ({
    type: 'shipment.created',
    occurredAt: shippedAt,
    data: { supplierId: ctx.supplierId, supplierOrderId: s.po, carrier, service, trackingNumber: s.tracking(), lines: s.lines, shippedAt },
    ref: { supplierOrderId: s.po },
  }));
  const pos = [...new Set(pending.map((p) => p.po))];
  return { po: pos[0], pos, events };
}
