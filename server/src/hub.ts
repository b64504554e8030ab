/**
 * @module The composition root: builds every part of a hub from its configuration, and starts and
 * stops them in the right order. Nothing else wires parts together.
 */
import { ConnectorRegistry, type ConnectorDefinition } from '@dropline/connectors/sdk';
import { BUILTIN_CONNECTORS } from '@dropline/connectors';
import type { HubConfig } from './config.ts';
import { ConnectorService } from './connectors/connector-service.ts';
import { loadSecretKey, SecretBox } from './crypto/secret-box.ts';
import type { Database } from './db/database.ts';
import { openDatabase } from './db/open.ts';
import { cancelSupplierOrderJob } from './fulfillment/cancel-supplier-order-job.ts';
import { fulfilInStoreJob } from './fulfillment/fulfil-in-store-job.ts';
import { placeSupplierOrderJob } from './fulfillment/place-supplier-order-job.ts';
import { trackShipmentJob } from './fulfillment/track-shipment-job.ts';
import { Auth } from './http/auth.ts';
import { createApp } from './http/app.ts';
import { catalogRoutes } from './http/routes/catalog.ts';
import { connectorRoutes } from './http/routes/connectors.ts';
import { operationsRoutes } from './http/routes/operations.ts';
import { orderRoutes } from './http/routes/orders.ts';
import { streamRoutes } from './http/routes/stream.ts';
import { trackingRoutes } from './http/routes/tracking.ts';
import { webhookRoutes } from './http/routes/webhooks.ts';
import { loadAdminToken } from './admin-token.ts';
import { applyDeliveryJob } from './inbox/apply-delivery-job.ts';
import { DeliveryRepository } from './inbox/delivery-repository.ts';
import { pollConnectorJob } from './inbox/poll-connector-job.ts';
import { Inbox } from './inbox/receive-delivery.ts';
import { JobQueue } from './jobs/job-queue.ts';
import { JobRunner, type JobHandler } from './jobs/job-runner.ts';
import { PollScheduler } from './jobs/poll-scheduler.ts';
import { createLogger, type Logger } from './logging.ts';
import { createMetrics } from './metrics.ts';
import { OrderViews } from './orders/order-views.ts';
import { firstInStockRouter } from './routing/first-in-stock-router.ts';
import { AddressChecks } from './flows/address-check.ts';
import { flowWebhookJob } from './flows/flow-webhook-job.ts';
import { FlowRouting } from './flows/flow-routing.ts';
import { FlowService } from './flows/flow-service.ts';
import { hubFactProvider } from './flows/hub-fact-provider.ts';
import { flowReactions, flowReroutesLater, runFlowJob } from './flows/run-flow-job.ts';
import { flowRoutes } from './http/routes/flows.ts';
import { notifyCustomerJob } from './notifications/notify-customer-job.ts';
import { routeOrderJob } from './routing/route-order-job.ts';
import type { Router } from './routing/router.ts';
import { catalogAppliers } from './workflow/apply-catalog-events.ts';
import { fulfillmentAppliers } from './workflow/apply-fulfillment-events.ts';
import { orderAppliers } from './workflow/apply-order-events.ts';
import { EventRecorder } from './workflow/event-recorder.ts';
import { defaultReactions, mergeReactions } from './workflow/reactions.ts';
import { createSupplierFeatures } from './suppliers/supplier-features.ts';
import { storeOrderJobs } from './store-sync/store-order-jobs.ts';
import { createSubscriptionFeatures } from './subscriptions/subscription-features.ts';
import { createRepositories } from './workflow/repositories.ts';

export const VERSION = '0.1.0';
/** Deliveries in flight at which background jobs yield to intake (see JobRunner `underPressure`). */
const PRESSURE_DELIVERIES = 8;
/** Finished jobs are kept this long for inspection, then pruned. */
const JOB_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export interface HubOptions {
  log?: Logger;
  /** Connector types beyond the built-in ones (tests register fakes here). */
  extraConnectors?: ConnectorDefinition<any, any>[];
  /** Replaces the built-in first-in-stock router. */
  router?: Router;
  /** Extra job handlers (tests). */
  extraJobs?: JobHandler<any>[];
  jobPollMs?: number;
  jobLeaseMs?: number;
  jobRetryBaseMs?: number;
  /** Replaces the published retry schedule of event subscription deliveries (tests shorten it). */
  subscriptionRetryScheduleMs?: readonly number[];
}

export type Hub = Awaited<ReturnType<typeof createHub>>;

