/**
 * @module The `order.route` job: find what of an order still needs a supplier, ask the router, and turn
 * its decision into supplier orders (and their placement jobs) in one transaction.
 *
 * Running it twice is harmless: the second run finds every line covered and does nothing. Lines a
 * supplier gave back (backorder, rejection, cancellation) are uncovered again, with that supplier
 * excluded for them: that is failover.
 */
import type { OrderSnapshot } from '@dropline/connectors/model';
import { AppError } from '@dropline/connectors/sdk';
import type { Candidate } from '../catalog/catalog-repository.ts';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database, Queryable } from '../db/database.ts';
import { held, type TrackedLine } from '../fulfillment/supplier-order-lines.ts';
import { applyFlowDecision } from '../flows/apply-flow-decision.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { EventRecorder } from '../workflow/event-recorder.ts';
import { JOB_TYPES } from '../workflow/job-types.ts';
import { shippableLines } from '../workflow/order-status.ts';
import type { Repositories } from '../workflow/repositories.ts';
import { HUB_SOURCE } from '../workflow/types.ts';
import type { Router, RoutingCandidate, RoutingInput, RoutingLine } from './router.ts';

/** Capacity today per supplier id (`limit` null = unlimited). */
export type CapacityLookup = (tx: Queryable, supplierIds: string[]) => Promise<Map<string, { limit: number | null; placed: number; left: number | null }>>;

/** Orders in these states are not routed (a person or the store decided). */
const NOT_ROUTABLE = new Set(['cancelled', 'held', 'refunded', 'returned']);

const RELEASE_REASONS: Record<string, string> = {
  backordered: 'backordered this line earlier',
  rejected: 'rejected this line earlier',
  cancelled: 'cancelled this line earlier',
};

export function routeOrderJob(deps: {
  db: Database;
  repos: Repositories;
  recorder: EventRecorder;
  queue: JobQueue;
  connectors: ConnectorService;
  router: () => Router;
  /** Today's orders against each supplier's agreed capacity, so routing can spill over (see suppliers/capacity.ts). */
  capacity?: CapacityLookup;
}): JobHandler<{ orderId: string; cause?: string }> {
  return {
    type: JOB_TYPES.route,
    async run(payload, ctx) {
      const suppliers = new Map((await deps.connectors.resolveKind('supplier')).map((s) => [s.id, s]));
      const cause = payload.cause ?? ctx.job.dedupeKey ?? `job:${ctx.job.id}`;
      // Decide outside the transaction: a flow may look things up (address service, agreements) and
      // SQLite's writers wait for whoever holds the write lock. The decision is applied only if what it
      // was based on hasn't changed meanwhile; otherwise the job runs again and decides afresh.
      const before = await deps.repos.orders.find(deps.db.q, payload.orderId);
      if (!before || NOT_ROUTABLE.has(before.status)) return;
      const input = await gatherRoutingInput(deps.db.q, deps.repos, deps.repos.orders.toCanonical(before), suppliers, cause, deps.capacity);
      if (input.lines.length === 0) return;
      const decision = await deps.router().route(input);
      await ctx.commit(async (tx) => {
        await deps.db.lockOrder(tx, payload.orderId);
        const row = await deps.repos.orders.require(tx, payload.orderId);
        if (NOT_ROUTABLE.has(row.status)) {
          ctx.log.info({ orderId: row.id, status: row.status }, 'order not routed in its current status');
          return;
        }
        const now = await gatherRoutingInput(tx, deps.repos, deps.repos.orders.toCanonical(row), suppliers, cause, deps.capacity);
        if (fingerprint(now) !== fingerprint(input)) throw new RoutingInputChanged(row.id);
        const applied = await applyFlowDecision(tx, deps.repos, input, decision, cause);
        await deps.recorder.record(tx, applied.drafts, { source: HUB_SOURCE });
        await deps.queue.enqueue(tx, applied.jobs);
      });
    },
  };
}

/** The order changed between deciding and applying (another routing, a supplier reply): decide again. */
class RoutingInputChanged extends AppError {
  constructor(orderId: string) {
    super(`order ${orderId} changed while it was being routed`, { code: 'routing_input_changed', status: 409, retryable: true });
  }
}

/** What a decision depends on: the lines still to place and who is excluded for them. */
function fingerprint(input: RoutingInput): string {
  return JSON.stringify([input.lines.map((l) => [l.lineId, l.quantity]), input.excluded, input.order.status]);
}

export async function gatherRoutingInput(
  tx: Queryable,
  repos: Repositories,
  order: RoutingInput['order'],
  suppliers: Map<string, unknown>,
  cause: string,
  capacity?: CapacityLookup,
): Promise<RoutingInput> {
  const supplierOrders = await repos.supplierOrders.forOrder(tx, order.id);
  const covered = new Map<string, number>();
  // Lines a flow cancelled and refunded are done with: never routed again.
  for (const e of await repos.events.forOrder(order.id, tx)) {
    if (e.type !== 'order.routed') continue;
    for (const s of e.data.settled ?? []) covered.set(s.lineId, (covered.get(s.lineId) ?? 0) + s.quantity);
  }
  const excluded: RoutingInput['excluded'] = {};
  for (const so of supplierOrders) {
    for (const line of so.lines as unknown as TrackedLine[]) {
      covered.set(line.lineId, (covered.get(line.lineId) ?? 0) + held(line));
      if ((line.released ?? 0) > 0) {
        const list = (excluded[line.lineId] ??= []);
        if (!list.some((e) => e.supplierId === so.supplierId)) {
          list.push({ supplierId: so.supplierId, reason: RELEASE_REASONS[so.status] ?? `gave this line back (${so.status})` });
        }
      }
    }
  }
  const lines: RoutingLine[] = shippableLines(order as unknown as OrderSnapshot)
    .map((l) => ({ lineId: l.lineId, sku: l.sku, title: l.title, quantity: l.quantity - (covered.get(l.lineId) ?? 0), unitPrice: l.unitPrice }))
    .filter((l) => l.quantity > 0);
  const skus = [...new Set(lines.map((l) => l.sku).filter((s): s is string => s !== null))];
  let all: (Candidate & Pick<RoutingCandidate, 'capacity'>)[] = await repos.catalog.candidates(tx, skus);
  if (capacity) {
    const today = await capacity(tx, all.map((c) => c.supplierId));
    all = all.map((c) => {
      const cap = today.get(c.supplierId);
      return cap?.limit != null ? { ...c, capacity: { limit: cap.limit, placed: cap.placed, left: cap.left ?? 0 } } : c;
    });
  }
  const candidates: Record<string, RoutingCandidate[]> = {};
  for (const line of lines) {
    const out = new Set((excluded[line.lineId] ?? []).map((e) => e.supplierId));
    candidates[line.lineId] = all.filter((c) => c.sku === line.sku && suppliers.has(c.supplierId) && !out.has(c.supplierId));
  }
  return {
    order,
    lines,
    candidates,
    excluded,
    attempt: new Set(supplierOrders.map((so) => so.attempt)).size + 1,
    cause: { eventId: cause, type: 'routing' },
  };
}
