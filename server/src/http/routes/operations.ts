/**
 * @module `/api/jobs` and `/api/deliveries`: the machinery, visible. Dead jobs can be retried; stored
 * deliveries can be replayed (recorded again from their raw body, e.g. after a connector fix).
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Database } from '../../db/database.ts';
import type { DeliveryRepository, DeliveryRow } from '../../inbox/delivery-repository.ts';
import type { Job, JobQueue } from '../../jobs/job-queue.ts';
import { JOB_TYPES } from '../../workflow/job-types.ts';
import { JOB_STATUSES, DELIVERY_STATUSES } from '../../db/types.ts';
import type { ApiEnv } from '../api-env.ts';
import { DeliverySchema, JobSchema, iso, listOf, problemResponses } from '../schemas.ts';

const security = [{ bearer: [] }];

export function operationsRoutes(deps: { db: Database; queue: JobQueue; deliveries: DeliveryRepository; onJobs: () => void }) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/jobs',
      tags: ['Jobs'],
      security,
      summary: 'Jobs, newest first; `status=dead` is the dead-letter queue',
      request: {
        query: z.object({
          status: z.enum(JOB_STATUSES).optional(),
          type: z.string().optional(),
          orderId: z.string().optional(),
          before: z.coerce.number().int().optional().openapi({ description: 'Page: jobs with a smaller id' }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: { 200: { description: 'Jobs', content: { 'application/json': { schema: listOf(JobSchema, 'JobList') } } }, ...problemResponses(400, 401) },
    }),
    async (c) => c.json({ items: (await deps.queue.list(c.req.valid('query'))).map(jobView) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/jobs/{id}',
      tags: ['Jobs'],
      security,
      summary: 'One job',
      request: { params: z.object({ id: z.coerce.number().int().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 200: { description: 'Job', content: { 'application/json': { schema: JobSchema } } }, ...problemResponses(401, 404) },
    }),
    async (c) => c.json(jobView(await deps.queue.get(c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/jobs/{id}/retry',
      tags: ['Jobs'],
      security,
      summary: 'Run a dead (or finished) job again, with a fresh set of attempts',
      request: { params: z.object({ id: z.coerce.number().int().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 200: { description: 'Queued again', content: { 'application/json': { schema: JobSchema } } }, ...problemResponses(401, 404, 409) },
    }),
    async (c) => {
      const job = await deps.queue.retry(c.req.valid('param').id);
      deps.onJobs();
      return c.json(jobView(job), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/deliveries',
      tags: ['Inbox'],
      security,
      summary: 'Inbound deliveries, newest first (bodies omitted)',
      request: {
        query: z.object({
          connectorId: z.string().optional(),
          status: z.enum(DELIVERY_STATUSES).optional(),
          before: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: { 200: { description: 'Deliveries', content: { 'application/json': { schema: listOf(DeliverySchema, 'DeliveryList') } } }, ...problemResponses(400, 401) },
    }),
    async (c) => c.json({ items: (await deps.deliveries.list(c.req.valid('query'))).map((d) => deliveryView(d, false)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/deliveries/{id}',
      tags: ['Inbox'],
      security,
      summary: 'One delivery with its headers and raw body',
      request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 200: { description: 'Delivery', content: { 'application/json': { schema: DeliverySchema } } }, ...problemResponses(401, 404) },
    }),
    async (c) => c.json(deliveryView(await deps.deliveries.get(c.req.valid('param').id), true), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/deliveries/{id}/replay',
      tags: ['Inbox'],
      security,
      summary: 'Record a stored delivery again from its raw body (events already recorded are skipped)',
      request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 202: { description: 'Replay queued', content: { 'application/json': { schema: z.object({ job: z.number().int() }) } } }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      const delivery = await deps.deliveries.get(c.req.valid('param').id);
      const [job] = await deps.db.transaction((tx) =>
        deps.queue.enqueue(tx, [{ type: JOB_TYPES.applyDelivery, payload: { delivery: delivery.id } }]),
      );
      deps.onJobs();
      return c.json({ job: job! }, 202);
    },
  );

  return app;
}

function jobView(j: Job) {
  return {
    id: j.id,
    type: j.type,
    payload: j.payload,
    status: j.status,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    runAt: iso(j.runAt)!,
    lastError: j.lastError,
    orderId: j.orderId,
    createdAt: iso(j.createdAt)!,
    updatedAt: iso(j.updatedAt)!,
    finishedAt: iso(j.finishedAt),
  };
}

function deliveryView(d: DeliveryRow, full: boolean) {
  return {
    id: d.id,
    connectorId: d.connectorId,
    deliveryId: d.deliveryId,
    topic: d.topic,
    status: d.status,
    error: d.error,
    receivedAt: iso(d.receivedAt)!,
    processedAt: iso(d.processedAt),
    ...(full ? { headers: d.headers, body: d.body } : {}),
  };
}
