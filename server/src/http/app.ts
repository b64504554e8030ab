/**
 * @module The hub's HTTP surface as one Hono app: health, metrics, OpenAPI, webhooks and `/api`.
 * (The console's pages are mounted beside it by `server.ts`.)
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { z } from 'zod';
import { fieldIssues, describeIssues } from '@dropline/connectors/model';
import type { Logger } from '../logging.ts';
import type { Metrics } from '../metrics.ts';
import type { ApiEnv } from './api-env.ts';
import type { Auth } from './auth.ts';
import { docsRoutes } from './routes/docs.ts';
import { errorToProblem, problemResponse } from './problem.ts';

export interface AppDeps {
  log: Logger;
  metrics: Metrics;
  auth: Auth;
  /** Storage reachable and migrated, and not shutting down. */
  ready: () => Promise<boolean>;
  version: string;
  /** `/webhooks` (no auth: each connector verifies its senders). */
  webhooks: Hono<any>;
  /** Routers under `/api` (bearer or session required). */
  apiRoutes: OpenAPIHono<ApiEnv>[];
  /** Routers anyone may call (the tracking page's data). */
  publicRoutes: OpenAPIHono<ApiEnv>[];
}

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<ApiEnv>({
    // Invalid query, params or body → 400/422 problem naming each field.
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = (result.error as z.ZodError).issues;
      const status = result.target === 'json' ? 422 : 400;
      return problemResponse(c, status, 'validation_failed', describeIssues(issues), { errors: fieldIssues(issues) });
    },
  });

  app.use('*', requestId({ headerName: 'x-request-id' }));
  app.use('*', async (c, next) => {
    const started = performance.now();
    c.set('log', deps.log.child({ requestId: c.var.requestId }));
    await next();
    const route = c.req.routePath === '/*' || !c.req.routePath ? 'unmatched' : c.req.routePath;
    const seconds = (performance.now() - started) / 1000;
    deps.metrics.httpRequests.inc({ route, method: c.req.method, status: String(c.res.status) });
    deps.metrics.httpDuration.observe({ route, method: c.req.method }, seconds);
    if (c.res.status >= 500) c.var.log.error({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(seconds * 1000) }, 'request failed');
    else c.var.log.debug({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(seconds * 1000) }, 'request');
  });

  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 400 ? 'malformed_request' : status === 415 ? 'unsupported_media_type' : 'http_error';
      return problemResponse(c, status, code, err.message);
    }
    if (!(err instanceof Error) || !('status' in err) || (err as { status: number }).status >= 500) {
      c.var.log?.error({ err, path: c.req.path }, 'unhandled error');
    }
    return errorToProblem(c, err);
  });
  app.notFound((c) => problemResponse(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => ((await deps.ready()) ? c.json({ status: 'ready' }) : problemResponse(c, 503, 'not_ready', 'storage unreachable or shutting down')));
  app.get('/metrics', async (c) => c.text(await deps.metrics.registry.metrics(), 200, { 'content-type': deps.metrics.registry.contentType }));

  app.route('/', deps.webhooks);

  app.post('/auth/session', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { token?: string };
    const role = deps.auth.checkToken(body.token);
    if (!role) return problemResponse(c, 401, 'unauthorized', 'that token is not valid');
    deps.auth.startSession(c, role);
    return c.json({ role });
  });
  app.delete('/auth/session', (c) => {
    deps.auth.endSession(c);
    return c.body(null, 204);
  });

  for (const r of deps.publicRoutes) app.route('/', r);
  app.use('/api/*', deps.auth.requireRole());
  for (const r of deps.apiRoutes) app.route('/', r);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'The admin token (DROPLINE_ADMIN_TOKEN), or the console session cookie',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Dropline hub API',
      version: deps.version,
      description:
        'Connector admin, orders and their timelines, jobs and the inbox. Webhooks are received at `POST /webhooks/{connectorId}`; errors are RFC 9457 problem details.',
    },
  });
  app.route('/', docsRoutes());
  return app;
}
