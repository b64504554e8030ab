/**
 * @module How order-level events change the stored order.
 *
 * Stores resend and reorder webhooks: a create may come twice, an update may come before its create,
 * an old update may arrive after a newer one. Each case is decided here, once.
 */
import { isDeepStrictEqual } from 'node:util';
import { money, type EventData, type EventType, type OrderSnapshot } from '@dropline/connectors/model';
import type { JobQueue } from '../jobs/job-queue.ts';
import { STORE_SYNC_JOB_TYPES, type StoreCancelPayload } from '../store-sync/store-order-jobs.ts';
import type { Repositories } from './repositories.ts';
import { resolveOrderId } from './resolve-order.ts';
import type { Applier, ApplyContext, ApplyOutcome } from './types.ts';

export function orderAppliers(repos: Repositories, queue: JobQueue): Partial<Record<EventType, Applier>> {
  /** Creates the order, or reports it as known. */
  const receive = async (order: OrderSnapshot, ctx: ApplyContext): Promise<ApplyOutcome> => {
    const { row, created } = await repos.orders.insert(ctx.tx, ctx.source, order, ctx.now);
    // Inserted as `received` already: no status change to write.
    if (created) return { orderId: row.id, type: 'order.received' };
    return update(row.id, row.storeVersion, row.snapshot, order, ctx);
  };

  const update = async (
    orderId: string,
    heldVersion: string,
    heldSnapshot: unknown,
    order: OrderSnapshot,
    ctx: ApplyContext,
  ): Promise<ApplyOutcome> => {
    if (order.updatedAt < heldVersion) return { skip: `stale: we hold the order as of ${heldVersion}, this is as of ${order.updatedAt}` };
    // Through JSON, as stored: absent and undefined fields compare equal, key order doesn't matter (jsonb).
    if (isDeepStrictEqual(heldSnapshot, JSON.parse(JSON.stringify(order)))) return { skip: 'no change' };
    const applied = await repos.orders.updateSnapshot(ctx.tx, orderId, order, ctx.now);
    return applied ? { orderId, type: 'order.updated' } : { skip: 'stale: a newer update was applied meanwhile' };
  };

  const onOrder = (status?: ApplyOutcome['status']): Applier => async (event, ctx) => ({
    orderId: await resolveOrderId(event, ctx, repos),
    status,
  });

  return {
    'order.received': (event, ctx) => receive((event.data as EventData<'order.received'>).order, ctx),
    'order.updated': async (event, ctx) => {
      const order = (event.data as EventData<'order.updated'>).order;
      const held = await repos.orders.findByExternal(ctx.tx, ctx.source, order.externalId);
      // An update for an order we never saw (its create was lost upstream): it is how we receive it.
      if (!held) return receive(order, ctx);
      return update(held.id, held.storeVersion, held.snapshot, order, ctx);
    },
    'order.cancelled': async (event, ctx) => {
      const orderId = await resolveOrderId(event, ctx, repos);
      // A cancellation Dropline made in the store and the store's announcement of it may arrive together.
      if (orderId) await repos.orders.lock(ctx.tx, orderId);
      const order = orderId ? await repos.orders.require(ctx.tx, orderId) : undefined;
      if (order?.status === 'cancelled') return { skip: 'already cancelled' };
      const data = event.data as EventData<'order.cancelled'>;
      if (orderId && data.by === 'store') {
        // The store announces the cancellations Dropline makes through it, often before the store call
        // returns: while a rule's or ops' cancel job for the order is unfinished, this is that cancellation,
        // recorded as theirs (the job then finds the order cancelled and records nothing more).
        const [asked] = await queue.unfinished(ctx.tx, orderId, STORE_SYNC_JOB_TYPES.cancel);
        const p = asked?.payload as StoreCancelPayload | undefined;
        if (p) return { orderId, status: 'cancelled', data: { ...data, reason: p.reason ?? data.reason, by: p.by ?? 'ops' } };
      }
      return { orderId, status: 'cancelled' };
    },
    // Derived from `routed` on: a decision on an order partly on its way keeps the status it has.
    'order.routed': async (event, ctx) => ({ orderId: await resolveOrderId(event, ctx, repos), status: 'routed', deriveStatus: true }),
    'order.held': onOrder('held'),
    'order.exception': onOrder('exception'),
    'refund.issued': async (event, ctx) => {
      const orderId = await resolveOrderId(event, ctx, repos);
      if (!orderId) return {};
      // The job that made a refund and the store's announcement of it may be recorded at the same moment:
      // one waits for the other, then sees it.
      await repos.orders.lock(ctx.tx, orderId);
      const order = await repos.orders.require(ctx.tx, orderId);
      const data = event.data as EventData<'refund.issued'>;
      // Stores announce the refunds Dropline makes through them (Shopify's refunds/create, WooCommerce's
      // order.updated): the store's refund id keeps it one event. Partial refunds add up to a full one.
      const earlier = (await repos.events.forOrder(orderId, ctx.tx))
        .filter((e) => e.type === 'refund.issued')
        .map((e) => e.data as EventData<'refund.issued'>);
      if (data.externalId && earlier.some((e) => e.externalId === data.externalId)) return { skip: `refund ${data.externalId} already recorded` };
      const full = money.compare(money.add(data.amount, ...earlier.map((e) => e.amount)), order.total) >= 0;
      return { orderId, status: full && order.status !== 'cancelled' ? 'refunded' : undefined };
    },
    'notification.sent': onOrder(),
    'return.requested': onOrder(),
    'return.authorized': onOrder(),
    'return.received': onOrder('returned'),
  };
}
