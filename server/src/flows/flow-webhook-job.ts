/**
 * @module The `flow.webhook` job: a flow's "call an outgoing webhook" action. POSTs the order and the lines
 * the action is about to the URL, signed per Standard Webhooks with the hub's flow-webhook secret
 * (`GET /api/flow-settings` shows it to admins), with a `webhook-id` that is the same on every
 * retry so the receiver can drop repeats.
 */
import { createHash } from 'node:crypto';
import { signStandardWebhook, UpstreamError } from '@dropline/connectors/sdk';
import type { Database } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { Repositories } from '../workflow/repositories.ts';
import { FLOW_JOB_TYPES } from './flow-job-types.ts';

export function flowWebhookJob(deps: { db: Database; repos: Repositories; secret: string }): JobHandler<{ orderId: string; url: string; nodeId: string; lines: string[]; cause: string }> {
  return {
    type: FLOW_JOB_TYPES.webhook,
    async run(p) {
      const order = deps.repos.orders.toCanonical(await deps.repos.orders.require(deps.db.q, p.orderId));
      // Derived from the whole cause (decision and node), never a prefix of it: two calls must not share an id.
      const id = `msg_${createHash('sha256').update(p.cause).digest('base64url').slice(0, 32)}`;
      const body = JSON.stringify({ type: 'flow.webhook', nodeId: p.nodeId, order, lines: p.lines, sentAt: new Date().toISOString() });
      let res: Response;
      try {
        res = await fetch(p.url, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', ...signStandardWebhook(deps.secret, id, body) },
          signal: AbortSignal.timeout(15_000),
        });
      } catch (err) {
        throw new UpstreamError(`POST ${p.url} failed: ${(err as Error).message}`, { retryable: true, cause: err });
      }
      if (!res.ok) throw new UpstreamError(`POST ${p.url} answered ${res.status}`, { upstreamStatus: res.status, retryable: res.status >= 500 || res.status === 429 });
    },
  };
}
