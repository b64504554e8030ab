/**
 * @module The facts flows look up, answered from the hub's storage and services: supplier terms (from the
 * agreements), reported stock, the catalog mapping, the customer's recent orders (fraud velocity), and the
 * shipping address's validation.
 */
import Big from 'big.js';
import { and, eq, gte, ne } from 'drizzle-orm';
import { checkAddress } from '@dropline/connectors';
import type { Address } from '@dropline/connectors/model';
import type { AddressCheck, FactProvider, RecentOrders, RecentOrdersQuery, RoutingCandidate, SupplierTerms } from '@dropline/rules';
import type { Database } from '../db/database.ts';
import type { SupplierFacts } from '../suppliers/supplier-facts.ts';
import type { Repositories } from '../workflow/repositories.ts';
import type { AddressChecks } from './address-check.ts';

/**
 * `simulation`: for simulate and replay, which promise to change nothing. A stored order's address check is
 * read if it exists; otherwise only the offline check runs (no paid call to an address service, nothing kept).
 */
export function hubFactProvider(deps: { db: Database; repos: Repositories; supplierFacts: SupplierFacts; addressChecks: AddressChecks; simulation?: boolean }): FactProvider {
  const { db, repos } = deps;
  return {
    async supplierTerms(supplierId): Promise<SupplierTerms | undefined> {
      const f = await deps.supplierFacts.forSupplier(supplierId).catch(() => undefined);
      if (!f) return undefined;
      return {
        leadTimeDays: f.leadTimeDays,
        ...(f.region ? { region: f.region } : {}),
        cutoff: { time: f.cutoff, timeZone: f.timeZone },
        ...(f.capacityLeftToday !== null ? { capacityLeft: f.capacityLeftToday } : {}),
      };
    },
    async supplierStock(supplierId, sku) {
      // `sku` is the store's SKU (the line's); suppliers report stock under their own SKUs: go through the mapping.
      const item = (await repos.catalog.candidates(db.q, [sku])).find((c) => c.supplierId === supplierId);
      return item?.stock ?? null;
    },
    async catalogCandidates(sku): Promise<RoutingCandidate[]> {
      return repos.catalog.candidates(db.q, [sku]);
    },
    async recentOrders(q: RecentOrdersQuery): Promise<RecentOrders> {
      const t = db.t.orders;
      const column = q.by === 'email' ? t.customerEmail : q.by === 'ip' ? t.clientIp : t.shipToKey;
      const since = Date.parse(q.now) - q.windowHours * 3_600_000;
      const rows = await db.q
        .select({ total: t.total, currency: t.currency })
        .from(t)
        .where(and(eq(column, q.key), gte(t.placedAt, since), ne(t.id, q.excludeOrderId)));
      const total = rows.filter((r) => r.currency === q.currency).reduce((sum, r) => sum.plus(r.total), new Big(0));
      return { count: rows.length, total: total.toString() };
    },
    async validateAddress(address: Address, context): Promise<AddressCheck | undefined> {
      // A stored order is checked once and the result kept; a pasted one is checked without keeping.
      const check = deps.simulation
        ? ((await deps.addressChecks.stored(context.orderId)) ?? { ...checkAddress(address), checkedBy: 'offline' })
        : ((await deps.addressChecks.forOrder(context.orderId)) ?? (await deps.addressChecks.check(address, context.orderId)));
      return check ? { verdict: check.verdict, ...(check.corrected ? { corrected: check.corrected } : {}) } : undefined;
    },
  };
}
