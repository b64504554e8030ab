/**
 * @module The 846 inventory inquiry/advice, as `inventory.updated`: one item per LIN (the supplier's
 * part number), its quantity from QTY 33 (available for sale), else QTY 17 (on hand), else the first QTY.
 */
import { quantityOf, skuOf, type ReadContext, type ReadResult } from './read-context.ts';
import { el, type TransactionSet } from './x12.ts';

const PREFERRED_QTY = ['33', '17'];

export function read846(set: TransactionSet, ctx: ReadContext): ReadResult {
  const items: { sku: string; quantity: number }[] = [];
  let current: { sku: string; qty: Map<string, number> } | undefined;
  const flush = () => {
    if (!current) return;
    const q = PREFERRED_QTY.map((k) => current!.qty.get(k)).find((v) => v !== undefined) ?? current.qty.values().next().value;
    if (q !== undefined) items.push({ sku: current.sku, quantity: q });
    current = undefined;
  };
  for (const seg of set.body) {
    if (seg[0] === 'LIN') {
      flush();
      const sku = skuOf(seg, 2);
      if (sku) current = { sku, qty: new Map() };
    } else if (seg[0] === 'QTY' && current) {
      const code = el(seg, 1);
      const n = quantityOf(el(seg, 2));
      if (code && n !== undefined && !current.qty.has(code)) current.qty.set(code, n);
    }
  }
  flush();
  return { events: items.length ? [{ type: 'inventory.updated', data: { supplierId: ctx.supplierId, items, full: ctx.inventoryFull } }] : [] };
}
