/**
 * @module Route by a ranked failover chain: primary, secondary, … Each line goes to the first supplier in the
 * chain that carries it with stock and has not failed it before; when a supplier later rejects or backorders,
 * the order comes back with that supplier excluded and the next one in the chain takes over.
 */
import { z } from 'zod';
import { StockPolicySchema, SupplierIdSchema, firstThatCan, place, routeLines, summarise } from '../runtime/routing-choice.ts';
import { checkSupplierIds } from '../validation/check-condition.ts';
import { defineNode } from './define-node.ts';

const RANK_NAMES = ['primary', 'secondary', 'tertiary'];

export function rankName(rank: number): string {
  return RANK_NAMES[rank] ?? `#${rank + 1} in the chain`;
}

export const routeFailover = defineNode({
  type: 'route-failover',
  category: 'action',
  routes: true,
  title: 'Route by failover chain',
  description: 'Tries suppliers in order (primary, secondary, …); the first that can take a line gets it.',
  settings: z
    .object({
      suppliers: z
        .array(SupplierIdSchema)
        .min(1, 'expected at least one supplier')
        .refine((a) => new Set(a).size === a.length, 'a supplier appears twice in the chain')
        .meta({ title: 'Chain', description: 'Best first', ui: { widget: 'supplier-list', sortable: true } }),
      stock: StockPolicySchema,
    })
    .strict(),
  outputs: () => ['out', 'none'],
  check: (s, ctx) => checkSupplierIds(s.suppliers, 'suppliers', ctx),
  execute: (s, ctx) =>
    routeLines(ctx, (line) => {
      const reasons: string[] = [];
      const hit = firstThatCan(ctx, line, s.suppliers, s.stock, reasons);
      if (!hit) {
        line.lastReason = summarise('no supplier in the chain can take it', reasons);
        return [];
      }
      return [place(ctx, line, hit.candidate, `${rankName(hit.rank)} in the failover chain`, { rank: hit.rank + 1 })];
    }),
});
