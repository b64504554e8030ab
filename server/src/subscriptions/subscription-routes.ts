/**
 * @module `/api/subscriptions`: admins subscribe a URL to canonical event types (Zapier, Make, n8n, their
 * own services), see every delivery and its attempts, and replay one.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { EVENT_TYPES } from '@dropline/connectors/model';
import { NotFoundError } from '@dropline/connectors/sdk';
import type { Database } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { ApiEnv } from '../http/api-env.ts';
import { iso, listOf, problemResponses } from '../http/schemas.ts';
import { deliveryJob } from './deliver-subscription-job.ts';
import type { SubscriptionAttemptRow, SubscriptionDeliveryRow, SubscriptionRepository, SubscriptionRow } from './subscription-repository.ts';

const security = [{ bearer: [] }];
const tags = ['Subscriptions'];

const EventTypeOrAll = z.enum(['*', ...EVENT_TYPES] as [string, ...string[]]);
const HttpUrl = z.url({ protocol: /^https?$/ }).openapi({ example: 'https://hooks.zapier.com/hooks/catch/123/abc/' });

const SubscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    description: z.string().nullable(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable().openapi({ description: 'Set when the hub switched it off (the endpoint answered 410 Gone)' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Subscription');

const SubscriptionWithSecretSchema = SubscriptionSchema.extend({
  secret: z.string().openapi({ description: 'The `whsec_…` signing secret, shown only now: verify deliveries with it (Standard Webhooks)' }),
}).openapi('SubscriptionWithSecret');

const CreateSubscriptionSchema = z
  .object({
    url: HttpUrl,
    eventTypes: z.array(EventTypeOrAll).min(1).openapi({ description: 'Canonical event types, or `*` for all', example: ['order.received', 'shipment.created'] }),
    description: z.string().max(500).optional(),
    enabled: z.boolean().optional(),
  })
  .openapi('CreateSubscription');

const UpdateSubscriptionSchema = z
  .object({
    url: HttpUrl.optional(),
    eventTypes: z.array(EventTypeOrAll).min(1).optional(),
    description: z.string().max(500).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .openapi('UpdateSubscription');

const DeliverySchema = z
  .object({
    id: z.string().openapi({ description: 'Sent as `webhook-id`, the same on every attempt' }),
    subscriptionId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    orderId: z.string().nullable(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .openapi('SubscriptionDelivery');

const AttemptSchema = z
  .object({
    attempt: z.number().int(),
    trigger: z.enum(['scheduled', 'replay']),
    attemptedAt: z.string(),
    durationMs: z.number().int(),
    responseStatus: z.number().int().nullable(),
    responseBody: z.string().nullable(),
    error: z.string().nullable(),
  })
  .openapi('SubscriptionAttempt');

const DeliveryDetailSchema = DeliverySchema.extend({
  payload: z.record(z.string(), z.unknown()).openapi({ description: 'The body as sent: `{ type, timestamp, data }`' }),
  log: z.array(AttemptSchema),
}).openapi('SubscriptionDeliveryDetail');

const Id = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });
const DeliveryParams = Id.extend({ deliveryId: z.string().openapi({ param: { name: 'deliveryId', in: 'path' } }) });

export function subscriptionRoutes(deps: { db: Database; queue: JobQueue; subscriptions: SubscriptionRepository; schedule: readonly number[]; onJobs: () => void }) {
  const app = new OpenAPIHono<ApiEnv>();
  const scheduleText = deps.schedule.map(humanDuration).join(', ');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/subscriptions',
      tags,
      security,
      summary: 'Event subscriptions',
      description: `Each subscribed event is POSTed to the URL as a Standard Webhooks message (\`webhook-id\`, \`webhook-timestamp\`, \`webhook-signature: v1,<base64 HMAC-SHA256>\`), body \`{ type, timestamp, data }\`. A delivery that gets no 2xx is retried after ${scheduleText}, then marked failed; 410 Gone switches the subscription off.`,
      responses: { 200: { description: 'Subscriptions', content: { 'application/json': { schema: listOf(SubscriptionSchema, 'SubscriptionList') } } }, ...problemResponses(401) },
    }),
    async (c) => c.json({ items: (await deps.subscriptions.list()).map(view) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/subscriptions',
      tags,
      security,
      summary: 'Subscribe a URL to event types; the signing secret is in the answer, only this once',
      request: { body: { required: true, content: { 'application/json': { schema: CreateSubscriptionSchema } } } },
      responses: { 201: { description: 'Created', content: { 'application/json': { schema: SubscriptionWithSecretSchema } } }, ...problemResponses(401, 422) },
    }),
    async (c) => {
      const { row, secret } = await deps.subscriptions.create(c.req.valid('json'));
      c.header('location', `/api/subscriptions/${row.id}`);
      return c.json({ ...view(row), secret }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/subscriptions/{id}',
      tags,
      security,
      summary: 'One subscription (its secret is never returned)',
      request: { params: Id },
      responses: { 200: { description: 'Subscription', content: { 'application/json': { schema: SubscriptionSchema } } }, ...problemResponses(401, 404) },
    }),
    async (c) => c.json(view(await deps.subscriptions.get(c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/subscriptions/{id}',
      tags,
      security,
      summary: 'Change the URL, event types, description, or switch it on or off',
      request: { params: Id, body: { required: true, content: { 'application/json': { schema: UpdateSubscriptionSchema } } } },
      responses: { 200: { description: 'Subscription', content: { 'application/json': { schema: SubscriptionSchema } } }, ...problemResponses(401, 404, 422) },
    }),
    async (c) => c.json(view(await deps.subscriptions.update(c.req.valid('param').id, c.req.valid('json'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/subscriptions/{id}',
      tags,
      security,
      summary: 'Unsubscribe (pending deliveries end as failed)',
      request: { params: Id },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      await deps.subscriptions.delete(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/subscriptions/{id}/secret',
      tags,
      security,
      summary: 'Replace the signing secret; the new one is in the answer, only this once',
      request: { params: Id },
      responses: { 200: { description: 'Subscription with its new secret', content: { 'application/json': { schema: SubscriptionWithSecretSchema } } }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      const { row, secret } = await deps.subscriptions.rotateSecret(c.req.valid('param').id);
      return c.json({ ...view(row), secret }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/subscriptions/{id}/deliveries',
      tags,
      security,
      summary: 'The delivery log: deliveries to this subscription, newest first',
      request: {
        params: Id,
        query: z.object({
          status: z.enum(['pending', 'succeeded', 'failed']).optional(),
          before: z.string().optional().openapi({ description: 'Page: deliveries with a smaller id' }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: { 200: { description: 'Deliveries', content: { 'application/json': { schema: listOf(DeliverySchema, 'SubscriptionDeliveryList') } } }, ...problemResponses(400, 401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await deps.subscriptions.get(id);
      return c.json({ items: (await deps.subscriptions.deliveries({ subscriptionId: id, ...c.req.valid('query') })).map(deliveryView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/subscriptions/{id}/deliveries/{deliveryId}',
      tags,
      security,
      summary: 'One delivery, with the body sent and every attempt (status, answer, time taken)',
      request: { params: DeliveryParams },
      responses: { 200: { description: 'Delivery', content: { 'application/json': { schema: DeliveryDetailSchema } } }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      const d = await deliveryOf(deps.subscriptions, c.req.valid('param'));
      return c.json({ ...deliveryView(d), payload: JSON.parse(d.payload), log: (await deps.subscriptions.attempts(d.id)).map(attemptView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/subscriptions/{id}/deliveries/{deliveryId}/replay',
      tags,
      security,
      summary: 'Send a delivery again now (same webhook-id and body), with a fresh retry schedule',
      request: { params: DeliveryParams },
      responses: { 202: { description: 'Replay queued', content: { 'application/json': { schema: z.object({ job: z.number().int() }) } } }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      const d = await deliveryOf(deps.subscriptions, c.req.valid('param'));
      const [job] = await deps.db.transaction(async (tx) => {
        await deps.subscriptions.reopen(tx, d.id);
        return deps.queue.enqueue(tx, [deliveryJob(d.id, d.orderId, deps.schedule, 'replay')]);
      });
      deps.onJobs();
      return c.json({ job: job! }, 202);
    },
  );

  return app;
}

async function deliveryOf(subscriptions: SubscriptionRepository, p: { id: string; deliveryId: string }): Promise<SubscriptionDeliveryRow> {
  const d = await subscriptions.delivery(p.deliveryId);
  if (d.subscriptionId !== p.id) throw new NotFoundError(`subscription "${p.id}" has no delivery "${p.deliveryId}"`, 'subscription_delivery_not_found');
  return d;
}

function view(s: SubscriptionRow) {
  return {
    id: s.id,
    url: s.url,
    eventTypes: s.eventTypes,
    description: s.description,
    enabled: s.enabled,
    disabledReason: s.disabledReason,
    createdAt: iso(s.createdAt)!,
    updatedAt: iso(s.updatedAt)!,
  };
}

function deliveryView(d: SubscriptionDeliveryRow) {
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    eventId: d.eventId,
    eventType: d.eventType,
    orderId: d.orderId,
    status: d.status,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    createdAt: iso(d.createdAt)!,
    deliveredAt: iso(d.deliveredAt),
  };
}

function attemptView(a: SubscriptionAttemptRow) {
  return {
    attempt: a.attempt,
    trigger: a.trigger,
    attemptedAt: iso(a.attemptedAt)!,
    durationMs: a.durationMs,
    responseStatus: a.responseStatus,
    responseBody: a.responseBody,
    error: a.error,
  };
}

function humanDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
