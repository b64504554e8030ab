/** @module `/api/orders`: the canonical orders, filterable and paged, each with its timeline. */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { ORDER_STATUSES } from '@dropline/connectors/model';
import type { OrderViews } from '../../orders/order-views.ts';
import type { ApiEnv } from '../api-env.ts';
import { OrderDetailSchema, OrderSchema, listOf, problemResponses } from '../schemas.ts';

const security = [{ bearer: [] }];
const tags = ['Orders'];

export function orderRoutes(deps: { views: OrderViews; counts: () => Promise<Record<string, number>> }) {
  const app = new OpenAPIHono<ApiEnv>();

  // Before /api/orders/{id}, which would otherwise take "counts" for an id.
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/orders/counts',
      tags,
      security,
      summary: 'How many orders are in each status',
      responses: {
        200: {
          description: 'Counts',
          content: { 'application/json': { schema: z.object({ total: z.number().int(), byStatus: z.record(z.string(), z.number().int()) }).openapi('OrderCounts') } },
        },
        ...problemResponses(401),
      },
    }),
    async (c) => {
      const byStatus = await deps.counts();
      return c.json({ total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/orders',
      tags,
      security,
      summary: 'Orders, newest first',
      request: {
        query: z.object({
          source: z.string().optional().openapi({ description: 'Store connector id' }),
          externalId: z.string().optional().openapi({ description: "The store's order id" }),
          status: z
            .string()
            .optional()
            .openapi({ description: `Comma-separated: ${ORDER_STATUSES.join(', ')}` }),
          cursor: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: { 200: { description: 'A page of orders', content: { 'application/json': { schema: listOf(OrderSchema, 'OrderList') } } }, ...problemResponses(400, 401) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await deps.views.list({
        source: q.source,
        externalId: q.externalId,
        status: q.status?.split(',').map((s) => s.trim()).filter(Boolean),
        cursor: q.cursor,
        limit: q.limit,
      });
      return c.json(page as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/orders/{id}',
      tags,
      security,
      summary: 'One order with its timeline, supplier orders and shipments',
      request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 200: { description: 'The order', content: { 'application/json': { schema: OrderDetailSchema } } }, ...problemResponses(401, 404) },
    }),
    async (c) => c.json((await deps.views.get(c.req.valid('param').id)) as never, 200),
  );

  return app;
}
