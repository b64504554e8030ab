/** @module Prometheus metrics (prom-client), one registry per hub so tests can run several hubs. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  deliveries: Counter<'connector' | 'outcome'>;
  deliveryDuration: Histogram<'connector'>;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route' | 'method'>;
  jobAttempts: Counter<'type' | 'outcome'>;
  jobDuration: Histogram<'type'>;
  queueDepth: Gauge<'status'>;
  outbound: Counter<'connector' | 'action' | 'outcome'>;
}

export function createMetrics(queueDepth: () => Promise<Record<string, number>>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'dropline_process_' });
  const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  return {
    registry,
    deliveries: new Counter({
      name: 'dropline_webhook_deliveries_total',
      help: 'Inbound webhook deliveries by connector and outcome (accepted, duplicate, ignored, rejected, unauthorized, too_large, error)',
      labelNames: ['connector', 'outcome'],
      registers: [registry],
    }),
    deliveryDuration: new Histogram({
      name: 'dropline_webhook_delivery_seconds',
      help: 'Time from request to durable answer for inbound deliveries',
      labelNames: ['connector'],
      buckets: latencyBuckets,
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'dropline_http_requests_total',
      help: 'HTTP requests by route pattern, method and status',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'dropline_http_request_seconds',
      help: 'HTTP request latency by route pattern',
      labelNames: ['route', 'method'],
      buckets: latencyBuckets,
      registers: [registry],
    }),
    jobAttempts: new Counter({
      name: 'dropline_job_attempts_total',
      help: 'Job attempts by type and outcome (done, retry, dead, lost)',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'dropline_job_seconds',
      help: 'Job attempt duration by type',
      labelNames: ['type'],
      buckets: latencyBuckets,
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'dropline_job_queue_depth',
      help: 'Jobs by status (pending, running, dead), read at scrape time',
      labelNames: ['status'],
      registers: [registry],
      async collect() {
        const depth = await queueDepth();
        for (const status of ['pending', 'running', 'dead']) this.set({ status }, depth[status] ?? 0);
      },
    }),
    outbound: new Counter({
      name: 'dropline_outbound_calls_total',
      help: 'Calls to connectors (supplier placement, store fulfilment, …) by outcome',
      labelNames: ['connector', 'action', 'outcome'],
      registers: [registry],
    }),
  };
}
