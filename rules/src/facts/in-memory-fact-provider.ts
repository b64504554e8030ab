/**
 * @module A {@link FactProvider} over plain data, for tests, simulations and the benchmark. It also counts
 * calls, so tests can check that lookups happen once per run and only when needed.
 */
import { money, type Address, type Money } from '@dropline/connectors/model';
import type { RoutingCandidate } from '../routing/routing-types.ts';
import { velocityKey, type AddressCheck, type FactProvider, type RecentOrders, type RecentOrdersQuery, type SupplierTerms, type VelocityKey } from './fact-provider.ts';

/** An earlier order, as the velocity check sees it. */
export interface PastOrder {
  orderId: string;
  placedAt: string;
  total: Money;
  currency: string;
  email?: string;
  shippingAddress?: Address;
  clientIp?: string;
}

export interface InMemoryFacts {
  terms?: Record<string, SupplierTerms>;
  /** `stock[supplierId][sku]`. */
  stock?: Record<string, Record<string, number | null>>;
  /** `catalog[sku]`: candidates for lines the input gave none for. */
  catalog?: Record<string, RoutingCandidate[]>;
  pastOrders?: PastOrder[];
  /** Verdict per `line1` of the address (lower case), or one function for all. */
  addresses?: Record<string, AddressCheck> | ((address: Address) => AddressCheck | undefined);
}

export interface InMemoryFactProvider extends FactProvider {
  /** Calls per method since creation. */
  readonly calls: Record<keyof FactProvider, number>;
}

export function createInMemoryFactProvider(data: InMemoryFacts = {}): InMemoryFactProvider {
  const calls = { supplierTerms: 0, supplierStock: 0, catalogCandidates: 0, recentOrders: 0, validateAddress: 0 };
  return {
    calls,
    async supplierTerms(supplierId) {
      calls.supplierTerms++;
      return data.terms?.[supplierId];
    },
    async supplierStock(supplierId, sku) {
      calls.supplierStock++;
      return data.stock?.[supplierId]?.[sku] ?? null;
    },
    async catalogCandidates(sku) {
      calls.catalogCandidates++;
      return data.catalog?.[sku] ?? [];
    },
    async recentOrders(q: RecentOrdersQuery): Promise<RecentOrders> {
      calls.recentOrders++;
      const now = Date.parse(q.now);
      const since = now - q.windowHours * 3_600_000;
      let count = 0;
      let total = '0';
      for (const o of data.pastOrders ?? []) {
        if (o.orderId === q.excludeOrderId) continue;
        const at = Date.parse(o.placedAt);
        if (at < since || at > now) continue;
        const key = velocityKey(q.by as VelocityKey, { customer: { email: o.email }, shippingAddress: o.shippingAddress, clientIp: o.clientIp });
        if (key !== q.key) continue;
        count++;
        if (o.currency === q.currency) total = money.add(total, o.total);
      }
      return { count, total: money.toCurrencyPrecision(total, q.currency) };
    },
    async validateAddress(address) {
      calls.validateAddress++;
      const a = data.addresses;
      if (typeof a === 'function') return a(address);
      return a?.[address.line1.trim().toLowerCase()];
    },
  };
}
