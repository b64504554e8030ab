/**
 * @module Split an order across suppliers. `fewest-suppliers` covers the lines with as few supplier orders
 * (so parcels) as it can: it repeatedly takes the supplier that can ship the most remaining lines whole.
 * `priority` gives each line to its best-priority supplier that can take it. With `splitLines`, a line no
 * single supplier can cover is divided between suppliers by their reported stock.
 */
import { z } from 'zod';
import type { Assignment } from '@dropline/connectors/model';
import type { LineState } from '../facts/run-facts.ts';
import type { RoutingCandidate } from '../routing/routing-types.ts';
import { StockPolicySchema, SupplierIdSchema, assess, place, summarise } from '../runtime/routing-choice.ts';
import { checkSupplierIds } from '../validation/check-condition.ts';
import { defineNode, type ActionContext, type ActionResult } from './define-node.ts';

export const splitOrder = defineNode({
  type: 'split-order',
  category: 'action',
  routes: true,
  title: 'Split order across suppliers',
  description: 'Places the lines on several suppliers: as few as possible, or each line on its best supplier; optionally divides a line.',
  settings: z
    .object({
      prefer: z.enum(['fewest-suppliers', 'priority']).default('fewest-suppliers').meta({ title: 'Prefer', ui: { widget: 'select' } }),
      splitLines: z.boolean().default(false).meta({ title: 'Divide a line between suppliers', description: 'When no single supplier has the whole quantity' }),
      suppliers: z.array(SupplierIdSchema).optional().meta({ title: 'Only these suppliers', ui: { widget: 'supplier-list' } }),
      stock: StockPolicySchema,
    })
    .strict(),
  outputs: () => ['out', 'none'],
  check: (s, ctx) => checkSupplierIds(s.suppliers ?? [], 'suppliers', ctx),
  execute(s, ctx): ActionResult {
    const lines = ctx.lines.filter((l) => l.doneBy === undefined);
    const allowed = s.suppliers ? new Set(s.suppliers) : undefined;
    const assignments: Assignment[] = [];
    const reasons = new Map<LineState, string[]>();
    /** Suppliers that can take the whole line now, best priority first; refusals traced once per line. */
    const whole = (line: LineState): RoutingCandidate[] => {
      const ok: RoutingCandidate[] = [];
      const why: string[] = [];
      for (const c of ctx.run.candidates(line.lineId)) {
        if (allowed && !allowed.has(c.supplierId)) continue;
        const a = assess(ctx, line, c.supplierId, s.stock);
        if ('candidate' in a) ok.push(a.candidate);
        else why.push(`${c.supplierId}: ${a.reason}`);
      }
      reasons.set(line, why);
      return ok;
    };
    for (const l of lines) l.routed = true;

    let open = lines.filter((l) => l.sku !== null);
    for (const l of lines) if (l.sku === null) l.lastReason = 'line has no SKU to map';
    if (s.prefer === 'priority') {
      for (const line of open) {
        const best = whole(line)[0];
        if (best) assignments.push(place(ctx, line, best, `best priority (${best.priority}) for this line`));
      }
    } else {
      const used = new Set<string>();
      for (;;) {
        const coverage = new Map<string, { candidate: Map<LineState, RoutingCandidate>; bestPriority: number }>();
        for (const line of open) {
          for (const c of whole(line)) {
            const entry = coverage.get(c.supplierId) ?? { candidate: new Map(), bestPriority: c.priority };
            entry.candidate.set(line, c);
            entry.bestPriority = Math.min(entry.bestPriority, c.priority);
            coverage.set(c.supplierId, entry);
          }
        }
        const best = [...coverage.entries()].sort(
          ([a, x], [b, y]) => y.candidate.size - x.candidate.size || x.bestPriority - y.bestPriority || (a < b ? -1 : 1),
        )[0];
        if (!best) break;
        const [supplierId, { candidate }] = best;
        used.add(supplierId);
        let placed = 0;
        for (const [line, c] of candidate) {
          // Two lines of one SKU may each fit the reported stock but not together: check again before placing.
          if (!('candidate' in assess(ctx, line, c.supplierId, s.stock))) continue;
          assignments.push(place(ctx, line, c, `${supplierId} ships ${candidate.size} of ${lines.length} line(s) whole (fewest suppliers)`));
          placed++;
        }
        open = open.filter((l) => l.quantity > 0);
        if (placed === 0) break;
      }
      if (s.splitLines) open.forEach((line) => assignments.push(...divide(ctx, line, allowed, used)));
    }
    if (s.prefer === 'priority' && s.splitLines) {
      for (const line of open.filter((l) => l.quantity > 0)) assignments.push(...divide(ctx, line, allowed, new Set(assignments.map((a) => a.supplierId))));
    }

    const out: LineState[] = [];
    const none: LineState[] = [];
    for (const line of lines) {
      if (line.quantity === 0) {
        out.push(line);
        continue;
      }
      // Why nobody takes what is left now (after any division), not why nobody took the whole line.
      if (line.sku !== null) whole(line);
      const why = reasons.get(line) ?? [];
      for (const r of why) ctx.trace.dropped(ctx.nodeId, line, r.slice(0, r.indexOf(':')), r.slice(r.indexOf(':') + 2));
      line.lastReason ??= summarise(line.quantity < line.initialQuantity ? `only ${line.initialQuantity - line.quantity} of ${line.initialQuantity} placed` : 'no supplier can take it', why);
      none.push(line);
      ctx.trace.notPlaced(ctx.nodeId, line, line.lastReason);
    }
    const suppliers = new Set(assignments.map((a) => a.supplierId));
    ctx.trace.action(ctx.nodeId, 'split-order', `${suppliers.size} supplier order(s): ${[...suppliers].join(', ') || 'none'}`, { prefer: s.prefer, suppliers: [...suppliers] });
    return { outputs: { out, none }, assignments };
  },
});

/** Divides what is left of a line between suppliers with known stock: suppliers already used first, then priority. */
function divide(ctx: ActionContext, line: LineState, allowed: Set<string> | undefined, used: Set<string>): Assignment[] {
  if (line.sku === null) return [];
  const pool = ctx.run
    .candidates(line.lineId)
    .filter((c) => !allowed || allowed.has(c.supplierId))
    .sort((a, b) => Number(used.has(b.supplierId)) - Number(used.has(a.supplierId)) || a.priority - b.priority);
  const out: Assignment[] = [];
  for (const c of pool) {
    if (line.quantity === 0) break;
    const available = ctx.ledger.available(c);
    if (available === null || available <= 0) continue;
    const take = Math.min(available, line.quantity);
    out.push(place(ctx, line, c, `divided line: ${take} of ${line.initialQuantity} from ${c.supplierId}`, { divided: true }, take));
  }
  return out;
}
