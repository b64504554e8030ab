/**
 * @module Exception flows: a flow published on a trigger other than `order.received` (a backorder, a
 * rejection, a supplier cancel, a tracking update, a return) runs when that event is recorded, on the
 * lines the event is about, and its decision is applied like a routing decision (hold, notify, refund,
 * tag, webhook, and routing too if the flow routes).
 *
 * The reaction enqueues the run in the transaction that records the event; the job finds the event, the
 * order and the published flow, decides outside a transaction, and applies inside one.
 */
import { EVENT_TYPES, type CanonicalEvent, type EventType, type OrderStatus } from '@dropline/connectors/model';
import { CompiledFlowCache, FLOW_TRIGGERS, ROUTING_TRIGGER, type FactProvider, type FlowRunInput, type FlowTrigger, type RoutingLine } from '@dropline/rules';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database, Queryable } from '../db/database.ts';
import { findLine, type TrackedLine } from '../fulfillment/supplier-order-lines.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import { gatherRoutingInput } from '../routing/route-order-job.ts';
import type { EventRecorder } from '../workflow/event-recorder.ts';
import { JOB_TYPES } from '../workflow/job-types.ts';
import { FINAL_STATUSES } from '../workflow/order-status.ts';
import type { Repositories } from '../workflow/repositories.ts';
import { HUB_SOURCE, type Reaction } from '../workflow/types.ts';
import { applyFlowDecision } from './apply-flow-decision.ts';
import { FLOW_JOB_TYPES } from './flow-job-types.ts';
import type { FlowService } from './flow-service.ts';

const EXCEPTION_TRIGGERS = FLOW_TRIGGERS.filter((t) => t !== ROUTING_TRIGGER);

/** Events that hand lines back to routing: their exception flow runs first, then the order is routed again. */
export const REROUTING_TRIGGERS: ReadonlySet<string> = new Set(['supplier_order.backordered', 'supplier_order.rejected', 'supplier_order.cancelled']);

/** For the workflow's reroute reaction: does a flow on this event route the order after it runs? */
export function flowReroutesLater(flows: FlowService) {
  return async (event: { type: string }, tx: Queryable) => REROUTING_TRIGGERS.has(event.type) && (await flows.publishedTriggers(tx)).has(event.type);
}

/** On each exception trigger: if a flow is published for it, run that flow on the event. */
export function flowReactions(flows: FlowService): Partial<Record<EventType, Reaction[]>> {
  const run: Reaction = async (event, ctx) => {
    if (!event.orderId || !(await flows.publishedTriggers(ctx.tx)).has(event.type)) return [];
    return [{ type: FLOW_JOB_TYPES.run, payload: { eventId: event.id, orderId: event.orderId, trigger: event.type }, dedupeKey: `${FLOW_JOB_TYPES.run}:${event.id}`, orderId: event.orderId }];
  };
  return Object.fromEntries(EXCEPTION_TRIGGERS.filter((t) => EVENT_TYPES.includes(t)).map((t) => [t, [run]]));
}

export function runFlowJob(deps: {
  db: Database;
  repos: Repositories;
  recorder: EventRecorder;
  queue: JobQueue;
  connectors: ConnectorService;
  flows: FlowService;
  facts: FactProvider;
  cache: CompiledFlowCache;
}): JobHandler<{ eventId: string; orderId: string; trigger: FlowTrigger }> {
  return {
    type: FLOW_JOB_TYPES.run,
    async run(payload, ctx) {
      const reroute = REROUTING_TRIGGERS.has(payload.trigger)
        ? [{ type: JOB_TYPES.route, payload: { orderId: payload.orderId, cause: payload.eventId }, dedupeKey: `route:${payload.eventId}`, orderId: payload.orderId }]
        : [];
      // The recording reaction left the failover to this job: whatever happens below, the lines go back to routing.
      const rerouteOnly = () => (reroute.length ? ctx.commit((tx) => deps.queue.enqueue(tx, reroute).then(() => undefined)) : undefined);
      const published = await deps.flows.published(payload.trigger);
      // Taken off since the event was recorded.
      if (!published) return rerouteOnly();
      const row = await deps.repos.orders.find(deps.db.q, payload.orderId);
      if (!row) return;
      // A supplier giving lines back from an order the store cancelled (or refunded) is the cancellation's
      // echo, not a problem to handle: refunding or notifying again would do it twice.
      if (reroute.length && FINAL_STATUSES.has(row.status as OrderStatus)) return;
      const event = await deps.repos.events.byId(payload.eventId);
      if (!event) return rerouteOnly();
      const suppliers = new Map((await deps.connectors.resolveKind('supplier')).map((s) => [s.id, s]));
      const cause = `${published.flow.id}@${published.flow.version}:${event.id}`;
      const order = deps.repos.orders.toCanonical(row);
      const base = await gatherRoutingInput(deps.db.q, deps.repos, order, suppliers, cause);
      const lines = await affectedLines(deps, event, base.lines, order.lines);
      const input: FlowRunInput = {
        ...base,
        lines,
        candidates: Object.fromEntries(lines.map((l) => [l.lineId, base.candidates[l.lineId] ?? []])),
        cause: { eventId: event.id, type: event.type },
        event: { type: payload.trigger, data: event.data as Record<string, unknown>, occurredAt: event.occurredAt },
      };
      const decision = await deps.cache.get(published.flow).run(input, { facts: deps.facts });
      await ctx.commit(async (tx) => {
        await deps.db.lockOrder(tx, payload.orderId);
        const applied = await applyFlowDecision(tx, deps.repos, input, decision, cause);
        await deps.recorder.record(tx, applied.drafts, { source: HUB_SOURCE });
        await deps.queue.enqueue(tx, [...applied.jobs, ...reroute]);
      });
    },
  };
}

/**
 * The order lines an event is about, with the quantities it names: the backordered or rejected lines of a
 * supplier order, a shipment's lines; all lines still open when the event names none.
 */
async function affectedLines(
  deps: { db: Database; repos: Repositories },
  event: CanonicalEvent,
  open: RoutingLine[],
  orderLines: { lineId: string; sku: string | null; title: string; quantity: number; unitPrice: string }[],
): Promise<RoutingLine[]> {
  const data = event.data as { supplierOrderId?: string; lines?: { lineId?: string; sku: string | null; quantity: number }[] };
  if (!data.lines?.length) {
    if (!data.supplierOrderId) return open.length ? open : orderLines.map(toRoutingLine);
    const so = await deps.repos.supplierOrders.find(deps.db.q, data.supplierOrderId);
    const soLines = (so?.lines ?? []) as unknown as TrackedLine[];
    return soLines.map((l) => toRoutingLine({ ...orderLines.find((o) => o.lineId === l.lineId)!, quantity: l.quantity }));
  }
  const so = data.supplierOrderId ? await deps.repos.supplierOrders.find(deps.db.q, data.supplierOrderId) : undefined;
  const soLines = (so?.lines ?? []) as unknown as TrackedLine[];
  const out: RoutingLine[] = [];
  for (const ref of data.lines) {
    const lineId = ref.lineId ?? findLine(soLines, { lineId: ref.lineId, sku: ref.sku, quantity: ref.quantity })?.lineId ?? orderLines.find((o) => o.sku === ref.sku)?.lineId;
    const line = orderLines.find((o) => o.lineId === lineId);
    if (line) out.push(toRoutingLine({ ...line, quantity: ref.quantity || line.quantity }));
  }
  return out;
}

function toRoutingLine(l: { lineId: string; sku: string | null; title: string; quantity: number; unitPrice: string }): RoutingLine {
  return { lineId: l.lineId, sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice };
}
