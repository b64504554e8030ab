/** @module Shapes shared by the event recorder, its appliers and reactions. */
import type { CanonicalEvent, EventType, OrderStatus } from '@dropline/connectors/model';
import type { EventRef } from '@dropline/connectors/sdk';
import type { Queryable } from '../db/database.ts';
import type { EnqueueJob } from '../jobs/job-queue.ts';

/** An event before it is recorded: a connector's output, or a decision the hub made. */
export interface EventDraft {
  type: EventType;
  occurredAt?: string;
  data: unknown;
  ref?: EventRef;
  /** Known already for events the hub makes about an order. */
  orderId?: string;
}

export interface RecordContext {
  /** Connector id the events came from, or `dropline`. */
  source: string;
  /** The inbox delivery that carried them. */
  deliveryId?: string;
}

export interface ApplyContext extends RecordContext {
  tx: Queryable;
  now: number;
  ref?: EventRef;
}

export interface ApplyOutcome {
  /** The order the event belongs to, once resolved. */
  orderId?: string;
  /** Record under this type instead (an update for an order we never saw becomes its `order.received`). */
  type?: EventType;
  /** Record with this data instead (validated like the original). */
  data?: Record<string, unknown>;
  /** Don't record: the event repeats or predates what we hold. The reason is logged and counted. */
  skip?: string;
  /** Set the order's status to this. */
  status?: OrderStatus;
  /** Recompute the order's status from its supplier orders and shipments (starting from `status` when given). */
  deriveStatus?: boolean;
}

export type Applier = (event: CanonicalEvent, ctx: ApplyContext) => Promise<ApplyOutcome>;

/** Work an event causes, enqueued in the same transaction that records it. */
export type Reaction = (event: CanonicalEvent, ctx: ApplyContext) => Promise<EnqueueJob[]>;

export const HUB_SOURCE = 'dropline';
