/**
 * @module Outgoing event subscriptions: the reaction that queues a delivery for each subscriber of an
 * event, and the `subscription.deliver` job that sends it.
 *
 * A delivery is a Standard Webhooks message: the body `{ type, timestamp, data }` (data: the canonical
 * event) is fixed when the event is recorded, and every attempt sends those exact bytes with the same
 * `webhook-id` (the delivery id) and a fresh `webhook-timestamp` and `webhook-signature`. A 2xx ends it;
 * anything else (or no answer within 15 s) is retried on {@link SUBSCRIPTION_RETRY_SCHEDULE_MS}, then the
 * delivery is `failed`. A 410 Gone switches the subscription off, as the spec suggests. Every attempt is
 * logged with the answer's status and the first 2 KB of its body.
 */
import { EVENT_TYPES, type CanonicalEvent, type EventType } from '@dropline/connectors/model';
import { UpstreamError, signStandardWebhook } from '@dropline/connectors/sdk';
import type { Database } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { EnqueueJob } from '../jobs/job-queue.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { Metrics } from '../metrics.ts';
import type { Reaction } from '../workflow/types.ts';
import type { SubscriptionRepository } from './subscription-repository.ts';

export const SUBSCRIPTION_DELIVER_JOB = 'subscription.deliver';

/** The published retry schedule: the waits after the first, second, … failed attempt (8 attempts in all). */
export const SUBSCRIPTION_RETRY_SCHEDULE_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

const TIMEOUT_MS = 15_000;
const USER_AGENT = 'Dropline-Webhooks/1.0';

export interface DeliverPayload {
  delivery: string;
  trigger?: 'scheduled' | 'replay';
}

/** The job that sends one delivery, on the schedule (`maxAttempts` = schedule length + 1). */
export function deliveryJob(deliveryId: string, orderId: string | null | undefined, schedule: readonly number[], trigger: 'scheduled' | 'replay' = 'scheduled'): EnqueueJob {
  return {
    type: SUBSCRIPTION_DELIVER_JOB,
    payload: { delivery: deliveryId, trigger },
    maxAttempts: schedule.length + 1,
    // A replay is a new round of attempts for the same delivery; the first round is keyed by the delivery.
    ...(trigger === 'scheduled' ? { dedupeKey: `${SUBSCRIPTION_DELIVER_JOB}:${deliveryId}` } : {}),
    ...(orderId ? { orderId } : {}),
  };
}

/** For every event type: a delivery (and its job) per enabled subscription that wants the event. */
export function subscriptionReactions(subscriptions: SubscriptionRepository, schedule: readonly number[]): Partial<Record<EventType, Reaction[]>> {
  const react: Reaction = async (event, ctx) => {
    const wanted = (await subscriptions.active()).filter((s) => s.eventTypes.includes('*') || s.eventTypes.includes(event.type));
    const jobs: EnqueueJob[] = [];
    for (const s of wanted) {
      const id = newId('msg', ctx.now);
      const payload = JSON.stringify({ type: event.type, timestamp: event.occurredAt, data: publicEvent(event) });
      const added = await subscriptions.addDelivery(ctx.tx, {
        id,
        subscriptionId: s.id,
        eventId: event.id,
        eventType: event.type,
        orderId: event.orderId ?? null,
        payload,
        status: 'pending',
        attempts: 0,
        lastStatus: null,
        lastError: null,
        nextAttemptAt: ctx.now,
        createdAt: ctx.now,
        updatedAt: ctx.now,
        deliveredAt: null,
      });
      if (added) jobs.push(deliveryJob(id, event.orderId, schedule));
    }
    return jobs;
  };
  return Object.fromEntries(EVENT_TYPES.map((t) => [t, [react]]));
}

function publicEvent(e: CanonicalEvent) {
  return { id: e.id, type: e.type, schemaVersion: e.schemaVersion, occurredAt: e.occurredAt, source: e.source, ...(e.orderId ? { orderId: e.orderId } : {}), data: e.data };
}

export function deliverSubscriptionJob(deps: {
  db: Database;
  subscriptions: SubscriptionRepository;
  schedule: readonly number[];
  metrics?: Metrics;
}): JobHandler<DeliverPayload> {
  return {
    type: SUBSCRIPTION_DELIVER_JOB,
    retryScheduleMs: deps.schedule,
    async run({ delivery: deliveryId, trigger = 'scheduled' }, ctx) {
      const delivery = await deps.subscriptions.delivery(deliveryId);
      if (delivery.status === 'succeeded' && trigger === 'scheduled') return;
      const sub = await deps.subscriptions.get(delivery.subscriptionId).catch(() => undefined);
      const attempt = delivery.attempts + 1;
      const now = Date.now();
      const log = (fields: { responseStatus?: number; responseBody?: string; error?: string; durationMs: number }) => ({
        deliveryId,
        attempt,
        trigger,
        attemptedAt: now,
        durationMs: fields.durationMs,
        responseStatus: fields.responseStatus ?? null,
        responseBody: fields.responseBody ?? null,
        error: fields.error ?? null,
      });
      if (!sub || !sub.enabled) {
        await ctx.commit((tx) =>
          deps.subscriptions.recordAttempt(tx, log({ durationMs: 0, error: sub ? 'the subscription is disabled' : 'the subscription was deleted' }), { status: 'failed', nextAttemptAt: null }),
        );
        return;
      }

      const headers = {
        ...signStandardWebhook(deps.subscriptions.secretOf(sub), delivery.id, delivery.payload, Math.floor(now / 1000)),
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
      };
      const started = performance.now();
      let status: number | undefined;
      let body = '';
      let error: string | undefined;
      try {
        // Redirects are not followed: a subscriber moves by changing its URL, not by bouncing signed events.
        const res = await fetch(sub.url, { method: 'POST', body: delivery.payload, headers, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
        status = res.status;
        body = (await res.text()).slice(0, 2048);
        if (status < 200 || status >= 300) error = `answered ${status}`;
      } catch (err) {
        error = (err as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : `could not connect: ${(err as Error).message}`;
      }
      const durationMs = Math.round(performance.now() - started);
      const entry = log({ responseStatus: status, responseBody: body, error, durationMs });
      deps.metrics?.outbound.inc({ connector: `subscription:${sub.id}`, action: 'deliver', outcome: error ? 'error' : 'ok' });

      if (!error) {
        await ctx.commit((tx) => deps.subscriptions.recordAttempt(tx, entry, { status: 'succeeded', nextAttemptAt: null }));
        return;
      }
      if (status === 410) {
        await ctx.commit(async (tx) => {
          await deps.subscriptions.recordAttempt(tx, entry, { status: 'failed', nextAttemptAt: null });
          await deps.subscriptions.disable(tx, sub.id, `${sub.url} answered 410 Gone`);
        });
        return;
      }
      const last = ctx.job.attempts >= ctx.job.maxAttempts;
      const wait = deps.schedule[Math.min(ctx.job.attempts, deps.schedule.length) - 1] ?? 0;
      // Logged in its own transaction: the job itself fails, to be retried on the schedule.
      await deps.db.transaction((tx) => deps.subscriptions.recordAttempt(tx, entry, last ? { status: 'failed', nextAttemptAt: null } : { status: 'pending', nextAttemptAt: Date.now() + wait }));
      throw new UpstreamError(`subscription ${sub.id}: ${sub.url} ${error}`, { upstreamStatus: status, retryable: !last, body });
    },
  };
}
