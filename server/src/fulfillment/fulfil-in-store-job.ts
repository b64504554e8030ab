/**
 * @module The `store.fulfil` job: tell the store a shipment left, with carrier and tracking, so the
 * customer sees it where they bought. Keyed by the shipment, so a retry never fulfils twice.
 */
import { actionContext } from '../connectors/action-context.ts';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { Metrics } from '../metrics.ts';
import { JOB_TYPES } from '../workflow/job-types.ts';
import type { Repositories } from '../workflow/repositories.ts';
import type { ShipmentLine } from './shipment-repository.ts';

export function fulfilInStoreJob(deps: {
  db: Database;
  repos: Repositories;
  connectors: ConnectorService;
  metrics?: Metrics;
}): JobHandler<{ orderId: string; carrier: string; trackingNumber: string }> {
  return {
    type: JOB_TYPES.fulfilInStore,
    async run(payload, ctx) {
      const order = await deps.repos.orders.require(deps.db.q, payload.orderId);
      const shipment = await deps.repos.shipments.byTracking(deps.db.q, payload.trackingNumber, payload.carrier);
      if (!shipment) return;
      const store = await deps.connectors.resolve(order.source);
      const createFulfillment = store.def.actions?.createFulfillment;
      if (!createFulfillment) return;
      // One store call per order at a time: see Database.exclusive.
      await deps.db.exclusive(`store-order:${order.id}`, () => createFulfillment(
        {
          order: { externalId: order.externalId, number: order.number },
          carrier: shipment.carrier,
          trackingNumber: shipment.trackingNumber,
          trackingUrl: shipment.trackingUrl ?? undefined,
          lines: (shipment.lines as unknown as ShipmentLine[]).filter((l) => l.lineId).map((l) => ({ lineId: l.lineId!, quantity: l.quantity })),
          notifyCustomer: true,
        },
        actionContext(deps.db, store, `fulfil:${shipment.id}`, ctx.log),
      ));
      deps.metrics?.outbound.inc({ connector: store.id, action: 'createFulfillment', outcome: 'ok' });
    },
  };
}
