/**
 * @module The `supplier.place` job: send one purchase order to its supplier.
 *
 * The PO number is the idempotency key, so a retry after a crash between the call and the commit asks
 * the supplier for the same order again and gets the same one back. A supplier that refuses the order
 * outright (a 4xx, a missing capability) or stays unreachable through every attempt is recorded as
 * rejecting it, which hands the lines back to routing: the order fails over instead of stalling.
 */
import { AppError, ConfigurationError, isRetryable, type PlaceOrderInput } from '@dropline/connectors/sdk';
import type { OrderSnapshot } from '@dropline/connectors/model';
import { actionContext } from '../connectors/action-context.ts';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { Logger } from '../logging.ts';
import type { Metrics } from '../metrics.ts';
import type { EventRecorder } from '../workflow/event-recorder.ts';
import { JOB_TYPES } from '../workflow/job-types.ts';
import type { Repositories } from '../workflow/repositories.ts';
import { HUB_SOURCE } from '../workflow/types.ts';
import type { TrackedLine } from './supplier-order-lines.ts';

export function placeSupplierOrderJob(deps: {
  db: Database;
  repos: Repositories;
  recorder: EventRecorder;
  connectors: ConnectorService;
  log: Logger;
  metrics?: Metrics;
}): JobHandler<{ supplierOrderId: string }> {
  return {
    type: JOB_TYPES.place,
    async run({ supplierOrderId }, ctx) {
      const so = await deps.repos.supplierOrders.find(deps.db.q, supplierOrderId);
      // Not "status is pending": the supplier's acknowledgment can overtake our record of the placement
      // (its webhook arrives before a retried job commits). Until the placement is recorded, asking again
      // under the same idempotency key is safe and gets the same order back.
      if (!so || so.placedAt !== null || ['rejected', 'cancelled'].includes(so.status)) return;
      const order = deps.repos.orders.toCanonical(await deps.repos.orders.require(deps.db.q, so.orderId));
      const lines = so.lines as unknown as TrackedLine[];
      const reject = (reason: string) =>
        ctx.commit((tx) =>
          deps.recorder.record(tx, [{ type: 'supplier_order.rejected', orderId: so.orderId, data: { supplierId: so.supplierId, supplierOrderId: so.id, reason } }], {
            source: HUB_SOURCE,
          }),
        );
      try {
        const supplier = await deps.connectors.resolve(so.supplierId);
        const placeOrder = supplier.def.actions?.placeOrder;
        if (!supplier.enabled) throw new ConfigurationError(`supplier "${so.supplierId}" is disabled`);
        if (!placeOrder) throw new ConfigurationError(`connector type "${supplier.def.type}" cannot place orders`);
        const input: PlaceOrderInput = {
          supplierOrderId: so.id,
          order: {
            id: order.id,
            number: order.number,
            currency: order.currency,
            placedAt: order.placedAt,
            shippingAddress: (order as OrderSnapshot).shippingAddress,
            customer: order.customer,
            shippingMethod: order.shippingLines[0]?.title,
            note: order.note,
          },
          lines: lines.map((l) => ({ lineId: l.lineId, sku: l.sku, supplierSku: l.supplierSku, title: l.title, quantity: l.quantity, unitCost: l.unitCost })),
        };
        const result = await placeOrder(input, actionContext(deps.db, supplier, so.id, ctx.log));
        deps.metrics?.outbound.inc({ connector: so.supplierId, action: 'placeOrder', outcome: 'ok' });
        await ctx.commit(async (tx) => {
          await deps.recorder.record(
            tx,
            [
              {
                type: 'supplier_order.placed',
                orderId: so.orderId,
                data: {
                  supplierId: so.supplierId,
                  supplierOrderId: so.id,
                  externalId: result.externalId,
                  attempt: so.attempt,
                  lines: lines.map((l) => ({ lineId: l.lineId, sku: l.sku, supplierSku: l.supplierSku, quantity: l.quantity })),
                },
              },
            ],
            { source: HUB_SOURCE },
          );
          if (result.events?.length) await deps.recorder.record(tx, result.events, { source: so.supplierId });
        });
      } catch (err) {
        deps.metrics?.outbound.inc({ connector: so.supplierId, action: 'placeOrder', outcome: 'error' });
        const lastAttempt = ctx.job.attempts >= ctx.job.maxAttempts;
        if (isRetryable(err) && !lastAttempt) throw err;
        const reason = err instanceof AppError ? err.message : String(err);
        ctx.log.warn({ err, supplierOrderId }, 'supplier did not take the order; failing over');
        await reject(lastAttempt && isRetryable(err) ? `unreachable after ${ctx.job.attempts} attempts: ${reason}` : reason);
      }
    },
  };
}
