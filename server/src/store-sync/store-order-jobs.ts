/**
 * @module Jobs that change an order in its store: `store.refund`, `store.cancel`, `store.annotate`. The
 * rules engine and the console enqueue them with {@link storeOrderJob}, naming the cause (an event id, an
 * ops action id): the job's dedupe key and the connector's idempotency key both derive from it, so the same
 * cause can never refund, cancel or annotate twice, whatever retries happen in between.
 *
 * Outcomes are recorded as canonical events where one applies: `refund.issued` with the store's refund id
 * (the store's own announcement of the same refund is then recognised as a repeat), `order.cancelled`.
 * What the store refuses, or a store whose connector can't do it, becomes an `order.exception` on the
 * order's timeline instead of a dead job nobody looks at. Inventory and price pushes are the catalog
 * sync's jobs (`store.set-inventory`, `store.update-prices`).
 */
import type { EventDataInput, OrderSnapshot } from '@dropline/connectors/model';
import { isRetryable, type ActionName } from '@dropline/connectors/sdk';
import { actionContext } from '../connectors/action-context.ts';
import type { ConnectorService, ResolvedConnector } from '../connectors/connector-service.ts';
import type { Database } from '../db/database.ts';
import type { EnqueueJob } from '../jobs/job-queue.ts';
import type { JobContext, JobHandler } from '../jobs/job-runner.ts';
import type { Metrics } from '../metrics.ts';
import type { OrderRow } from '../orders/order-repository.ts';
import type { EventRecorder } from '../workflow/event-recorder.ts';
import type { Repositories } from '../workflow/repositories.ts';
import { HUB_SOURCE, type EventDraft } from '../workflow/types.ts';

export const STORE_SYNC_JOB_TYPES = {
  /** Refund all or part of an order in its store (`refund`). */
  refund: 'store.refund',
  /** Cancel an order in its store (`cancelOrder`). */
  cancel: 'store.cancel',
  /** Add tags and/or a note to an order in its store (`annotateOrder`). */
  annotate: 'store.annotate',
} as const;

export interface StoreRefundPayload {
  orderId: string;
  /** What caused it (an event id, an ops action id): one refund per cause. */
  cause: string;
  /** Omitted: the order's total (a full refund). */
  amount?: string;
  reason?: string;
  lines?: { lineId: string; quantity: number }[];
}

export interface StoreCancelPayload {
  orderId: string;
  cause: string;
  reason?: string;
  /** Who asked, as recorded on the `order.cancelled` event. */
  by?: 'rule' | 'ops';
}

export interface StoreAnnotatePayload {
  orderId: string;
  cause: string;
  tags?: string[];
  note?: string;
}

type Payloads = { refund: StoreRefundPayload; cancel: StoreCancelPayload; annotate: StoreAnnotatePayload };

/** The job for one store change, keyed by its cause so enqueuing it twice does nothing. */
export function storeOrderJob<K extends keyof Payloads>(kind: K, payload: Payloads[K]): EnqueueJob {
  return {
    type: STORE_SYNC_JOB_TYPES[kind],
    payload: payload as unknown as Record<string, unknown>,
    dedupeKey: `${STORE_SYNC_JOB_TYPES[kind]}:${payload.orderId}:${payload.cause}`,
    orderId: payload.orderId,
  };
}

interface Deps {
  db: Database;
  repos: Repositories;
  recorder: EventRecorder;
  connectors: ConnectorService;
  metrics?: Metrics;
}

