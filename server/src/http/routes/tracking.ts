/** @module `GET /tracking/{token}`: the public, read-only data behind the branded tracking page `/t/:token`. */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Database } from '../../db/database.ts';
import { trackingView } from '../../orders/tracking-view.ts';
import type { Repositories } from '../../workflow/repositories.ts';
import type { ApiEnv } from '../api-env.ts';
import { problemResponses } from '../schemas.ts';

export function trackingRoutes(deps: { db: Database; repos: Repositories }) {
  const app = new OpenAPIHono<ApiEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/tracking/{token}',
      tags: ['Public'],
      summary: 'Order progress for the customer (no authentication; the token is the secret)',
      request: { params: z.object({ token: z.string().openapi({ param: { name: 'token', in: 'path' } }) }) },
      responses: {
        200: { description: 'Progress', content: { 'application/json': { schema: z.record(z.string(), z.unknown()).openapi('TrackingView') } } },
        ...problemResponses(404),
      },
    }),
    async (c) => {
      c.header('cache-control', 'private, max-age=15');
      return c.json((await trackingView(deps.db, deps.repos, c.req.valid('param').token)) as never, 200);
    },
  );
  return app;
}
