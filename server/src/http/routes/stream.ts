/**
 * @module `GET /api/stream`: canonical events as Server-Sent Events, for the console's live views.
 *
 * Each hub process reads the event log by sequence number, so a client sees events recorded by any
 * process sharing the database; `Last-Event-ID` resumes after a reconnect without gaps.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { EventStore } from '../../events/event-store.ts';
import type { ApiEnv } from '../api-env.ts';
import { problemResponses } from '../schemas.ts';

const POLL_MS = 500;
/** A comment line now and then keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

export function streamRoutes(deps: { events: EventStore; signal: AbortSignal }) {
  const app = new OpenAPIHono<ApiEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/stream',
      tags: ['Events'],
      security: [{ bearer: [] }],
      summary: 'Live canonical events (text/event-stream); resume with Last-Event-ID or ?after=',
      request: { query: z.object({ after: z.coerce.number().int().optional(), orderId: z.string().optional() }) },
      responses: { 200: { description: 'Event stream', content: { 'text/event-stream': { schema: z.string() } } }, ...problemResponses(401) },
    }),
    (c) => {
      const q = c.req.valid('query');
      const lastId = Number(c.req.header('last-event-id'));
      return streamSSE(c, async (stream) => {
        let seq = Number.isFinite(lastId) && lastId > 0 ? lastId : (q.after ?? (await deps.events.lastSeq()));
        let closed = false;
        let lastWrite = Date.now();
        stream.onAbort(() => {
          closed = true;
        });
        while (!closed && !deps.signal.aborted) {
          const batch = await deps.events.after(seq, 200);
          for (const e of batch) {
            seq = e.seq;
            if (q.orderId && e.orderId !== q.orderId) continue;
            await stream.writeSSE({
              id: String(e.seq),
              event: e.type,
              data: JSON.stringify({ seq: e.seq, id: e.id, type: e.type, orderId: e.orderId, source: e.source, occurredAt: e.occurredAt }),
            });
            lastWrite = Date.now();
          }
          if (batch.length === 0) {
            if (Date.now() - lastWrite > KEEPALIVE_MS) {
              await stream.write(': keep-alive\n\n');
              lastWrite = Date.now();
            }
            await stream.sleep(POLL_MS);
          }
        }
      });
    },
  );
  return app;
}
