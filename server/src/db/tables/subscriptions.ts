/**
 * @module Outgoing event subscriptions: who wants which canonical events at which URL, every delivery of
 * an event to a subscriber (its exact signed body, its state), and every attempt at it (the delivery log).
 */
import type { ColumnBuilders } from '../column-builders.ts';

export type SubscriptionDeliveryStatus = 'pending' | 'succeeded' | 'failed';

export function defineSubscriptionTables(b: ColumnBuilders) {
  const subscriptions = b.table('subscriptions', {
    id: b.text('id').primaryKey(),
    url: b.text('url').notNull(),
    /** Canonical event types, or `*` for all of them. */
    eventTypes: b.json<string[]>('event_types').notNull(),
    description: b.text('description'),
    /** The `whsec_…` signing secret, sealed with the hub's secret box (bound to the subscription id). */
    secretEnc: b.text('secret_enc').notNull(),
    enabled: b.bool('enabled').notNull(),
    /** Why the hub switched it off (the endpoint answered 410 Gone), if it did. */
    disabledReason: b.text('disabled_reason'),
    createdAt: b.ms('created_at').notNull(),
    updatedAt: b.ms('updated_at').notNull(),
  });

  const subscriptionDeliveries = b.table(
    'subscription_deliveries',
    {
      /** Also the `webhook-id` header: the same for every attempt, so receivers can drop repeats. */
      id: b.text('id').primaryKey(),
      subscriptionId: b.text('subscription_id').notNull(),
      eventId: b.text('event_id').notNull(),
      eventType: b.text('event_type').notNull(),
      orderId: b.text('order_id'),
      /** The body exactly as signed and sent. */
      payload: b.text('payload').notNull(),
      status: b.text('status').$type<SubscriptionDeliveryStatus>().notNull(),
      attempts: b.int('attempts').notNull(),
      lastStatus: b.int('last_status'),
      lastError: b.text('last_error'),
      nextAttemptAt: b.ms('next_attempt_at'),
      createdAt: b.ms('created_at').notNull(),
      updatedAt: b.ms('updated_at').notNull(),
      deliveredAt: b.ms('delivered_at'),
    },
    (t) => [
      b.uniqueIndex('subscription_deliveries_event_uq').on(t.subscriptionId, t.eventId),
      b.index('subscription_deliveries_list_idx').on(t.subscriptionId, t.id),
    ],
  );

  const subscriptionAttempts = b.table(
    'subscription_attempts',
    {
      id: b.serial('id'),
      deliveryId: b.text('delivery_id').notNull(),
      /** 1, 2, … across the delivery's life, replays included. */
      attempt: b.int('attempt').notNull(),
      trigger: b.text('trigger').$type<'scheduled' | 'replay'>().notNull(),
      attemptedAt: b.ms('attempted_at').notNull(),
      durationMs: b.int('duration_ms').notNull(),
      responseStatus: b.int('response_status'),
      /** The first 2 KB of the answer, for whoever debugs the receiver. */
      responseBody: b.text('response_body'),
      error: b.text('error'),
    },
    (t) => [b.index('subscription_attempts_delivery_idx').on(t.deliveryId, t.id)],
  );

  return { subscriptions, subscriptionDeliveries, subscriptionAttempts };
}
