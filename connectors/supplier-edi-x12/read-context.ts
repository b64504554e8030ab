/** @module What the readers of inbound transaction sets need to know beyond the segments. */
import type { InboundEvent } from '../sdk/inbound.ts';
import { idPairs, type Segment } from './x12.ts';

export interface ReadContext {
  supplierId: string;
  /** Currency when a document names none (CUR). */
  currency: string;
  /** Whether an 846 lists everything the supplier carries. */
  inventoryFull: boolean;
  /** Our line id for a PO line number (PO101 as we sent it), from what the 850 recorded. */
  lineIdFor(po: string, assignedId: string | undefined): string | undefined;
}

export interface ReadResult {
  /** The purchase order the set is about, when it is about one. */
  po?: string;
  events: InboundEvent[];
}

/**
 * Product ids in the order we trust them to name the supplier's item: the vendor's part number (what
 * our 850 sends as VP), the buyer's (our SKU, BP), then the generic ones.
 */
const SKU_QUALIFIERS = ['VP', 'VN', 'BP', 'SK', 'IN', 'UP', 'EN', 'UK', 'UA'];

export function skuOf(seg: Segment, from: number): string | undefined {
  const ids = idPairs(seg, from);
  for (const q of SKU_QUALIFIERS) if (ids.has(q)) return ids.get(q);
  return ids.values().next().value;
}

/** CCYYMMDD (and optional HHMM) as a UTC timestamp. */
export function x12Date(date: string | undefined, time?: string): string | undefined {
  if (!date || !/^\d{8}$/.test(date)) return undefined;
  const t = time && /^\d{4}/.test(time) ? `${time.slice(0, 2)}:${time.slice(2, 4)}` : '00:00';
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${t}:00.000Z`;
}

export function quantityOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined;
}
