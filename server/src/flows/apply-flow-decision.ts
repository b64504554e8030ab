/**
 * @module Turning a flow's decision into what happens: supplier orders and their placement (through the
 * `order.routed` event), a hold, an exception for lines nobody can take, and the other actions — notify
 * the customer, cancel and refund in the store, tag, call a webhook — each as a job keyed by the decision
 * and the node, so a re-run can't notify, refund or call twice.
 */
import type { Assignment } from '@dropline/connectors/model';
import type { FlowAction, RoutingDecision, RoutingInput } from '@dropline/rules';
import type { Queryable } from '../db/database.ts';
import type { SupplierOrderLine } from '../fulfillment/supplier-order-repository.ts';
import type { EnqueueJob } from '../jobs/job-queue.ts';
import { storeOrderJob } from '../store-sync/store-order-jobs.ts';
import type { Repositories } from '../workflow/repositories.ts';
import type { EventDraft } from '../workflow/types.ts';
import { FLOW_JOB_TYPES } from './flow-job-types.ts';

export interface AppliedDecision {
  drafts: EventDraft[];
  jobs: EnqueueJob[];
}

/**
 * The events and jobs for `decision` on `order`. `cause` names what asked for the decision (the routing
 * job's cause event, or the triggering event of an exception flow): it keys every job, so the same cause
 * never acts twice.
 */
export async function applyFlowDecision(
  tx: Queryable,
  repos: Repositories,
  input: RoutingInput,
  decision: RoutingDecision,
  cause: string,
): Promise<AppliedDecision> {
  const orderId = input.order.id;
  const drafts: EventDraft[] = [];
  const jobs = (decision.actions ?? []).flatMap((a) => actionJobs(a, orderId, cause));
  const actions = (decision.actions ?? []).map((a) => ({ type: a.type, nodeId: a.nodeId }));
  if (decision.kind === 'hold') {
    drafts.push({
      type: 'order.held',
      orderId,
      data: { reason: decision.reason, flowId: decision.flowId, flowVersion: decision.flowVersion, nodeId: decision.nodeId, trace: decision.trace },
    });
  } else if (decision.kind === 'exception') {
    drafts.push({ type: 'order.exception', orderId, data: { code: decision.code, message: decision.message } });
  } else {
    const settled = (decision.settled ?? []).map((s) => ({ lineId: s.lineId, sku: s.sku, quantity: s.quantity, nodeId: s.nodeId }));
    if (decision.assignments.length > 0 || settled.length > 0 || actions.length > 0) {
      const created = await createSupplierOrders(tx, repos, orderId, input.order, decision.assignments, input.attempt);
      drafts.push({
        type: 'order.routed',
        orderId,
        data: {
          flowId: decision.flowId,
          flowVersion: decision.flowVersion,
          assignments: decision.assignments,
          trace: decision.trace,
          excluded: dedupeExcluded(Object.values(input.excluded).flat()),
          supplierOrders: created,
          settled,
          actions,
        },
      });
    }
    if (decision.unassigned.length > 0) {
      drafts.push({
        type: 'order.exception',
        orderId,
        data: {
          code: 'no_supplier',
          message: decision.unassigned.map((u) => `${u.sku ?? `line ${u.lineId}`}: ${u.reason}`).join('; '),
          lines: decision.unassigned.map((u) => ({ lineId: u.lineId, sku: u.sku, quantity: u.quantity })),
        },
      });
    }
  }
  const tags = (decision.actions ?? []).flatMap((a) => (a.type === 'add-tag' ? a.tags : []));
  if (tags.length) await repos.orders.addTags(tx, orderId, tags);
  return { drafts, jobs };
}

function actionJobs(action: FlowAction, orderId: string, cause: string): EnqueueJob[] {
  const key = `${cause}:${action.nodeId}`;
  switch (action.type) {
    case 'hold':
      return [];
    case 'notify-customer':
      return [
        {
          type: FLOW_JOB_TYPES.notify,
          payload: { orderId, template: action.template, channel: action.channel, ...(action.to ? { to: action.to } : {}), lines: action.lines, cause: key },
          dedupeKey: `${FLOW_JOB_TYPES.notify}:${key}`,
          orderId,
        },
      ];
    case 'cancel-refund': {
      const out: EnqueueJob[] = [];
      if (action.cancelOrder) out.push(storeOrderJob('cancel', { orderId, cause: key, reason: action.reason, by: 'rule' }));
      out.push(
        storeOrderJob('refund', {
          orderId,
          cause: key,
          ...(action.mode === 'full' ? {} : { amount: action.amount }),
          reason: action.reason,
          lines: action.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })),
        }),
      );
      return out;
    }
    case 'add-tag':
      return [storeOrderJob('annotate', { orderId, cause: key, tags: action.tags })];
    case 'call-webhook':
      return [{ type: FLOW_JOB_TYPES.webhook, payload: { orderId, url: action.url, nodeId: action.nodeId, lines: action.lines, cause: key }, dedupeKey: `${FLOW_JOB_TYPES.webhook}:${key}`, orderId }];
  }
}

function dedupeExcluded(list: { supplierId: string; reason: string }[]) {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${e.supplierId}\u0000${e.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
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
