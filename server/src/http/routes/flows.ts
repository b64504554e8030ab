/**
 * @module `/api/flows`: routing and exception flows — drafts that autosave, validation with node-level
 * problems, publish / versions / rollback, simulate and replay, shadow mode — plus the starter templates
 * and message templates the editor offers.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import { FLOW_TRIGGERS, STARTER_TEMPLATES, type CompiledFlowCache, type FactProvider } from '@dropline/rules';
import type { ConnectorService } from '../../connectors/connector-service.ts';
import type { Database } from '../../db/database.ts';
import type { FlowService } from '../../flows/flow-service.ts';
import { simulate } from '../../flows/simulate-flows.ts';
import { MESSAGE_TEMPLATES } from '../../notifications/message-templates.ts';
import type { Repositories } from '../../workflow/repositories.ts';
import type { ApiEnv } from '../api-env.ts';
import { listOf, problemResponses } from '../schemas.ts';

const security = [{ bearer: [] }];
const tags = ['Flows'];
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const FlowDocument = z.record(z.string(), z.unknown()).openapi('FlowDocument', { description: 'A flow graph (see @dropline/rules FlowSchema): id, name, trigger, nodes, edges' });
const FlowView = z
  .object({
    id: z.string(),
    name: z.string(),
    trigger: z.enum(FLOW_TRIGGERS),
    draft: FlowDocument,
    publishedVersion: z.number().int().nullable(),
    shadowVersion: z.number().int().nullable(),
    draftUpdatedAt: z.string(),
    draftUpdatedBy: z.string(),
    draftDiffersFromPublished: z.boolean(),
  })
  .openapi('Flow');
const Issue = z.object({ code: z.string(), message: z.string(), nodeId: z.string().optional(), edgeId: z.string().optional(), field: z.string().optional() }).openapi('FlowIssue');
const Version = z.object({ version: z.number().int(), message: z.string(), author: z.string(), createdAt: z.string(), published: z.boolean() }).openapi('FlowVersion');
const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

export function flowRoutes(deps: {
  db: Database;
  repos: Repositories;
  flows: FlowService;
  connectors: ConnectorService;
  facts: FactProvider;
  cache: CompiledFlowCache;
  webhookSecret: string;
}) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({ method: 'get', path: '/api/flow-templates', tags, security, summary: 'Starter templates a flow can be created from', responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'Templates'), ...problemResponses(401) } }),
    (c) =>
      c.json(
        { items: STARTER_TEMPLATES.map((t) => ({ id: t.id, title: t.title, description: t.description, trigger: t.trigger, supplierSlots: t.supplierSlots })) },
        200,
      ),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/notification-templates', tags, security, summary: 'Customer message templates the notify action can send', responses: { 200: json(z.object({ items: z.array(z.object({ id: z.string(), title: z.string(), description: z.string() })) }), 'Templates'), ...problemResponses(401) } }),
    (c) => c.json({ items: Object.entries(MESSAGE_TEMPLATES).map(([id, t]) => ({ id, title: t.title, description: t.description })) }, 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/flow-settings', tags, security, summary: 'The secret flow webhooks are signed with (Standard Webhooks)', responses: { 200: json(z.object({ webhookSecret: z.string() }), 'Settings'), ...problemResponses(401) } }),
    (c) => c.json({ webhookSecret: deps.webhookSecret }, 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/flows', tags, security, summary: 'Flows', responses: { 200: json(listOf(FlowView, 'FlowList'), 'Flows'), ...problemResponses(401) } }),
    async (c) => c.json({ items: (await deps.flows.list()) as never[] }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/flows',
      tags,
      security,
      summary: 'Create a flow: blank (its trigger node only) or from a starter template',
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                name: z.string().trim().min(1).max(200),
                trigger: z.enum(FLOW_TRIGGERS).optional(),
                template: z.object({ id: z.string(), suppliers: z.array(z.string()).default([]) }).optional(),
                author: z.string().optional(),
              }),
            },
          },
        },
      },
      responses: { 201: json(FlowView, 'Created'), ...problemResponses(401, 422) },
    }),
    async (c) => {
      const flow = await deps.flows.create(c.req.valid('json'));
      c.header('location', `/api/flows/${flow.id}`);
      return c.json(flow as never, 201);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/flows/{id}', tags, security, summary: 'One flow with its draft', request: { params: IdParam }, responses: { 200: json(FlowView, 'Flow'), ...problemResponses(401, 404) } }),
    async (c) => c.json((await deps.flows.get(c.req.valid('param').id)) as never, 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/flows/{id}/draft',
      tags,
      security,
      summary: 'Save the draft (autosave; an invalid graph is stored as it is)',
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: z.object({ flow: FlowDocument, author: z.string().optional() }) } } } },
      responses: { 200: json(FlowView, 'Saved'), ...problemResponses(401, 404, 422) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json((await deps.flows.saveDraft(c.req.valid('param').id, body.flow, body.author)) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/flows/{id}/validate',
      tags,
      security,
      summary: 'Problems of a graph (default: the draft), each pointing at its node, edge and field',
      request: { params: IdParam, body: { content: { 'application/json': { schema: z.object({ flow: FlowDocument.optional() }) } } } },
      responses: { 200: json(z.object({ issues: z.array(Issue) }), 'Problems (empty when valid)'), ...problemResponses(401, 404) },
    }),
    async (c) => c.json({ issues: await deps.flows.validate(c.req.valid('param').id, c.req.valid('json').flow) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/flows/{id}/publish',
      tags,
      security,
      summary: 'Publish the draft as the next version; live at once on every hub',
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: z.object({ message: z.string().max(500).default(''), author: z.string().optional() }) } } } },
      responses: { 200: json(z.object({ version: z.number().int() }), 'Published'), ...problemResponses(401, 404, 422) },
    }),
    async (c) => c.json(await deps.flows.publish(c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/flows/{id}/versions', tags, security, summary: 'Version history, newest first', request: { params: IdParam }, responses: { 200: json(listOf(Version, 'FlowVersionList'), 'Versions'), ...problemResponses(401, 404) } }),
    async (c) => c.json({ items: await deps.flows.versions(c.req.valid('param').id) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/flows/{id}/versions/{version}',
      tags,
      security,
      summary: 'One version with its graph',
      request: { params: IdParam.extend({ version: z.coerce.number().int().positive().openapi({ param: { name: 'version', in: 'path' } }) }) },
      responses: { 200: json(Version.extend({ flow: FlowDocument }), 'Version'), ...problemResponses(401, 404) },
    }),
    async (c) => {
      const { id, version } = c.req.valid('param');
      return c.json((await deps.flows.version(id, version)) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/flows/{id}/rollback',
      tags,
      security,
      summary: 'Publish an earlier version again (as a new version)',
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: z.object({ version: z.number().int().positive(), author: z.string().optional() }) } } } },
      responses: { 200: json(z.object({ version: z.number().int() }), 'Published'), ...problemResponses(401, 404) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await deps.flows.rollback(c.req.valid('param').id, body.version, body.author), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/flows/{id}/unpublish',
      tags,
      security,
      summary: 'Take the flow off its trigger (orders fall back to the built-in routing); its versions are kept',
      request: { params: IdParam },
      responses: { 200: json(FlowView, 'The flow, no longer published'), ...problemResponses(401, 404) },
    }),
    async (c) => c.json((await deps.flows.unpublish(c.req.valid('param').id)) as never, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/flows/{id}/simulate',
      tags,
      security,
      summary: 'Run the draft (or a given graph) and the published version on an order, or replay the last N orders; nothing is executed',
      request: {
        params: IdParam,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({
                flow: FlowDocument.optional(),
                order: z.record(z.string(), z.unknown()).optional().openapi({ description: 'A canonical order snapshot' }),
                orderId: z.string().optional(),
                replay: z.number().int().min(1).max(500).optional(),
              }),
            },
          },
        },
      },
      responses: { 200: json(z.object({ results: z.array(z.record(z.string(), z.unknown())), summary: z.object({ total: z.number(), changed: z.number(), failed: z.number() }) }), 'Decisions and differences'), ...problemResponses(401, 404, 422) },
    }),
    async (c) => c.json((await simulate(deps, c.req.valid('param').id, c.req.valid('json'))) as never, 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/flows/{id}/shadow',
      tags,
      security,
      summary: 'Run a version beside the published one on live orders, recording what it would decide (null: stop)',
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: z.object({ version: z.number().int().positive().nullable() }) } } } },
      responses: { 200: json(FlowView, 'Flow'), ...problemResponses(401, 404) },
    }),
    async (c) => c.json((await deps.flows.setShadow(c.req.valid('param').id, c.req.valid('json').version)) as never, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/flows/{id}/shadow-decisions',
      tags,
      security,
      summary: 'What the shadow version would have decided, newest first',
      request: { params: IdParam, query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), differs: z.enum(['true', 'false']).optional() }) },
      responses: { 200: json(listOf(z.record(z.string(), z.unknown()), 'ShadowDecisionList'), 'Decisions'), ...problemResponses(401, 404) },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      await deps.flows.get(id);
      const q = c.req.valid('query');
      const t = deps.db.t.shadowDecisions;
      // Filtered in the query, so `limit` counts matching decisions, not the newest ones of any kind.
      const rows = await deps.db.q
        .select()
        .from(t)
        .where(and(eq(t.flowId, id), q.differs === undefined ? undefined : eq(t.differs, q.differs === 'true')))
        .orderBy(desc(t.id))
        .limit(q.limit);
      const items = rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: '/api/flows/{id}', tags, security, summary: 'Delete a flow that is not published', request: { params: IdParam }, responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 404, 409) } }),
    async (c) => {
      await deps.flows.delete(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  return app;
}
