/**
 * @module How many orders a supplier took today against its agreed daily capacity (with peak-season
 * overrides), so routing can spill over to the next supplier once one is full.
 *
 * "Today" is the calendar day in the agreement's cut-off time zone. Supplier orders count from their
 * creation (the routing decision), so two orders routed in the same second both see the first one;
 * orders the supplier rejected or that were cancelled don't count.
 */
import { and, count, eq, gte, notInArray } from 'drizzle-orm';
import type { Database, Queryable } from '../db/database.ts';
import type { AgreementTerms } from './agreement-terms.ts';
import type { AgreementRepository } from './agreement-repository.ts';
import { localDate, startOfLocalDay } from './zoned-time.ts';

export interface CapacityToday {
  supplierId: string;
  /** Local date the count is for. */
  day: string;
  /** Orders a day under the agreement, or null when it sets no limit. */
  limit: number | null;
  /** True when a peak-season override set the limit. */
  peak: boolean;
  placed: number;
  /** Orders it can still take today; null when unlimited. */
  left: number | null;
}

/** The limit on local date `day` (YYYY-MM-DD): the first override whose range covers it, else the base. */
export function capacityLimit(terms: AgreementTerms, day: string): { limit: number | null; peak: boolean } {
  if (!terms.capacity) return { limit: null, peak: false };
  const override = terms.capacity.peakOverrides.find((o) => o.from <= day && day <= o.to);
  return override ? { limit: override.ordersPerDay, peak: true } : { limit: terms.capacity.ordersPerDay, peak: false };
}

export class SupplierCapacity {
  constructor(
    private readonly db: Database,
    private readonly agreements: AgreementRepository,
  ) {}

  async today(tx: Queryable, supplierId: string, now = Date.now(), terms?: AgreementTerms): Promise<CapacityToday> {
    const t = terms ?? (await this.agreements.terms(tx, supplierId));
    const zone = t.cutoff.timeZone;
    const day = localDate(now, zone);
    const { limit, peak } = capacityLimit(t, day);
    const so = this.db.t.supplierOrders;
    const [row] = await tx
      .select({ n: count() })
      .from(so)
      .where(and(eq(so.supplierId, supplierId), gte(so.createdAt, startOfLocalDay(now, zone)), notInArray(so.status, ['rejected', 'cancelled'])));
    const placed = Number(row?.n ?? 0);
    return { supplierId, day, limit, peak, placed, left: limit === null ? null : Math.max(0, limit - placed) };
  }

  async forSuppliers(tx: Queryable, supplierIds: Iterable<string>, now = Date.now()): Promise<Map<string, CapacityToday>> {
    const out = new Map<string, CapacityToday>();
    for (const id of new Set(supplierIds)) out.set(id, await this.today(tx, id, now));
    return out;
  }
}