export async function createHub(config: HubConfig, options: HubOptions = {}) {
  const log = options.log ?? createLogger(config.logLevel);
  const db: Database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    onIdleError: (err) => log.warn({ err }, 'database connection dropped; the pool will reconnect'),
  });
  const box = new SecretBox(loadSecretKey(config.secretKey, config.dataDir, (msg) => log.warn(msg)));
  const admin = loadAdminToken(config.adminToken, config.dataDir);
  if (admin.generatedAt) log.warn({ file: admin.generatedAt }, 'DROPLINE_ADMIN_TOKEN is not set: using the generated token in this file');
  const auth = new Auth(admin.token, box.derivedKey('session cookies'));

  const registry = new ConnectorRegistry().register(...BUILTIN_CONNECTORS, ...(options.extraConnectors ?? []));
  const connectors = new ConnectorService(db, registry, box);
  const repos = createRepositories(db, () => config.publicUrl);
  const queue = new JobQueue(db);
  const metrics = createMetrics(() => queue.depth());
  // onJobs runs only once the hub is up, by which time `kick` (below) exists.
  const suppliers = createSupplierFeatures({ db, repos, queue, connectors, log, metrics, onJobs: () => kick() });
  const subscriptions = createSubscriptionFeatures({ db, box, queue, metrics, onJobs: () => kick(), retryScheduleMs: options.subscriptionRetryScheduleMs });
  const flows = new FlowService(db, connectors);
  const addressChecks = new AddressChecks({ db, connectors, log });
  const facts = hubFactProvider({ db, repos, supplierFacts: suppliers.facts, addressChecks });
  const flowRouting = new FlowRouting({ db, flows, facts, fallback: firstInStockRouter, log });
  const recorder = new EventRecorder(
    db,
    repos,
    queue,
    { ...orderAppliers(repos, queue), ...fulfillmentAppliers(repos), ...catalogAppliers(repos) },
    defaultReactions(repos, connectors, mergeReactions(suppliers.reactions, subscriptions.reactions, flowReactions(flows)), flowReroutesLater(flows)),
  );
  // The published routing flow decides; until one is published, the built-in first-in-stock router.
  let router: Router = options.router ?? flowRouting;
  const flowWebhookSecret = `whsec_${box.derivedKey('flow webhooks').toString('base64')}`;
  let runner: JobRunner | undefined;
  const kick = () => runner?.poke();
  const deliveries = new DeliveryRepository(db);
  const inbox = new Inbox({ db, connectors, deliveries, recorder, queue, log, onJobs: kick });
  runner = new JobRunner({
    db,
    queue,
    log,
    metrics,
    concurrency: config.workerConcurrency,
    pollMs: options.jobPollMs,
    leaseMs: options.jobLeaseMs,
    retryBaseMs: options.jobRetryBaseMs,
    underPressure: () => inbox.inFlight >= PRESSURE_DELIVERIES,
    handlers: [
      routeOrderJob({ db, repos, recorder, queue, connectors, router: () => router, capacity: suppliers.capacityLookup }),
      placeSupplierOrderJob({ db, repos, recorder, connectors, log, metrics }),
      cancelSupplierOrderJob({ db, repos, recorder, connectors }),
      fulfilInStoreJob({ db, repos, connectors, metrics }),
      trackShipmentJob({ db, recorder, connectors }),
      applyDeliveryJob(inbox),
      pollConnectorJob({ db, connectors, inbox }),
      ...suppliers.jobs(recorder),
      ...storeOrderJobs({ db, repos, recorder, connectors, metrics }),
      subscriptions.job,
      runFlowJob({ db, repos, recorder, queue, connectors, flows, facts, cache: flowRouting.cache }),
      notifyCustomerJob({ db, repos, recorder, connectors }),
      flowWebhookJob({ db, repos, secret: flowWebhookSecret }),
      ...(options.extraJobs ?? []),
    ],
  });
  const polls = new PollScheduler({ db, queue, connectors, log, onJobs: kick });

  const shutdown = new AbortController();
  let accepting = true;
  const app = createApp({
    log,
    metrics,
    auth,
    version: VERSION,
    ready: async () => accepting && (await db.ping().then(() => true, () => false)),
    webhooks: webhookRoutes({ inbox, bodyLimit: config.bodyLimit, metrics }),
    publicRoutes: [trackingRoutes({ db, repos })],
    apiRoutes: [
      connectorRoutes({ connectors, registry }),
      orderRoutes({ views: new OrderViews(db, repos), counts: () => repos.orders.countByStatus() }),
      operationsRoutes({ db, queue, deliveries, onJobs: kick }),
      catalogRoutes({ db, catalog: repos.catalog }),
      streamRoutes({ events: repos.events, signal: shutdown.signal }),
      ...suppliers.routes(),
      subscriptions.routes(),
      flowRoutes({ db, repos, flows, connectors, facts: hubFactProvider({ db, repos, supplierFacts: suppliers.facts, addressChecks, simulation: true }), cache: flowRouting.cache, webhookSecret: flowWebhookSecret }),
    ],
  });

  let pruneTimer: NodeJS.Timeout | undefined;
  return {
    config,
    log,
    db,
    app,
    auth,
    adminToken: admin.token,
    registry,
    connectors,
    repos,
    queue,
    recorder,
    inbox,
    metrics,
    get runner() {
      return runner!;
    },
    /** Swap the router (the rules engine does this when a flow is published). */
    setRouter(next: Router) {
      router = next;
    },
    kick,
    /** Supplier agreements, capacity, rules facts, catalog, inventory and pricing (see suppliers/supplier-features.ts). */
    suppliers,
    /** Routing and exception flows: drafts, versions, publishing (see flows/). */
    flows,
    addressChecks,
    /** Starts background work: jobs, polls, housekeeping. */
    startWorkers() {
      runner!.start();
      polls.start();
      suppliers.scheduler.start();
      pruneTimer = setInterval(() => void queue.prune(JOB_RETENTION_MS).catch((err) => log.warn({ err }, 'pruning jobs failed')), 60 * 60 * 1000);
      pruneTimer.unref();
    },
    /** Stops taking work, lets running jobs finish within the grace period, closes storage. */
    async stop() {
      accepting = false;
      shutdown.abort();
      polls.stop();
      suppliers.scheduler.stop();
      clearInterval(pruneTimer);
      await runner!.stop(config.shutdownGraceMs);
      await db.close();
    },
  };
}
