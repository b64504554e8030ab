/** @module Route to one supplier: each line goes to it if it can take it, else out through `none`. */
import { z } from 'zod';
import { StockPolicySchema, SupplierIdSchema, firstThatCan, place, routeLines, summarise } from '../runtime/routing-choice.ts';
import { checkSupplierIds } from '../validation/check-condition.ts';
import { defineNode } from './define-node.ts';

export const routeToSupplier = defineNode({
  type: 'route-to-supplier',
  category: 'action',
  routes: true,
  title: 'Route to supplier',
  description: 'Sends each line to this supplier when it carries the SKU with enough stock (and has not failed the line before).',
  settings: z.object({ supplierId: SupplierIdSchema, stock: StockPolicySchema }).strict(),
  outputs: () => ['out', 'none'],
  check: (s, ctx) => checkSupplierIds([s.supplierId], 'supplierId', ctx, false),
  execute: (s, ctx) =>
    routeLines(ctx, (line) => {
      const reasons: string[] = [];
      const hit = firstThatCan(ctx, line, [s.supplierId], s.stock, reasons);
      if (!hit) {
        line.lastReason = summarise('supplier cannot take it', reasons);
        return [];
      }
      return [place(ctx, line, hit.candidate, `routed to ${s.supplierId}`)];
    }),
});
