/**
 * @module Route per line by SKU rules: the first rule whose patterns match the line's SKU says how to pick
 * among the suppliers that can take it: the cheapest (supplier cost, in decimals), the fastest (lead time
 * from the supplier terms), or by catalog priority. Ties go to the better priority.
 */
import Big from 'big.js';
import { z } from 'zod';
import type { LineState } from '../facts/run-facts.ts';
import { skuGlobMatcher } from '../operators/sku.ts';
import type { RoutingCandidate } from '../routing/routing-types.ts';
import { StockPolicySchema, SupplierIdSchema, assess, place, routeLines, summarise } from '../runtime/routing-choice.ts';
import { checkSupplierIds } from '../validation/check-condition.ts';
import type { NodeIssue } from '../validation/issues.ts';
import { defineNode, type ActionContext } from './define-node.ts';

export const SKU_STRATEGIES = ['cheapest', 'fastest', 'priority'] as const;
export type SkuStrategy = (typeof SKU_STRATEGIES)[number];

const StrategySchema = z.enum(SKU_STRATEGIES).meta({ title: 'Pick', ui: { widget: 'select' } });

const SkuRuleSchema = z
  .object({
    skus: z
      .array(z.string().trim().min(1))
      .min(1, 'expected at least one SKU pattern')
      .meta({ title: 'SKU patterns', description: 'Globs: IPOD-*, CASE-{S,M,L}', ui: { widget: 'tags' } }),
    strategy: StrategySchema,
    suppliers: z.array(SupplierIdSchema).optional().meta({ title: 'Only these suppliers', ui: { widget: 'supplier-list' } }),
  })
  .strict();

interface Eligible {
  candidate: RoutingCandidate;
  leadTimeDays?: number;
}

export const routeBySku = defineNode({
  type: 'route-by-sku',
  category: 'action',
  routes: true,
  title: 'Route per line by SKU',
  description: 'Per line, the first SKU rule that matches picks the cheapest, fastest or best-priority supplier.',
  settings: z
    .object({
      rules: z.array(SkuRuleSchema).meta({ title: 'SKU rules', description: 'First match wins' }),
      otherwise: z.enum([...SKU_STRATEGIES, 'none']).default('priority').meta({ title: 'Other SKUs', description: '"none" sends them out through "none"' }),
      stock: StockPolicySchema,
    })
    .strict(),
  outputs: () => ['out', 'none'],
  check(s, ctx) {
    const issues: NodeIssue[] = [];
    s.rules.forEach((r, i) => issues.push(...checkSupplierIds(r.suppliers ?? [], `rules[${i}].suppliers`, ctx)));
    if (s.rules.length === 0 && s.otherwise === 'none') issues.push({ code: 'invalid_setting', field: 'rules', message: 'with no rules and "none" for other SKUs nothing is ever routed' });
    return issues;
  },
  execute(s, ctx) {
    const matchers = s.rules.map((r) => skuGlobMatcher(r.skus));
    return routeLines(ctx, (line) => {
      const ruleIndex = line.sku === null ? -1 : matchers.findIndex((m) => m(line.sku!));
      const rule = ruleIndex >= 0 ? s.rules[ruleIndex] : undefined;
      const strategy = rule?.strategy ?? s.otherwise;
      const ruleName = rule ? `rule ${ruleIndex + 1} (${rule.skus.join(', ')})` : 'other SKUs';
      if (strategy === 'none') {
        line.lastReason = line.sku === null ? 'line has no SKU to map' : `no SKU rule matches ${line.sku}`;
        return [];
      }
      const pool = rule?.suppliers ?? ctx.run.candidates(line.lineId).map((c) => c.supplierId);
      const eligible: Eligible[] = [];
      const reasons: string[] = [];
      for (const supplierId of pool) {
        const a = assess(ctx, line, supplierId, s.stock);
        if ('candidate' in a) eligible.push({ candidate: a.candidate });
        else {
          reasons.push(`${supplierId}: ${a.reason}`);
          ctx.trace.dropped(ctx.nodeId, line, supplierId, a.reason, a.facts);
        }
      }
      if (eligible.length === 0) {
        line.lastReason = summarise(`no supplier can take it (${ruleName})`, reasons);
        return [];
      }
      if (strategy === 'fastest') return withLeadTimes(ctx, eligible).then(() => pick(ctx, line, eligible, strategy, ruleName));
      return pick(ctx, line, eligible, strategy, ruleName);
    });
  },
});

async function withLeadTimes(ctx: ActionContext, eligible: Eligible[]): Promise<void> {
  const terms = await Promise.all(eligible.map((e) => ctx.run.supplier(e.candidate.supplierId)));
  eligible.forEach((e, i) => {
    const days = terms[i]?.leadTimeDays;
    if (typeof days === 'number') e.leadTimeDays = days;
  });
}

/** Compares costs as decimals; an unknown cost ranks after every known one. */
function compareCost(a: RoutingCandidate, b: RoutingCandidate): number {
  if (a.cost === null || b.cost === null) return a.cost === null ? (b.cost === null ? 0 : 1) : -1;
  return new Big(a.cost).cmp(b.cost);
}

function compareSpeed(a: Eligible, b: Eligible): number {
  if (a.leadTimeDays === undefined || b.leadTimeDays === undefined) return a.leadTimeDays === undefined ? (b.leadTimeDays === undefined ? 0 : 1) : -1;
  return a.leadTimeDays - b.leadTimeDays;
}

function pick(ctx: ActionContext, line: LineState, eligible: Eligible[], strategy: SkuStrategy, ruleName: string) {
  const byPriority = (a: Eligible, b: Eligible) => a.candidate.priority - b.candidate.priority;
  const order =
    strategy === 'cheapest'
      ? (a: Eligible, b: Eligible) => compareCost(a.candidate, b.candidate) || byPriority(a, b)
      : strategy === 'fastest'
        ? (a: Eligible, b: Eligible) => compareSpeed(a, b) || compareCost(a.candidate, b.candidate) || byPriority(a, b)
        : byPriority;
  const ranked = [...eligible].sort(order);
  const best = ranked[0]!;
  for (const other of ranked.slice(1)) {
    ctx.trace.dropped(ctx.nodeId, line, other.candidate.supplierId, whyNot(strategy, other, best), { cost: other.candidate.cost, leadTimeDays: other.leadTimeDays, priority: other.candidate.priority });
  }
  const detail = strategy === 'cheapest' ? `cost ${best.candidate.cost ?? 'unknown'}` : strategy === 'fastest' ? `lead time ${best.leadTimeDays ?? 'unknown'} d` : `priority ${best.candidate.priority}`;
  return [place(ctx, line, best.candidate, `${strategy} by ${ruleName}: ${detail}`, { cost: best.candidate.cost, leadTimeDays: best.leadTimeDays })];
}

function whyNot(strategy: SkuStrategy, other: Eligible, best: Eligible): string {
  const chosen = best.candidate.supplierId;
  if (strategy === 'cheapest') return `cost ${other.candidate.cost ?? 'unknown'} vs ${best.candidate.cost ?? 'unknown'} at ${chosen} (cheapest)`;
  if (strategy === 'fastest') return `lead time ${other.leadTimeDays ?? 'unknown'} d vs ${best.leadTimeDays ?? 'unknown'} d at ${chosen} (fastest)`;
  return `priority ${other.candidate.priority} vs ${best.candidate.priority} at ${chosen}`;
}
