/**
 * @module Retail price from supplier cost, in decimal arithmetic (big.js) only.
 *
 *   retail = cost × markup, less a percentage discount, less an amount discount,
 *   rounded to the currency's minor units, then to the nearest price with the rule's ending (".99");
 *   never below the floor — the MAP when the agreement enforces it, and always the cost: a price
 *   under the floor goes up to the next price with the ending at or above it.
 *
 * The rule is the most specific one that matches: a rule's conditions (supplier, brand = the product's
 * vendor, category = its product type or one of its tags) must all hold, and more conditions win. Equal
 * counts go supplier before brand before category, then the older rule.
 */
import Big from 'big.js';
import { minorUnits } from '@dropline/connectors/model';

export interface PricingRule {
  id: string;
  name: string;
  supplierId: string | null;
  brand: string | null;
  category: string | null;
  markup: string;
  discountPercent: string | null;
  discountAmount: string | null;
  ending: string | null;
  createdAt: number;
}

export interface ProductFacts {
  supplierId: string;
  vendor: string | null;
  productType: string | null;
  tags: string[];
}

export interface RetailPrice {
  price: string;
  /** What lifted the price, if anything did. */
  floor: 'map' | 'cost' | null;
}

const same = (a: string | null | undefined, b: string) => a != null && a.trim().toLowerCase() === b.trim().toLowerCase();

export function ruleMatches(rule: PricingRule, p: ProductFacts): boolean {
  if (rule.supplierId !== null && rule.supplierId !== p.supplierId) return false;
  if (rule.brand !== null && !same(p.vendor, rule.brand)) return false;
  if (rule.category !== null && !same(p.productType, rule.category) && !p.tags.some((t) => same(t, rule.category!))) return false;
  return true;
}

function specificity(rule: PricingRule): number {
  const n = Number(rule.supplierId !== null) + Number(rule.brand !== null) + Number(rule.category !== null);
  return n * 8 + (rule.supplierId !== null ? 4 : 0) + (rule.brand !== null ? 2 : 0) + (rule.category !== null ? 1 : 0);
}

/** The rule that prices `p`, or undefined when none matches (no default rule). */
export function selectRule(rules: readonly PricingRule[], p: ProductFacts): PricingRule | undefined {
  let best: PricingRule | undefined;
  for (const rule of rules) {
    if (!ruleMatches(rule, p)) continue;
    if (!best) {
      best = rule;
      continue;
    }
    const d = specificity(rule) - specificity(best);
    if (d > 0 || (d === 0 && (rule.createdAt < best.createdAt || (rule.createdAt === best.createdAt && rule.id < best.id)))) best = rule;
  }
  return best;
}

export function retailPrice(rule: PricingRule, input: { cost: string; map?: string | null; currency: string; mapEnforced?: boolean }): RetailPrice {
  const dp = minorUnits(input.currency);
  const cost = new Big(input.cost);
  let price = cost.times(rule.markup);
  if (rule.discountPercent) price = price.times(new Big(100).minus(rule.discountPercent).div(100));
  if (rule.discountAmount) price = price.minus(rule.discountAmount);
  price = price.round(dp, Big.roundHalfUp);
  if (rule.ending !== null) price = nearestWithEnding(price, rule.ending, dp);

  const map = input.map && input.mapEnforced !== false ? new Big(input.map) : undefined;
  const floor = map && map.gt(cost) ? { at: map, why: 'map' as const } : { at: cost, why: 'cost' as const };
  if (price.lt(floor.at)) {
    const lifted = rule.ending !== null ? ceilWithEnding(floor.at, rule.ending, dp) : floor.at.round(dp, Big.roundUp);
    return { price: lifted.toFixed(dp), floor: floor.why };
  }
  return { price: price.toFixed(dp), floor: null };
}

/** The fractional ending as a number in [0, 1): "0.99" and ".99" both mean 0.99. */
function endingOf(ending: string, dp: number): Big {
  const e = new Big(ending.startsWith('.') ? `0${ending}` : ending).round(dp, Big.roundHalfUp);
  if (e.lt(0) || e.gte(1)) throw new RangeError(`a price ending is a fraction below 1, not ${ending}`);
  return e;
}

/** The price n + ending (n a whole number ≥ 0) nearest to `price`; halfway goes up. */
export function nearestWithEnding(price: Big, ending: string, dp: number): Big {
  const e = endingOf(ending, dp);
  const whole = price.round(0, Big.roundDown);
  const below = whole.plus(e).gt(price) ? whole.minus(1).plus(e) : whole.plus(e);
  const above = below.plus(1);
  if (below.lt(0)) return above;
  return price.minus(below).lt(above.minus(price)) ? below : above;
}

/** The smallest price n + ending at or above `floor`. */
export function ceilWithEnding(floor: Big, ending: string, dp: number): Big {
  const e = endingOf(ending, dp);
  const whole = floor.round(0, Big.roundDown);
  const candidate = whole.plus(e);
  return candidate.gte(floor) ? candidate : candidate.plus(1);
}
