/**
 * @module The `order.route` job: find what of an order still needs a supplier, ask the router, and turn
 * its decision into supplier orders (and their placement jobs) in one transaction.
 *
 * Running it twice is harmless: the second run finds every line covered and does nothing. Lines a
 * supplier gave back (backorder, rejection, cancellation) are uncovered again, with that supplier
 * excluded for them: that is failover.
 */
import type { Assignment, OrderSnapshot } from '@dropline/connectors/model';
import type { Candidate } from '../catalog/catalog-repository.ts';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database, Queryable } from '../db/database.ts';
import { held, type TrackedLine } from '../fulfillment/supplier-order-lines.ts';
import type { SupplierOrderLine } from '../fulfillment/supplier-order-repository.ts';
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
  connectors: ConnectorService;
  router: () => Router;
  /** Today's orders against each supplier's agreed capacity, so routing can spill over (see suppliers/capacity.ts). */
  capacity?: CapacityLookup;
}): JobHandler<{ orderId: string; cause?: string }> {
  return {
    type: JOB_TYPES.route,
    async run(payload, ctx) {
      const suppliers = new Map((await deps.connectors.resolveKind('supplier')).map((s) => [s.id, s]));
      await ctx.commit(async (tx) => {
        await deps.db.lockOrder(tx, payload.orderId);
        const row = await deps.repos.orders.require(tx, payload.orderId);
        if (NOT_ROUTABLE.has(row.status)) {
          ctx.log.info({ orderId: row.id, status: row.status }, 'order not routed in its current status');
          return;
        }
        const order = deps.repos.orders.toCanonical(row);
        const input = await gatherRoutingInput(tx, deps.repos, order, suppliers, payload.cause ?? '', deps.capacity);
        if (input.lines.length === 0) return;
        const decision = await deps.router().route(input);
        const drafts = [];
        if (decision.kind === 'hold') {
          drafts.push({ type: 'order.held' as const, orderId: row.id, data: { reason: decision.reason, flowId: decision.flowId, nodeId: decision.nodeId } });
        } else if (decision.kind === 'exception') {
          drafts.push({ type: 'order.exception' as const, orderId: row.id, data: { code: decision.code, message: decision.message } });
        } else {
          if (decision.assignments.length > 0) {
            const created = await createSupplierOrders(tx, deps.repos, row.id, order, decision.assignments, input.attempt);
            drafts.push({
              type: 'order.routed' as const,
              orderId: row.id,
              data: {
                flowId: decision.flowId,
                flowVersion: decision.flowVersion,
                assignments: decision.assignments,
                trace: decision.trace,
                excluded: Object.values(input.excluded).flat(),
                supplierOrders: created,
              },
            });
          }
          if (decision.unassigned.length > 0) {
            drafts.push({
              type: 'order.exception' as const,
              orderId: row.id,
              data: {
                code: 'no_supplier',
                message: decision.unassigned.map((u) => `${u.sku ?? `line ${u.lineId}`}: ${u.reason}`).join('; '),
                lines: decision.unassigned.map((u) => ({ lineId: u.lineId, sku: u.sku, quantity: u.quantity })),
              },
            });
          }
        }
        await deps.recorder.record(tx, drafts, { source: HUB_SOURCE });
      });
    },
  };
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

async function createSupplierOrders(
  tx: Queryable,
  repos: Repositories,
  orderId: string,
  order: RoutingInput['order'],
  assignments: Assignment[],
  attempt: number,
) {
  const bySupplier = new Map<string, Assignment[]>();
  for (const a of assignments) bySupplier.set(a.supplierId, [...(bySupplier.get(a.supplierId) ?? []), a]);
  const created: { supplierId: string; supplierOrderId: string }[] = [];
  const now = Date.now();
  for (const [supplierId, list] of bySupplier) {
    const lines: SupplierOrderLine[] = list.map((a) => {
      const line = order.lines.find((l) => l.lineId === a.lineId);
      return { lineId: a.lineId, sku: a.sku, supplierSku: a.supplierSku ?? a.sku ?? '', title: line?.title ?? '', quantity: a.quantity };
    });
    const so = await repos.supplierOrders.create(tx, { orderId, supplierId, lines, attempt }, now);
    for (const l of lines) await repos.catalog.reserve(tx, supplierId, l.supplierSku, l.quantity);
    created.push({ supplierId, supplierOrderId: so.id });
  }
  return created;
}
