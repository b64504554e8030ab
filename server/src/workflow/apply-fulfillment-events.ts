/**
 * @module How supplier and carrier events move supplier orders and shipments.
 *
 * Every transition is conditional on the state it starts from, so a repeated or late event (an
 * acknowledgment after the shipment) is recognised and skipped rather than moving things backwards.
 */
import type { EventData, EventType } from '@dropline/connectors/model';
import { ValidationError } from '@dropline/connectors/sdk';
import { allReleased, allShipped, releaseLines, shipLines, type TrackedLine } from '../fulfillment/supplier-order-lines.ts';
import type { SupplierOrderStatus } from '../fulfillment/supplier-order-repository.ts';
import type { Repositories } from './repositories.ts';
import { assertSupplierIsSource, resolveOrderId } from './resolve-order.ts';
import type { Applier, ApplyContext } from './types.ts';

const OPEN: readonly SupplierOrderStatus[] = ['pending', 'placed', 'acknowledged'];

export function fulfillmentAppliers(repos: Repositories): Partial<Record<EventType, Applier>> {
  const supplierOrder = async (data: { supplierId: string; supplierOrderId: string }, ctx: ApplyContext) => {
    assertSupplierIsSource(data.supplierId, ctx);
    return repos.supplierOrders.requireFor(ctx.tx, data.supplierOrderId, data.supplierId);
  };

  /** Backorder, rejection and cancellation all hand lines back to routing. */
  const release =
    (status: 'backordered' | 'rejected' | 'cancelled'): Applier =>
    async (event, ctx) => {
      const data = event.data as EventData<'supplier_order.rejected'>;
      const so = await supplierOrder(data, ctx);
      if (!OPEN.includes(so.status as SupplierOrderStatus)) return { skip: `supplier order is ${so.status}` };
      const lines = releaseLines(so.lines as unknown as TrackedLine[], data.lines);
      const whole = allReleased(lines);
      await repos.supplierOrders.update(
        ctx.tx,
        so.id,
        { lines: lines as unknown as Array<Record<string, unknown>>, ...(whole ? { status } : {}) },
        ctx.now,
      );
      return { orderId: so.orderId, deriveStatus: true };
    };

  return {
    'supplier_order.placed': async (event, ctx) => {
      const data = event.data as EventData<'supplier_order.placed'>;
      const so = await supplierOrder(data, ctx);
      if (so.placedAt !== null) return { skip: 'placement already recorded' };
      // The supplier may have acknowledged (or shipped) already; the status only moves forward.
      await repos.supplierOrders.update(
        ctx.tx,
        so.id,
        { placedAt: ctx.now, externalId: data.externalId ?? so.externalId, ...(so.status === 'pending' ? { status: 'placed' } : {}) },
        ctx.now,
      );
      return { orderId: so.orderId, deriveStatus: true };
    },
    'supplier_order.acknowledged': async (event, ctx) => {
      const data = event.data as EventData<'supplier_order.acknowledged'>;
      const so = await supplierOrder(data, ctx);
      const moved = await repos.supplierOrders.transition(
        ctx.tx,
        so.id,
        ['pending', 'placed'],
        { status: 'acknowledged', externalId: data.externalId ?? so.externalId, acknowledgedAt: ctx.now },
        ctx.now,
      );
      return moved ? { orderId: so.orderId, deriveStatus: true } : { skip: `supplier order is ${so.status}` };
    },
    'supplier_order.backordered': release('backordered'),
    'supplier_order.rejected': release('rejected'),
    'supplier_order.cancelled': release('cancelled'),

    'shipment.created': async (event, ctx) => {
      const data = event.data as EventData<'shipment.created'>;
      if (!data.supplierOrderId) {
        const orderId = await resolveOrderId(event, ctx, repos);
        if (!orderId) throw new ValidationError('a shipment must name its supplier order or order', [{ field: 'supplierOrderId', message: 'required' }]);
        const inserted = await repos.shipments.insert(
          ctx.tx,
          { orderId, supplierOrderId: null, supplierId: data.supplierId ?? null, carrier: data.carrier, trackingNumber: data.trackingNumber, trackingUrl: data.trackingUrl ?? null, lines: data.lines as unknown as Array<Record<string, unknown>>, shippedAt: data.shippedAt ? Date.parse(data.shippedAt) : ctx.now },
          ctx.now,
        );
        return inserted ? { orderId, deriveStatus: true } : { skip: 'shipment already known' };
      }
      const so = await supplierOrder({ supplierId: data.supplierId ?? ctx.source, supplierOrderId: data.supplierOrderId }, ctx);
      const { lines, shipped } = shipLines(so.lines as unknown as TrackedLine[], data.lines);
      const inserted = await repos.shipments.insert(
        ctx.tx,
        {
          orderId: so.orderId,
          supplierOrderId: so.id,
          supplierId: so.supplierId,
          carrier: data.carrier,
          trackingNumber: data.trackingNumber,
          trackingUrl: data.trackingUrl ?? null,
          lines: shipped as unknown as Array<Record<string, unknown>>,
          shippedAt: data.shippedAt ? Date.parse(data.shippedAt) : ctx.now,
        },
        ctx.now,
      );
      if (!inserted) return { skip: 'shipment already known' };
      await repos.supplierOrders.update(
        ctx.tx,
        so.id,
        {
          lines: lines as unknown as Array<Record<string, unknown>>,
          shippedAt: so.shippedAt ?? ctx.now,
          ...(allShipped(lines) ? { status: 'shipped' } : so.status === 'pending' || so.status === 'placed' ? { status: 'acknowledged' } : {}),
        },
        ctx.now,
      );
      return { orderId: so.orderId, deriveStatus: true };
    },

    'shipment.tracking_updated': async (event, ctx) => {
      const data = event.data as EventData<'shipment.tracking_updated'>;
      const shipment = await repos.shipments.byTracking(ctx.tx, data.trackingNumber, data.carrier);
      if (!shipment) throw unknownTracking(data.trackingNumber);
      if (shipment.status === 'delivered') return { skip: 'shipment already delivered' };
      if (shipment.status === data.status && shipment.lastEvent === (data.description ?? null)) return { skip: 'no change' };
      // "delivered" is set by the shipment.delivered event that carriers send with (or after) this one,
      // so that event is recorded rather than skipped as a repeat.
      await repos.shipments.update(
        ctx.tx,
        shipment.id,
        {
          status: data.status === 'delivered' ? shipment.status : data.status,
          lastEvent: data.description ?? null,
          estimatedDeliveryAt: data.estimatedDeliveryAt ?? shipment.estimatedDeliveryAt,
        },
        ctx.now,
      );
      return { orderId: shipment.orderId };
    },

    'shipment.delivered': async (event, ctx) => {
      const data = event.data as EventData<'shipment.delivered'>;
      const shipment = await repos.shipments.byTracking(ctx.tx, data.trackingNumber, data.carrier);
      if (!shipment) throw unknownTracking(data.trackingNumber);
      if (shipment.status === 'delivered') return { skip: 'shipment already delivered' };
      await repos.shipments.update(ctx.tx, shipment.id, { status: 'delivered', deliveredAt: Date.parse(data.deliveredAt) }, ctx.now);
      if (shipment.supplierOrderId) {
        const siblings = (await repos.shipments.forOrder(ctx.tx, shipment.orderId)).filter((s) => s.supplierOrderId === shipment.supplierOrderId);
        if (siblings.every((s) => s.id === shipment.id || s.status === 'delivered')) {
          await repos.supplierOrders.transition(ctx.tx, shipment.supplierOrderId, ['shipped'], { status: 'delivered' }, ctx.now);
        }
      }
      return { orderId: shipment.orderId, deriveStatus: true };
    },
  };
}

function unknownTracking(trackingNumber: string): ValidationError {
  return new ValidationError(`no shipment with tracking number "${trackingNumber}"`, [
    { field: 'trackingNumber', message: 'unknown tracking number' },
  ], 'reference_unknown');
}
