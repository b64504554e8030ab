/**
 * @module Names for the lines an event mentions. Events name lines by the store's line id, the store's
 * SKU, or the supplier's own SKU (suppliers answer in theirs), so all three are looked up.
 */
import type { OrderDetail } from '$lib/api/types.ts';

export interface LineRef {
  lineId?: string;
  sku: string | null;
  supplierSku?: string;
}

export type LineTitle = (line: LineRef) => string;

export function lineTitles(order: OrderDetail): LineTitle {
  const titles = new Map<string, string>();
  for (const line of order.lines) {
    const title = line.variantTitle ? `${line.title} (${line.variantTitle})` : line.title;
    titles.set(`line:${line.lineId}`, title);
    if (line.sku) titles.set(`sku:${line.sku}`, title);
  }
  for (const po of order.supplierOrders) {
    for (const line of po.lines) {
      const title = titles.get(`line:${line.lineId}`) ?? line.title;
      titles.set(`sku:${line.supplierSku}`, title);
    }
  }
  return (line) =>
    (line.lineId && titles.get(`line:${line.lineId}`)) ||
    (line.sku && titles.get(`sku:${line.sku}`)) ||
    (line.supplierSku && titles.get(`sku:${line.supplierSku}`)) ||
    line.sku ||
    'a line without a SKU';
}
