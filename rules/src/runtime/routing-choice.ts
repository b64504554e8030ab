/**
 * @module What every routing node shares: whether a supplier can take a line (and why not), placing a line,
 * and sending the lines nobody could take out through `none`.
 *
 * Failover semantics live here: a supplier the input excludes for a line (it rejected, backordered or
 * cancelled it before) is never chosen, whatever a node's settings list; each refusal is traced.
 */
import { z } from 'zod';
import type { Assignment } from '@dropline/connectors/model';
import type { LineState } from '../facts/run-facts.ts';
import type { ActionContext, ActionResult } from '../nodes/define-node.ts';
import type { RoutingCandidate } from '../routing/routing-types.ts';

export const STOCK_POLICIES = ['require', 'allow-unknown', 'ignore'] as const;
export type StockPolicy = (typeof STOCK_POLICIES)[number];

export const StockPolicySchema = z
  .enum(STOCK_POLICIES)
  .default('require')
  .meta({
    title: 'Stock',
    description: 'require: reported stock must cover the quantity; allow-unknown: also suppliers that never reported stock; ignore: any supplier that carries the SKU',
    ui: { widget: 'select' },
  });

export const SupplierIdSchema = z.string().min(1, 'expected a supplier').meta({ title: 'Supplier', ui: { widget: 'supplier' } });

/** Why `supplierId` can't take the line now, or its candidate when it can. */
export function assess(ctx: ActionContext, line: LineState, supplierId: string, policy: StockPolicy): { candidate: RoutingCandidate } | { reason: string; facts?: Record<string, unknown> } {
  if (line.sku === null) return { reason: 'line has no SKU to map' };
  const excluded = ctx.run.excludedFor(line.lineId).find((e) => e.supplierId === supplierId);
  if (excluded) return { reason: `excluded: ${excluded.reason}` };
  const candidate = ctx.run.candidates(line.lineId).find((c) => c.supplierId === supplierId);
  if (!candidate) return { reason: `does not carry ${line.sku}` };
  const available = ctx.ledger.available(candidate);
  if (policy !== 'ignore') {
    if (available === null) {
      if (policy === 'require') return { reason: 'no stock reported', facts: { stock: null, quantity: line.quantity } };
    } else if (available < line.quantity) {
      return { reason: `stock ${available} < ${line.quantity}`, facts: { stock: available, quantity: line.quantity } };
    }
  }
  return { candidate };
}

/** Places the line's remaining quantity (or `quantity` of it) on the candidate. */
export function place(ctx: ActionContext, line: LineState, candidate: RoutingCandidate, note: string, facts?: Record<string, unknown>, quantity = line.quantity): Assignment {
  ctx.ledger.reserve(candidate, quantity);
  ctx.trace.assigned(ctx.nodeId, line, candidate.supplierId, quantity, note, { stock: candidate.stock, priority: candidate.priority, ...facts });
  line.quantity -= quantity;
  if (line.quantity === 0) line.doneBy = ctx.nodeId;
  return { lineId: line.lineId, sku: line.sku, quantity, supplierId: candidate.supplierId, supplierSku: candidate.supplierSku };
}

/** The first supplier of `ranked` that can take the line; each one passed over is traced with its reason. */
export function firstThatCan(
  ctx: ActionContext,
  line: LineState,
  ranked: readonly string[],
  policy: StockPolicy,
  reasons: string[],
): { candidate: RoutingCandidate; rank: number } | undefined {
  for (let rank = 0; rank < ranked.length; rank++) {
    const supplierId = ranked[rank]!;
    const a = assess(ctx, line, supplierId, policy);
    if ('candidate' in a) return { candidate: a.candidate, rank };
    reasons.push(`${supplierId}: ${a.reason}`);
    ctx.trace.dropped(ctx.nodeId, line, supplierId, a.reason, a.facts);
  }
  return undefined;
}

/**
 * Runs `choose` for each line still to place: lines it places leave through `out`, the others through `none`
 * with the reason kept for `unassigned`. Synchronous unless `choose` has to wait for a lookup.
 */
export function routeLines(ctx: ActionContext, choose: (line: LineState) => Assignment[] | Promise<Assignment[]>): ActionResult | Promise<ActionResult> {
  const result = { outputs: { out: [] as LineState[], none: [] as LineState[] }, assignments: [] as Assignment[] };
  const lines = ctx.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.doneBy !== undefined) continue;
    line.routed = true;
    const placed = choose(line);
    if (placed instanceof Promise) return routeRest(ctx, choose, result, i, placed);
    settle(result, line, placed);
  }
  return finish(ctx, result);
}

type Routed = { outputs: { out: LineState[]; none: LineState[] }; assignments: Assignment[] };

/** `choose` is waiting for a lookup: this line and the rest, asynchronously, in order. */
async function routeRest(ctx: ActionContext, choose: (line: LineState) => Assignment[] | Promise<Assignment[]>, result: Routed, from: number, placed: Promise<Assignment[]>): Promise<ActionResult> {
  const lines = ctx.lines;
  settle(result, lines[from]!, await placed);
  for (let j = from + 1; j < lines.length; j++) {
    const line = lines[j]!;
    if (line.doneBy !== undefined) continue;
    line.routed = true;
    const p = choose(line);
    settle(result, line, p instanceof Promise ? await p : p);
  }
  return finish(ctx, result);
}

function settle(result: Routed, line: LineState, placed: Assignment[]): void {
  for (const a of placed) result.assignments.push(a);
  (line.quantity === 0 ? result.outputs.out : result.outputs.none).push(line);
}

function finish(ctx: ActionContext, result: Routed): ActionResult {
  for (const line of result.outputs.none) ctx.trace.notPlaced(ctx.nodeId, line, line.lastReason ?? 'no supplier could take it');
  return result;
}

export function summarise(prefix: string, reasons: string[]): string {
  return reasons.length ? `${prefix}: ${reasons.join('; ')}` : prefix;
}
