/**
 * @module Per-line bookkeeping on a supplier order: how much the supplier released (backordered, rejected,
 * cancelled) and how much it shipped. Suppliers name lines by our line id, their SKU or ours; all three match.
 */
import type { SupplierOrderLine } from './supplier-order-repository.ts';

export interface TrackedLine extends SupplierOrderLine {
  /** Quantity the supplier gave back; it goes back to routing. */
  released?: number;
  shipped?: number;
}

export interface LineRef {
  lineId?: string;
  sku: string | null;
  quantity: number;
}

export function findLine(lines: TrackedLine[], ref: LineRef): TrackedLine | undefined {
  return (
    (ref.lineId ? lines.find((l) => l.lineId === ref.lineId) : undefined) ??
    lines.find((l) => ref.sku !== null && l.supplierSku === ref.sku) ??
    lines.find((l) => ref.sku !== null && l.sku === ref.sku)
  );
}

/** Releases the given quantities (all of every line when `refs` is empty). */
export function releaseLines(lines: TrackedLine[], refs: LineRef[] | undefined): TrackedLine[] {
  const next = lines.map((l) => ({ ...l }));
  if (!refs || refs.length === 0) {
    for (const l of next) l.released = l.quantity - (l.shipped ?? 0);
    return next;
  }
  for (const ref of refs) {
    const line = findLine(next, ref);
    if (line) line.released = Math.min(line.quantity - (line.shipped ?? 0), (line.released ?? 0) + (ref.quantity || line.quantity));
  }
  return next;
}

/** Adds shipped quantities; a shipment that lists no lines ships everything still open. */
export function shipLines(lines: TrackedLine[], refs: LineRef[]): { lines: TrackedLine[]; shipped: LineRef[] } {
  const next = lines.map((l) => ({ ...l }));
  const shipped: LineRef[] = [];
  const items = refs.length ? refs : next.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: open(l) }));
  for (const ref of items) {
    const line = findLine(next, ref);
    if (!line) continue;
    const qty = Math.min(open(line), ref.quantity);
    if (qty <= 0) continue;
    line.shipped = (line.shipped ?? 0) + qty;
    shipped.push({ lineId: line.lineId, sku: line.sku, quantity: qty });
  }
  return { lines: next, shipped };
}

/** Quantity the supplier still owes on a line. */
export function open(line: TrackedLine): number {
  return line.quantity - (line.released ?? 0) - (line.shipped ?? 0);
}

/** Quantity the supplier holds or has shipped (everything not released). */
export function held(line: TrackedLine): number {
  return line.quantity - (line.released ?? 0);
}

export function allReleased(lines: TrackedLine[]): boolean {
  return lines.every((l) => held(l) === 0);
}

export function allShipped(lines: TrackedLine[]): boolean {
  return lines.every((l) => open(l) === 0) && lines.some((l) => (l.shipped ?? 0) > 0);
}
