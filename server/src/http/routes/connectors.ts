/** @module `/api/connectors` and `/api/connector-types`: admins add and change integrations by config. */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { ConnectorRegistry } from '@dropline/connectors/sdk';
import type { ConnectorService } from '../../connectors/connector-service.ts';
import { ConnectorSchema, ConnectorTypeSchema, CreateConnectorSchema, UpdateConnectorSchema, listOf, problemResponses } from '../schemas.ts';
import type { ApiEnv } from '../api-env.ts';

const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'acme-shop' }) });
const security = [{ bearer: [] }];
const tags = ['Connectors'];

export function connectorRoutes(deps: { connectors: ConnectorService; registry: ConnectorRegistry }) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/connector-types',
      tags,
      security,
      summary: 'Registered connector types, with JSON Schemas for their config and secrets',
      responses: { 200: { description: 'Types', content: { 'application/json': { schema: listOf(ConnectorTypeSchema, 'ConnectorTypeList') } } }, ...problemResponses(401) },
    }),
    (c) => c.json({ items: deps.registry.list().map((d) => deps.registry.describe(d.type)) as never[] }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/connectors',
      tags,
      security,
      summary: 'List connectors',
      request: { query: z.object({ kind: z.string().optional() }) },
      responses: { 200: { description: 'Connectors', content: { 'application/json': { schema: listOf(ConnectorSchema, 'ConnectorList') } } }, ...problemResponses(401) },
    }),
    async (c) => c.json({ items: await deps.connectors.list({ kind: c.req.valid('query').kind as never }) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/connectors',
      tags,
      security,
      summary: 'Add a connector; config and secrets are validated by its type',
      request: { body: { required: true, content: { 'application/json': { schema: CreateConnectorSchema } } } },
      responses: {
        201: { description: 'Created', content: { 'application/json': { schema: ConnectorSchema } } },
        ...problemResponses(401, 409, 422),
      },
    }),
    async (c) => {
      const created = await deps.connectors.create(c.req.valid('json'));
      c.header('location', `/api/connectors/${created.id}`);
      return c.json(created, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/connectors/{id}',
      tags,
      security,
      summary: 'One connector (secrets are never returned)',
      request: { params: IdParam },
      responses: { 200: { description: 'Connector', content: { 'application/json': { schema: ConnectorSchema } } }, ...problemResponses(401, 404) },
    }),
    async (c) => c.json(await deps.connectors.get(c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/connectors/{id}',
      tags,
      security,
      summary: 'Change name, config, secrets (merged) or enabled',
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: UpdateConnectorSchema } } } },
      responses: { 200: { description: 'Updated', content: { 'application/json': { schema: ConnectorSchema } } }, ...problemResponses(401, 404, 422) },
    }),
    async (c) => c.json(await deps.connectors.update(c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/connectors/{id}',
      tags,
      security,
      summary: 'Remove a connector',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      await deps.connectors.delete(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  return app;
}
