/**
 * @module What the mapping leaves out: store SKUs no supplier carries (they can't be routed or stocked),
 * and supplier items that reach no store SKU (mapped to a SKU no store lists, or reported in a stock
 * feed but never mapped).
 */
import { and, count, eq, notExists, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database.ts';

export interface UnmatchedReport {
  storeSkus: { total: number; items: { storeId: string; sku: string; title: string | null; barcode: string | null }[] };
  supplierItems: {
    total: number;
    items: { supplierId: string; supplierSku: string; sku: string | null; reason: 'store_sku_unknown' | 'not_mapped' }[];
  };
}

export async function unmatchedReport(db: Database, filter: { storeId?: string; supplierId?: string; limit: number }): Promise<UnmatchedReport> {
  const { storeProducts: p, catalogItems: c, supplierStock: s } = db.t;
  const q = db.q;
  const storeWhere = and(
    filter.storeId ? eq(p.storeId, filter.storeId) : undefined,
    notExists(q.select({ one: c.sku }).from(c).where(eq(c.sku, p.sku))),
  );
  const [storeTotal] = await q.select({ n: count() }).from(p).where(storeWhere);
  const storeItems = await q
    .select({ storeId: p.storeId, sku: p.sku, title: p.title, barcode: p.barcode })
    .from(p)
    .where(storeWhere)
    .orderBy(p.storeId, p.sku)
    .limit(filter.limit);

  const mappedWhere: SQL | undefined = and(
    filter.supplierId ? eq(c.supplierId, filter.supplierId) : undefined,
    notExists(q.select({ one: p.sku }).from(p).where(eq(p.sku, c.sku))),
  );
  const unmappedWhere: SQL | undefined = and(
    filter.supplierId ? eq(s.supplierId, filter.supplierId) : undefined,
    notExists(q.select({ one: c.sku }).from(c).where(and(eq(c.supplierId, s.supplierId), eq(c.supplierSku, s.supplierSku)))),
  );
  const [mappedTotal] = await q.select({ n: count() }).from(c).where(mappedWhere);
  const [unmappedTotal] = await q.select({ n: count() }).from(s).where(unmappedWhere);
  const mapped = await q.select({ supplierId: c.supplierId, supplierSku: c.supplierSku, sku: c.sku }).from(c).where(mappedWhere).orderBy(c.supplierId, c.supplierSku).limit(filter.limit);
  const unmapped = await q
    .select({ supplierId: s.supplierId, supplierSku: s.supplierSku })
    .from(s)
    .where(unmappedWhere)
    .orderBy(s.supplierId, s.supplierSku)
    .limit(Math.max(0, filter.limit - mapped.length));
  return {
    storeSkus: { total: Number(storeTotal?.n ?? 0), items: storeItems },
    supplierItems: {
      total: Number(mappedTotal?.n ?? 0) + Number(unmappedTotal?.n ?? 0),
      items: [
        ...mapped.map((m) => ({ ...m, reason: 'store_sku_unknown' as const })),
        ...unmapped.map((u) => ({ ...u, sku: null, reason: 'not_mapped' as const })),
      ],
    },
  };
}
