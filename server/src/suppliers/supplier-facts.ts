/**
 * @module A supplier's terms as plain facts for routing rules: cost (after volume discounts), speed,
 * region, cut-off and time zone, and capacity left today. The rules engine reads these through its fact
 * provider; nothing here knows about rules.
 */
import Big from 'big.js';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { AgreementTerms } from './agreement-terms.ts';
import type { AgreementRepository } from './agreement-repository.ts';
import type { SupplierCapacity } from './capacity.ts';
import { localParts } from './zoned-time.ts';

export interface SupplierRuleFacts {
  supplierId: string;
  /** The agreement version in force, or null when the supplier has none (defaults apply). */
  agreementVersion: number | null;
  region: string | null;
  /** Unit cost of `sku` for `quantity` units after the volume discount that applies; null if unknown. */
  cost: string | null;
  currency: string;
  /** Agreed turnaround, hours from receipt to shipment. */
  shipWithinHours: number;
  /** Fastest agreed shipping method's transit days (min and max); null when none is agreed. */
  transitDays: { min: number; max: number } | null;
  /** Days from order to door at the agreed pace: turnaround in whole days plus the fastest method's max transit. */
  leadTimeDays: number;
  cutoff: string;
  timeZone: string;
  /** True when the supplier's local time is past today's cut-off (the order ships a day later). */
  pastCutoff: boolean;
  capacityLimit: number | null;
  ordersToday: number;
  /** null when the agreement sets no capacity. */
  capacityLeftToday: number | null;
  brandedPackaging: boolean;
  carriers: string[];
}

/** The discount that applies at `quantity`: the tier with the largest minimum at or below it. */
export function volumeDiscountPercent(terms: AgreementTerms, quantity: number): string | null {
  let best: { minQuantity: number; percent: string } | undefined;
  for (const tier of terms.pricing.volumeDiscounts) if (tier.minQuantity <= quantity && (!best || tier.minQuantity > best.minQuantity)) best = tier;
  return best?.percent ?? null;
}

export class SupplierFacts {
  constructor(
    private readonly deps: { db: Database; agreements: AgreementRepository; capacity: SupplierCapacity; catalog: CatalogRepository; connectors: ConnectorService },
  ) {}

  /**
   * Facts about `supplierId`, for an order line of `quantity` units of store SKU `sku` when given.
   *
   * @example
   *   const f = await facts.forSupplier('acme', { sku: 'MUG', quantity: 12 });
   *   f.capacityLeftToday; // 37
   */
  async forSupplier(supplierId: string, line: { sku?: string; quantity?: number } = {}, now = Date.now(), tx: Queryable = this.deps.db.q): Promise<SupplierRuleFacts> {
    const agreement = await this.deps.agreements.current(tx, supplierId);
    const terms = agreement?.terms ?? (await this.deps.agreements.terms(tx, supplierId));
    const capacity = await this.deps.capacity.today(tx, supplierId, now, terms);
    const connector = await this.deps.connectors.resolve(supplierId).catch(() => undefined);
    let cost: string | null = null;
    let currency: string = terms.pricing.currency;
    if (line.sku) {
      const item = (await this.deps.catalog.candidates(tx, [line.sku])).find((c) => c.supplierId === supplierId && c.cost !== null);
      if (item) {
        currency = item.currency ?? currency;
        const percent = volumeDiscountPercent(terms, line.quantity ?? 1);
        cost = percent ? new Big(item.cost!).times(new Big(100).minus(percent)).div(100).round(4, Big.roundHalfUp).toString() : item.cost;
      }
    }
    const fastest = [...terms.shipping.methods].sort((a, b) => a.transitDays.max - b.transitDays.max)[0];
    const local = localParts(now, terms.cutoff.timeZone);
    const [h, m] = terms.cutoff.time.split(':').map(Number) as [number, number];
    return {
      supplierId,
      agreementVersion: agreement?.version ?? null,
      region: terms.region ?? (typeof connector?.config?.region === 'string' ? connector.config.region : null),
      cost,
      currency,
      shipWithinHours: terms.turnaround.shipWithinHours,
      transitDays: fastest ? { ...fastest.transitDays } : null,
      leadTimeDays: Math.ceil(terms.turnaround.shipWithinHours / 24) + (fastest?.transitDays.max ?? 0),
      cutoff: terms.cutoff.time,
      timeZone: terms.cutoff.timeZone,
      pastCutoff: local.hour * 60 + local.minute >= h * 60 + m,
      capacityLimit: capacity.limit,
      ordersToday: capacity.placed,
      capacityLeftToday: capacity.left,
      brandedPackaging: terms.brandedPackaging.available,
      carriers: terms.shipping.carriers,
    };
  }
}
