/** @module Finding the order an inbound event is about, from whatever reference its sender knows. */
import { ValidationError } from '@dropline/connectors/sdk';
import type { CanonicalEvent } from '@dropline/connectors/model';
import type { Repositories } from './repositories.ts';
import type { ApplyContext } from './types.ts';

/** The order id for `event`, or undefined when it concerns no order (a stock feed). Throws if a reference is unknown. */
export async function resolveOrderId(event: CanonicalEvent, ctx: ApplyContext, repos: Repositories): Promise<string | undefined> {
  if (event.orderId) return event.orderId;
  const data = event.data as { supplierOrderId?: string; trackingNumber?: string; carrier?: string };
  const ref = ctx.ref ?? {};
  const externalOrderId = ref.externalOrderId;
  if (externalOrderId) {
    const order = await repos.orders.findByExternal(ctx.tx, ctx.source, externalOrderId);
    if (!order) throw unknown('externalOrderId', `no order "${externalOrderId}" from "${ctx.source}"`);
    return order.id;
  }
  const po = ref.supplierOrderId ?? data.supplierOrderId;
  if (po) {
    const so = await repos.supplierOrders.find(ctx.tx, po);
    if (!so) throw unknown('supplierOrderId', `no supplier order "${po}"`);
    return so.orderId;
  }
  const tracking = ref.trackingNumber ?? data.trackingNumber;
  if (tracking) {
    const shipment = await repos.shipments.byTracking(ctx.tx, tracking, data.carrier);
    if (!shipment) throw unknown('trackingNumber', `no shipment with tracking number "${tracking}"`);
    return shipment.orderId;
  }
  return undefined;
}

function unknown(field: string, message: string): ValidationError {
  return new ValidationError(message, [{ field, message }], 'reference_unknown');
}

/** Events a supplier sends may only speak for that supplier. */
export function assertSupplierIsSource(supplierId: string, ctx: ApplyContext): void {
  if (ctx.source !== 'dropline' && supplierId !== ctx.source) {
    throw new ValidationError(`connector "${ctx.source}" cannot report for supplier "${supplierId}"`, [
      { field: 'data.supplierId', message: `must be "${ctx.source}"` },
    ], 'supplier_mismatch', 403);
  }
}