export function storeOrderJobs(deps: Deps): JobHandler<any>[] {
  const record = (ctx: JobContext, events: EventDraft[]) => ctx.commit((tx) => deps.recorder.record(tx, events, { source: HUB_SOURCE }));
  const exception = (orderId: string, code: string, message: string): EventDraft => ({ type: 'order.exception', orderId, data: { code, message } });

  /**
   * Resolves the order's store and runs `action` on it. Refusals (non-retryable errors, or retries run
   * out) and stores that can't do it are recorded as an exception; transient failures are thrown to retry.
   */
  async function withStore(
    ctx: JobContext,
    orderId: string,
    action: ActionName,
    verb: string,
    run: (store: ResolvedConnector, order: OrderRow) => Promise<EventDraft[]>,
  ): Promise<void> {
    const order = await deps.repos.orders.require(deps.db.q, orderId);
    const store = await deps.connectors.resolve(order.source).catch(() => undefined);
    if (!store?.def.actions?.[action]) {
      await record(ctx, [exception(orderId, `store_${verb}_manual`, `${verb} order ${order.number} in the store by hand: its connector cannot do it`)]);
      return;
    }
    let events: EventDraft[];
    try {
      // One store call per order at a time (Database.exclusive): refunds, notes and tags read and write back.
      events = await deps.db.exclusive(`store-order:${order.id}`, () => run(store, order));
      deps.metrics?.outbound.inc({ connector: store.id, action, outcome: 'ok' });
    } catch (err) {
      deps.metrics?.outbound.inc({ connector: store.id, action, outcome: 'error' });
      if (isRetryable(err) && ctx.job.attempts < ctx.job.maxAttempts) throw err;
      ctx.log.warn({ err, orderId, store: store.id }, `the store refused to ${verb} the order`);
      events = [exception(orderId, `store_${verb}_failed`, `${store.name} could not ${verb} order ${order.number}: ${(err as Error).message}`)];
    }
    if (events.length) await record(ctx, events);
  }

  const refund: JobHandler<StoreRefundPayload> = {
    type: STORE_SYNC_JOB_TYPES.refund,
    run: (p, ctx) =>
      withStore(ctx, p.orderId, 'refund', 'refund', async (store, order) => {
        const snapshot = order.snapshot as unknown as OrderSnapshot;
        const lines = p.lines ?? [];
        const result = await store.def.actions!.refund!(
          { order: { externalId: order.externalId, number: order.number, currency: order.currency }, amount: p.amount ?? order.total, reason: p.reason, lines },
          actionContext(deps.db, store, `refund:${p.cause}`, ctx.log),
        );
        const data: EventDataInput<'refund.issued'> = {
          amount: result.amount,
          currency: order.currency,
          reason: p.reason,
          externalId: result.externalId,
          lines: lines.map((l) => ({ lineId: l.lineId, sku: snapshot.lines.find((x) => x.lineId === l.lineId)?.sku ?? null, quantity: l.quantity })),
        };
        return [{ type: 'refund.issued', orderId: order.id, data }];
      }),
  };

  const cancel: JobHandler<StoreCancelPayload> = {
    type: STORE_SYNC_JOB_TYPES.cancel,
    run: (p, ctx) =>
      withStore(ctx, p.orderId, 'cancelOrder', 'cancel', async (store, order) => {
        const { cancelled } = await store.def.actions!.cancelOrder!(
          { order: { externalId: order.externalId }, reason: p.reason },
          actionContext(deps.db, store, `cancel:${p.cause}`, ctx.log),
        );
        return [
          cancelled
            ? { type: 'order.cancelled', orderId: order.id, data: { reason: p.reason, by: p.by ?? 'ops' } }
            : exception(order.id, 'store_cancel_refused', `${store.name} would not cancel order ${order.number}: it has shipped, completed or been refunded`),
        ];
      }),
  };

  const annotate: JobHandler<StoreAnnotatePayload> = {
    type: STORE_SYNC_JOB_TYPES.annotate,
    run: (p, ctx) =>
      withStore(ctx, p.orderId, 'annotateOrder', 'annotate', async (store, order) => {
        await store.def.actions!.annotateOrder!(
          { order: { externalId: order.externalId }, tags: p.tags, note: p.note },
          actionContext(deps.db, store, `annotate:${p.cause}`, ctx.log),
        );
        return [];
      }),
  };

  return [refund, cancel, annotate];
}
