/**
 * @module The lookups a flow may need beyond what the hub passes in: supplier terms and stock, the catalog
 * mapping, the customer's recent orders (fraud velocity) and address validation.
 *
 * The hub implements this over its storage and connectors; tests and simulations use
 * {@link createInMemoryFactProvider}. Every method is asynchronous and is called at most once per distinct
 * argument in one run (the runtime memoises), and only when a condition on the path, or an action, needs it.
 */
import type { Address, Money } from '@dropline/connectors/model';
import type { RoutingCandidate } from '../routing/routing-types.ts';
import type { Cutoff } from './fact-types.ts';

/** What a supplier agreement says, as far as routing cares. Every field is optional: unknown is unknown. */
export interface SupplierTerms {
  /** Days from order to delivery (processing plus transit): the supplier's speed. */
  leadTimeDays?: number;
  /** Where it ships from ("US-East"). */
  region?: string;
  cutoff?: Cutoff;
  /** Orders it can still take today by its agreement. */
  capacityLeft?: number;
}

export type VelocityKey = 'email' | 'shippingAddress' | 'ip';

export interface RecentOrdersQuery {
  by: VelocityKey;
  /** The customer's email, normalised address ("line1|postalCode|country", lower case) or IP. */
  key: string;
  windowHours: number;
  /** The order being decided, which must not count itself. */
  excludeOrderId: string;
  /** Sum `total` in this currency (orders in other currencies are counted, not summed). */
  currency: string;
  now: string;
}

export interface RecentOrders {
  count: number;
  total: Money;
}

export type AddressVerdict = 'deliverable' | 'corrected' | 'undeliverable';

export interface AddressCheck {
  verdict: AddressVerdict;
  /** The address as it should be written, when the service corrected it. */
  corrected?: Address;
}

export interface FactProvider {
  supplierTerms(supplierId: string): Promise<SupplierTerms | undefined>;
  /** A supplier's last reported stock of a store SKU (through the catalog mapping); null when never reported. */
  supplierStock(supplierId: string, sku: string): Promise<number | null>;
  /** The catalog mapping: suppliers that carry a store SKU. Used for lines the input gave no candidates for. */
  catalogCandidates(sku: string): Promise<RoutingCandidate[]>;
  recentOrders(query: RecentOrdersQuery): Promise<RecentOrders>;
  validateAddress(address: Address, context: { orderId: string }): Promise<AddressCheck | undefined>;
}

/** The key recent orders are counted by, or undefined when the order lacks it (no email, no address). */
export function velocityKey(
  by: VelocityKey,
  order: { customer?: { email?: string }; shippingAddress?: Address; clientIp?: string },
): string | undefined {
  switch (by) {
    case 'email':
      return order.customer?.email?.trim().toLowerCase() || undefined;
    case 'ip':
      return order.clientIp?.trim() || undefined;
    case 'shippingAddress': {
      const a = order.shippingAddress;
      if (!a) return undefined;
      return [a.line1, a.postalCode ?? '', a.country].map((p) => p.trim().toLowerCase().replace(/\s+/g, ' ')).join('|');
    }
  }
}
