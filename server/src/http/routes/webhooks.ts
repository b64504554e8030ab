/**
 * @module `POST /webhooks/:connectorId`: where stores, suppliers, carriers and returns partners deliver.
 *
 * The raw body is read once, capped (413 beyond the limit, refused from Content-Length before reading),
 * and handed to the inbox as bytes: signatures are over bytes, not over re-serialised JSON. Headers and
 * body are read from Node's request directly (see raw-request.ts): this is the hub's hottest route.
 */
import { Hono } from 'hono';
import { AppError } from '@dropline/connectors/sdk';
import type { ResolvedConnector } from '../../connectors/connector-service.ts';
import type { Inbox } from '../../inbox/receive-delivery.ts';
import type { Logger } from '../../logging.ts';
import type { Metrics } from '../../metrics.ts';
import { errorToProblem, problemResponse } from '../problem.ts';
import { readRawBody, requestHeaders } from '../raw-request.ts';

type Env = { Variables: { connector: ResolvedConnector; requestId: string; log: Logger } };

export function webhookRoutes(deps: { inbox: Inbox; bodyLimit: number; metrics: Metrics }) {
  const app = new Hono<Env>();
  const count = (connector: string, outcome: string) => deps.metrics.deliveries.inc({ connector, outcome });

  app.post(
    '/webhooks/:connectorId',
    async (c, next) => {
      try {
        c.set('connector', await deps.inbox.connectorFor(c.req.param('connectorId')));
      } catch (err) {
        count('(unknown)', 'unknown_connector');
        return errorToProblem(c, err);
      }
      await next();
    },
    async (c) => {
      const connector = c.var.connector;
      const started = performance.now();
      const headers = requestHeaders(c);
      const rawBody = await readRawBody(c, headers, deps.bodyLimit);
      if (!rawBody) {
        count(connector.id, 'too_large');
        // The rest of the body is never read: close the connection so the client can't reuse it mid-body.
        c.header('connection', 'close');
        return problemResponse(c, 413, 'payload_too_large', `bodies are limited to ${deps.bodyLimit} bytes`);
      }
      try {
        const result = await deps.inbox.receive(connector, { rawBody, headers, query: queryOf(c.req.url) });
        count(connector.id, result.outcome);
        deps.metrics.deliveryDuration.observe({ connector: connector.id }, (performance.now() - started) / 1000);
        if (result.outcome === 'reply') return result.body === undefined || result.status === 204 ? c.body(null, result.status) : c.json(result.body as object, 200);
        const { status, outcome, ...rest } = result;
        return c.json({ status: outcome, ...rest }, status);
      } catch (err) {
        const outcome = err instanceof AppError ? (err.status === 401 ? 'unauthorized' : err.status < 500 ? 'rejected' : 'error') : 'error';
        count(connector.id, outcome);
        const log = c.var.log;
        if (outcome === 'unauthorized') log.warn({ connector: connector.id, reason: (err as Error).message }, 'webhook signature refused');
        else if (outcome === 'rejected') log.warn({ connector: connector.id, err }, 'webhook payload rejected');
        else log.error({ connector: connector.id, err }, 'webhook delivery failed');
        return errorToProblem(c, err);
      }
    },
  );
  return app;
}

/** The query string's parameters, without parsing the whole URL again. */
function queryOf(url: string): URLSearchParams {
  const q = url.indexOf('?');
  if (q < 0) return new URLSearchParams();
  const hash = url.indexOf('#', q);
  return new URLSearchParams(hash < 0 ? url.slice(q + 1) : url.slice(q + 1, hash));
}
