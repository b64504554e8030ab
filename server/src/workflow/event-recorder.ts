/**
 * @module Recording canonical events: validate, resolve the order, apply to the stored state, append to
 * the log, and enqueue the work they cause — all inside the caller's transaction.
 *
 * This is the only way state changes. Whether an event came from a webhook, a poll, a job's result or a
 * decision of the hub, it goes through `record`, so the timeline always explains the state.
 */
import {
  EVENT_DATA,
  EVENT_SCHEMA_VERSION,
  isEventType,
  toUtcIso,
  type CanonicalEvent,
  type EventData,
  type EventType,
  type OrderSnapshot,
  type OrderStatus,
} from '@dropline/connectors/model';
import { ValidationError, parseOrThrow } from '@dropline/connectors/sdk';
import type { Database, Queryable } from '../db/database.ts';
import type { StoredEvent } from '../events/event-store.ts';
import { newId } from '../ids.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { deriveFulfilmentStatus, FINAL_STATUSES } from './order-status.ts';
import type { Repositories } from './repositories.ts';
import type { Applier, ApplyContext, EventDraft, Reaction, RecordContext } from './types.ts';

export interface RecordResult {
  recorded: StoredEvent[];
  skipped: { type: EventType; reason: string }[];
  jobs: number;
}

export class EventRecorder {
  constructor(
    private readonly db: Database,
    private readonly repos: Repositories,
    private readonly queue: JobQueue,
    private readonly appliers: Partial<Record<EventType, Applier>>,
    private readonly reactions: Partial<Record<EventType, Reaction[]>>,
    private readonly now: () => number = Date.now,
  ) {}

  async record(tx: Queryable, drafts: EventDraft[], rc: RecordContext): Promise<RecordResult> {
    const result: RecordResult = { recorded: [], skipped: [], jobs: 0 };
    for (const [i, draft] of drafts.entries()) {
      if (!isEventType(draft.type)) {
        throw new ValidationError(`unknown event type "${draft.type}"`, [{ field: `events[${i}].type`, message: 'not a canonical event type' }]);
      }
      const now = this.now();
      const event = {
        id: newId('evt', now),
        type: draft.type,
        schemaVersion: EVENT_SCHEMA_VERSION,
        occurredAt: (draft.occurredAt && toUtcIso(draft.occurredAt)) || new Date(now).toISOString(),
        source: rc.source,
        ...(draft.orderId ? { orderId: draft.orderId } : {}),
        data: parseOrThrow(EVENT_DATA[draft.type], draft.data, `${draft.type} data`),
      } as CanonicalEvent;
      const ctx: ApplyContext = { ...rc, tx, now, ref: draft.ref };
      const outcome = (await this.appliers[event.type]?.(event, ctx)) ?? {};
      if (outcome.skip) {
        result.skipped.push({ type: event.type, reason: outcome.skip });
        continue;
      }
      const type = outcome.type ?? event.type;
      const recorded = {
        ...event,
        type,
        ...(outcome.data ? { data: parseOrThrow(EVENT_DATA[type], outcome.data, `${type} data`) } : {}),
        ...(outcome.orderId ? { orderId: outcome.orderId } : {}),
      } as CanonicalEvent;
      const seq = await this.repos.events.append(tx, recorded, { recordedAt: now, deliveryId: rc.deliveryId });
      if (recorded.orderId) await this.#updateStatus(tx, recorded.orderId, outcome.status, outcome.deriveStatus ?? false, now);
      for (const react of this.reactions[recorded.type] ?? []) {
        const jobs = await react(recorded, ctx);
        result.jobs += (await this.queue.enqueue(tx, jobs)).length;
      }
      result.recorded.push({ ...recorded, seq, recordedAt: new Date(now).toISOString() } as StoredEvent);
    }
    return result;
  }

  /**
   * `status` alone sets it; `derive` alone derives it from the supplier orders and shipments; both (a
   * routing decision) derive it starting from `status`, so a decision on an order that is already partly
   * on its way (failover, an exception flow) doesn't move it back to `routed`.
   */
  async #updateStatus(tx: Queryable, orderId: string, status: OrderStatus | undefined, derive: boolean, now: number) {
    if (status && !derive) {
      await this.repos.orders.setStatus(tx, orderId, status, now);
      return;
    }
    if (!derive) return;
    // Two suppliers' shipments recorded at once by two hubs must not each derive the status without
    // seeing the other's: the second waits here for the first to commit (PostgreSQL row lock).
    await this.db.lockOrder(tx, orderId);
    const order = await this.repos.orders.require(tx, orderId);
    const stored = order.status as OrderStatus;
    if (status && FINAL_STATUSES.has(stored)) return;
    const snapshot = order.snapshot as unknown as OrderSnapshot;
    const supplierOrders = await this.repos.supplierOrders.forOrder(tx, orderId);
    const shipments = await this.repos.shipments.forOrder(tx, orderId);
    const from = status ?? stored;
    let next = deriveFulfilmentStatus(from, snapshot, supplierOrders, shipments);
    // Only an order with something still unshipped can have lines a flow refunded instead (read only then).
    if (next === 'partially_shipped') next = deriveFulfilmentStatus(from, snapshot, supplierOrders, shipments, await this.#settledUnits(tx, orderId));
    if (next !== stored) await this.repos.orders.setStatus(tx, orderId, next, now);
  }

  async #settledUnits(tx: Queryable, orderId: string): Promise<number> {
    let n = 0;
    for (const e of await this.repos.events.forOrder(orderId, tx)) {
      if (e.type === 'order.routed') for (const s of (e.data as EventData<'order.routed'>).settled ?? []) n += s.quantity;
    }
    return n;
  }
}
