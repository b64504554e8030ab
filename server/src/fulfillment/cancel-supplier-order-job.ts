/**
 * @module The `supplier.cancel` job: ask a supplier to cancel a purchase order (the store cancelled).
 * Suppliers whose connector cannot cancel get an exception on the order for a person to call them.
 */
import { actionContext } from '../connectors/action-context.ts';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { EventRecorder } from '../workflow/event-recorder.ts';
import { JOB_TYPES } from '../workflow/job-types.ts';
import type { Repositories } from '../workflow/repositories.ts';
import { HUB_SOURCE } from '../workflow/types.ts';

export function cancelSupplierOrderJob(deps: {
  db: Database;
  repos: Repositories;
  recorder: EventRecorder;
  connectors: ConnectorService;
}): JobHandler<{ supplierOrderId: string }> {
  return {
    type: JOB_TYPES.cancelAtSupplier,
    async run({ supplierOrderId }, ctx) {
      const so = await deps.repos.supplierOrders.find(deps.db.q, supplierOrderId);
      if (!so || ['cancelled', 'rejected', 'backordered', 'shipped', 'delivered'].includes(so.status)) return;
      const supplier = await deps.connectors.resolve(so.supplierId);
      const cancel = supplier.def.actions?.cancelSupplierOrder;
      if (!cancel || so.status === 'pending') {
        // Never sent (pending) needs no call; a supplier without a cancel API needs a person.
        await ctx.commit((tx) =>
          deps.recorder.record(
            tx,
            so.status === 'pending'
              ? [{ type: 'supplier_order.cancelled', orderId: so.orderId, data: { supplierId: so.supplierId, supplierOrderId: so.id, reason: 'order cancelled before placement' } }]
              : [{ type: 'order.exception', orderId: so.orderId, data: { code: 'supplier_cancel_manual', message: `cancel ${so.id} with ${supplier.name} by hand: its connector has no cancel action`, supplierId: so.supplierId } }],
            { source: HUB_SOURCE },
          ),
        );
        return;
      }
      const result = await cancel({ supplierOrderId: so.id, externalId: so.externalId ?? undefined, reason: 'cancelled by the store' }, actionContext(deps.db, supplier, `cancel:${so.id}`, ctx.log));
      await ctx.commit((tx) =>
        deps.recorder.record(
          tx,
          [
            result.cancelled
              ? { type: 'supplier_order.cancelled', orderId: so.orderId, data: { supplierId: so.supplierId, supplierOrderId: so.id, reason: 'cancelled by the store' } }
              : { type: 'order.exception', orderId: so.orderId, data: { code: 'supplier_cancel_refused', message: `${supplier.name} could not cancel ${so.id} (already in fulfilment)`, supplierId: so.supplierId } },
          ],
          { source: HUB_SOURCE },
        ),
      );
    },
  };
}
