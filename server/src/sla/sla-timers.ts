/**
 * @module SLA timers on supplier orders. Placing a supplier order schedules two durable checks in the
 * recording transaction: one at the end of the acknowledgment window, one at the shipping deadline. A
 * check that finds the order still unacknowledged (or unshipped) records an `order.exception`
 * (`ack_overdue` / `ship_overdue`); a missed acknowledgment also rejects the supplier order when the
 * agreement says to fail over, which hands its lines back to routing like any rejection (the supplier
 * is asked to cancel first, so a late wake-up doesn't ship the order twice).
 *
 * The checks are jobs with `runAt`, so they survive restarts and fire once (dedupe key per order and kind).
 */
import type { EventData } from '@dropline/connectors/model';
import { actionContext } from '../connectors/action-context.ts';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database } from '../db/database.ts';
import type { SupplierOrderRow } from '../fulfillment/supplier-order-repository.ts';
import type { Logger } from '../logging.ts';
import type { TrackedLine } from '../fulfillment/supplier-order-lines.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { EventRecorder } from '../workflow/event-recorder.ts';
import type { Repositories } from '../workflow/repositories.ts';
import { HUB_SOURCE, type EventDraft, type Reaction } from '../workflow/types.ts';
import type { AgreementRepository } from '../suppliers/agreement-repository.ts';
import { SUPPLIER_JOB_TYPES } from '../suppliers/supplier-job-types.ts';
import { ackDeadline, shipDeadline } from './sla-deadlines.ts';

export type SlaCheck = 'ack' | 'ship';

export interface SlaCheckPayload {
  supplierOrderId: string;
  check: SlaCheck;
  /** Epoch ms the deadline fell on (for the message; the job runs then). */
  deadline: number;
}

/** Reaction to `supplier_order.placed`: schedule both checks. */
export function slaTimersReaction(agreements: AgreementRepository): Reaction {
  return async (event, ctx) => {
    const data = event.data as EventData<'supplier_order.placed'>;
    const terms = await agreements.terms(ctx.tx, data.supplierId);
    const timer = (check: SlaCheck, deadline: number) => ({
      type: SUPPLIER_JOB_TYPES.slaCheck,
      payload: { supplierOrderId: data.supplierOrderId, check, deadline } satisfies SlaCheckPayload,
      runAt: deadline,
      dedupeKey: `sla-${check}:${data.supplierOrderId}`,
      orderId: event.orderId,
    });
    return [timer('ack', ackDeadline(ctx.now, terms)), timer('ship', shipDeadline(ctx.now, terms))];
  };
}

export function slaCheckJob(deps: {
  db: Database;
  repos: Repositories;
  recorder: EventRecorder;
  agreements: AgreementRepository;
  connectors: ConnectorService;
}): JobHandler<SlaCheckPayload> {
  return {
    type: SUPPLIER_JOB_TYPES.slaCheck,
    async run({ supplierOrderId, check, deadline }, ctx) {
      // Failing over on a missed acknowledgment: ask the supplier to cancel first, so the order isn't
      // shipped twice if it wakes up later. Best effort: a supplier that can't or won't is still failed over.
      let cancelNote = '';
      const before = await deps.repos.supplierOrders.find(deps.db.q, supplierOrderId);
      if (check === 'ack' && before && before.acknowledgedAt === null && before.status === 'placed') {
        const terms = await deps.agreements.terms(deps.db.q, before.supplierId);
        if (terms.acknowledgment.failoverOnTimeout) cancelNote = await cancelAtSupplier(deps, before, ctx.log);
      }
      await ctx.commit(async (tx) => {
        const so = await deps.repos.supplierOrders.find(tx, supplierOrderId);
        if (!so) return;
        const late = check === 'ack' ? so.acknowledgedAt === null && ['pending', 'placed'].includes(so.status) : so.shippedAt === null && ['placed', 'acknowledged'].includes(so.status);
        if (!late) return;
        const terms = await deps.agreements.terms(tx, so.supplierId);
        const lines = (so.lines as unknown as TrackedLine[]).map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity }));
        const due = new Date(deadline).toISOString();
        const drafts: EventDraft[] = [
          {
            type: 'order.exception',
            orderId: so.orderId,
            data: {
              code: check === 'ack' ? 'ack_overdue' : 'ship_overdue',
              supplierId: so.supplierId,
              message:
                check === 'ack'
                  ? `${so.supplierId} did not acknowledge ${so.id} by ${due} (window ${terms.acknowledgment.windowMinutes} min)${cancelNote}`
                  : `${so.supplierId} did not ship ${so.id} by ${due} (turnaround ${terms.turnaround.shipWithinHours} h)`,
              lines,
            },
          },
        ];
        if (check === 'ack' && terms.acknowledgment.failoverOnTimeout) {
          drafts.push({
            type: 'supplier_order.rejected',
            orderId: so.orderId,
            data: { supplierId: so.supplierId, supplierOrderId: so.id, reason: 'acknowledgment window missed' },
          });
        }
        await deps.recorder.record(tx, drafts, { source: HUB_SOURCE });
      });
    },
  };
}

/** Asks the supplier to cancel; returns a note for the exception message. */
async function cancelAtSupplier(deps: { db: Database; connectors: ConnectorService }, so: SupplierOrderRow, log: Logger): Promise<string> {
  const supplier = await deps.connectors.resolve(so.supplierId).catch(() => undefined);
  const cancel = supplier?.def.actions?.cancelSupplierOrder;
  if (!supplier || !cancel) return '; its connector cannot cancel: call them';
  try {
    const r = await cancel({ supplierOrderId: so.id, externalId: so.externalId ?? undefined, reason: 'acknowledgment window missed' }, actionContext(deps.db, supplier, `sla-cancel:${so.id}`, log));
    return r.cancelled ? '; cancelled with the supplier' : '; the supplier refused to cancel: check it does not ship';
  } catch (err) {
    log.warn({ err, supplierOrderId: so.id }, 'cancelling an unacknowledged supplier order failed');
    return '; cancelling with the supplier failed: check it does not ship';
  }
}
