/**
 * @module What each event sets in motion. Reactions only enqueue jobs (in the recording transaction);
 * the jobs do the work, with retries, after the commit.
 *
 * Job dedupe keys are derived from the causing event's id, so recording is the one place work starts
 * and the same event can never start the same work twice.
 */
import type { EventData, EventType } from '@dropline/connectors/model';
import type { ConnectorService } from '../connectors/connector-service.ts';
import { RELEASED_STATUSES, type SupplierOrderStatus } from '../fulfillment/supplier-order-repository.ts';
import type { Repositories } from './repositories.ts';
import type { Reaction } from './types.ts';
import { JOB_TYPES } from './job-types.ts';

/**
 * `more`: reactions of other features (supplier SLA timers, inventory sync), run after the built-in ones.
 * `reroutesLater`: true when an exception flow will run on this event first and route the order after it
 * (so a refund it decides settles lines before routing looks for a supplier for them).
 */
export function defaultReactions(
  repos: Repositories,
  connectors: ConnectorService,
  more: Partial<Record<EventType, Reaction[]>> = {},
  reroutesLater: (event: { type: EventType }, tx: import('../db/database.ts').Queryable) => Promise<boolean> = async () => false,
): Partial<Record<EventType, Reaction[]>> {
  const route: Reaction = async (event) =>
    event.orderId
      ? [{ type: JOB_TYPES.route, payload: { orderId: event.orderId, cause: event.id }, dedupeKey: `route:${event.id}`, orderId: event.orderId }]
      : [];

  /** A supplier gave lines back: route them again (failover), unless a flow on the event does it after. */
  const reroute: Reaction = async (event, ctx) => ((await reroutesLater(event, ctx.tx)) ? [] : route(event, ctx));

  /** Each purchase order a routing decision created is sent to its supplier. */
  const place: Reaction = async (event) =>
    (event.data as EventData<'order.routed'>).supplierOrders.map((so) => ({
      type: JOB_TYPES.place,
      payload: { supplierOrderId: so.supplierOrderId },
      dedupeKey: `place:${so.supplierOrderId}`,
      orderId: event.orderId,
    }));

  /** The store learns about shipments, if its connector can take them. */
  const fulfilInStore: Reaction = async (event, ctx) => {
    if (!event.orderId) return [];
    const order = await repos.orders.require(ctx.tx, event.orderId);
    const store = await connectors.resolve(order.source).catch(() => undefined);
    if (!store?.def.actions?.createFulfillment) return [];
    const data = event.data as EventData<'shipment.created'>;
    return [
      {
        type: JOB_TYPES.fulfilInStore,
        payload: { orderId: order.id, carrier: data.carrier, trackingNumber: data.trackingNumber },
        dedupeKey: `fulfil:${event.id}`,
        orderId: order.id,
      },
    ];
  };

  /** New shipments are registered for tracking updates. */
  const track: Reaction = async (event) => {
    const data = event.data as EventData<'shipment.created'>;
    return [
      {
        type: JOB_TYPES.track,
        payload: { carrier: data.carrier, trackingNumber: data.trackingNumber },
        dedupeKey: `track:${event.id}`,
        orderId: event.orderId,
      },
    ];
  };

  /** A cancelled order cancels what suppliers still hold. */
  const cancelAtSuppliers: Reaction = async (event, ctx) => {
    // Whoever cancelled it (the store, a rule, ops through the store), suppliers stop; a supplier's own
    // cancellation concerns its purchase order only.
    if (!event.orderId || (event.data as EventData<'order.cancelled'>).by === 'supplier') return [];
    const open = (await repos.supplierOrders.forOrder(ctx.tx, event.orderId)).filter(
      (so) => !RELEASED_STATUSES.includes(so.status as SupplierOrderStatus) && so.status !== 'shipped' && so.status !== 'delivered',
    );
    return open.map((so) => ({
      type: JOB_TYPES.cancelAtSupplier,
      payload: { supplierOrderId: so.id },
      dedupeKey: `cancel:${so.id}`,
      orderId: so.orderId,
    }));
  };

  const builtIn: Partial<Record<EventType, Reaction[]>> = {
    'order.received': [route],
    'order.routed': [place],
    'supplier_order.backordered': [reroute],
    'supplier_order.rejected': [reroute],
    'supplier_order.cancelled': [reroute],
    'shipment.created': [fulfilInStore, track],
    'order.cancelled': [cancelAtSuppliers],
  };
  const all = { ...builtIn };
  for (const [type, list] of Object.entries(more) as [EventType, Reaction[]][]) all[type] = [...(all[type] ?? []), ...list];
  return all;
}

/** Several features' reactions as one set: each event type runs all of them, in the order given. */
export function mergeReactions(...sets: Partial<Record<EventType, Reaction[]>>[]): Partial<Record<EventType, Reaction[]>> {
  const all: Partial<Record<EventType, Reaction[]>> = {};
  for (const set of sets) for (const [type, list] of Object.entries(set) as [EventType, Reaction[]][]) all[type] = [...(all[type] ?? []), ...list];
  return all;
}
