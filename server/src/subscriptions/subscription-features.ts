/**
 * @module Outgoing event subscriptions built as one piece for the composition root (hub.ts): the
 * repository, the reaction on every event type, the delivery job and the `/api/subscriptions` routes.
 */
import type { EventType } from '@dropline/connectors/model';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { Database } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Metrics } from '../metrics.ts';
import type { Reaction } from '../workflow/types.ts';
import { SUBSCRIPTION_RETRY_SCHEDULE_MS, deliverSubscriptionJob, subscriptionReactions } from './deliver-subscription-job.ts';
import { SubscriptionRepository } from './subscription-repository.ts';
import { subscriptionRoutes } from './subscription-routes.ts';

export function createSubscriptionFeatures(deps: {
  db: Database;
  box: SecretBox;
  queue: JobQueue;
  metrics?: Metrics;
  onJobs: () => void;
  /** Replaces the published retry schedule (tests shorten it). */
  retryScheduleMs?: readonly number[];
}) {
  const schedule = deps.retryScheduleMs ?? SUBSCRIPTION_RETRY_SCHEDULE_MS;
  const subscriptions = new SubscriptionRepository(deps.db, deps.box);
  return {
    subscriptions,
    schedule,
    reactions: subscriptionReactions(subscriptions, schedule),
    job: deliverSubscriptionJob({ db: deps.db, subscriptions, schedule, metrics: deps.metrics }),
    routes: () => subscriptionRoutes({ db: deps.db, queue: deps.queue, subscriptions, schedule, onJobs: deps.onJobs }),
  };
}
