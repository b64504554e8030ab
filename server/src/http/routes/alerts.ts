/** @module `/api/alerts`: operational alerts about suppliers (a stale inventory feed), newest first. */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AlertRepository } from '../../sla/alert-repository.ts';
import type { ApiEnv } from '../api-env.ts';
import { iso, problemResponses } from '../schemas.ts';

const AlertSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    supplierId: z.string().nullable(),
    message: z.string(),
    data: z.record(z.string(), z.unknown()),
    raisedAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .openapi('Alert');

export function alertRoutes(deps: { alerts: AlertRepository }) {
  const app = new OpenAPIHono<ApiEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/alerts',
      tags: ['Alerts'],
      security: [{ bearer: [] }],
      summary: 'Alerts, newest first; `open=true` for unresolved ones',
      request: {
        query: z.object({
          open: z.enum(['true', 'false']).optional(),
          supplierId: z.string().optional(),
          code: z.string().optional(),
          before: z.string().optional().openapi({ description: 'Page: alerts with a smaller id' }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: { 200: { description: 'Alerts', content: { 'application/json': { schema: z.object({ items: z.array(AlertSchema) }) } } }, ...problemResponses(400, 401) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const rows = await deps.alerts.list({ ...q, open: q.open === undefined ? undefined : q.open === 'true' });
      return c.json({ items: rows.map((a) => ({ id: a.id, code: a.code, supplierId: a.supplierId, message: a.message, data: a.data, raisedAt: iso(a.raisedAt)!, resolvedAt: iso(a.resolvedAt) })) }, 200);
    },
  );
  return app;
}
