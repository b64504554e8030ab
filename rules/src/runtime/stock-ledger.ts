/**
 * @module Stock reserved within one run, so that two lines of the same SKU (or a split line) don't both count
 * on the same reported units.
 */
import type { RoutingCandidate } from '../routing/routing-types.ts';

export class StockLedger {
  readonly #reserved = new Map<string, number>();

  /** Reported stock less what this run already placed there; null when the supplier never reported it. */
  available(c: RoutingCandidate): number | null {
    if (c.stock === null) return null;
    return c.stock - (this.#reserved.get(key(c)) ?? 0);
  }

  reserve(c: RoutingCandidate, quantity: number): void {
    const k = key(c);
    this.#reserved.set(k, (this.#reserved.get(k) ?? 0) + quantity);
  }
}

function key(c: RoutingCandidate): string {
  return `${c.supplierId}\u0000${c.supplierSku}`;
}
