/**
 * @module `generic-webhook`: a store connector for any platform that can POST JSON.
 *
 * Deliveries are verified as Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`:
 * `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` with the `whsec_…` secret, timestamps within
 * five minutes) and deduplicated on `webhook-id`. The body is mapped to a canonical order by the JSONata
 * expression in the config (`order`), and what happened to it by a second one (`event`: `"created"`,
 * `"updated"`, `"cancelled"` or `"ignore"`; `"updated"` when not configured, which creates the order the
 * first time it is seen). Stale updates are told apart by the order's `updatedAt`.
 *
 * On receipt the signature is checked and the body must be JSON (400 otherwise); the mapping runs in the
 * `inbox.apply` job (JSONata is asynchronous), and a delivery the mapping can't turn into a valid order is
 * kept as rejected, naming the field, to replay after the expression is fixed.
 *
 * A worked config, with a payload it maps, is in example-mapping.ts.
 */
import { z } from 'zod';
import { OrderSnapshotSchema } from '../model/order.ts';
import { defineConnector } from '../sdk/define-connector.ts';
import { ValidationError } from '../sdk/errors.ts';
import type { InboundEvent, NormalizeResult } from '../sdk/inbound.ts';
import { parseJsonBody, parseOrThrow } from '../sdk/parse.ts';
import { verifyStandardWebhook, webhookSecretKey } from '../sdk/standard-webhooks.ts';
import { evaluate, expressionError } from './mapping.ts';

const jsonataExpression = (title: string, description: string) =>
  z
    .string()
    .min(1)
    .superRefine((expr, ctx) => {
      const error = expressionError(expr);
      if (error) ctx.addIssue({ code: 'custom', message: error });
    })
    .meta({ title, description, ui: { widget: 'code', language: 'jsonata' } });

const config = z.object({
  order: jsonataExpression('Order mapping (JSONata)', 'Evaluated against the posted JSON; yields the canonical order (externalId, number, currency, lines, …)'),
  event: jsonataExpression('Event mapping (JSONata)', 'Yields "created", "updated", "cancelled" or "ignore"')
    .optional()
    .default('"updated"'),
});

const secrets = z.object({
  webhookSecret: z
    .string()
    .startsWith('whsec_', 'expected a Standard Webhooks secret: "whsec_" and a base64 key')
    .refine((s) => {
      try {
        return webhookSecretKey(s).length >= 16;
      } catch {
        return false;
      }
    }, 'the key after "whsec_" must be base64 of at least 16 bytes')
    .meta({ title: 'Signing secret (whsec_…)', ui: { widget: 'password' } }),
});

const EVENT_KINDS = ['created', 'updated', 'cancelled', 'ignore'] as const;
type EventKind = (typeof EVENT_KINDS)[number];
interface Mapped {
  kind: EventKind;
  order?: unknown;
}

export const genericWebhook = defineConnector({
  type: 'generic-webhook',
  kind: 'store',
  title: 'Any store (JSON webhook)',
  description: 'Orders from any platform that can POST JSON: Standard Webhooks signatures, JSONata mappings to the canonical order.',
  config,
  secrets,
  inbound: {
    verify(req, ctx) {
      return verifyStandardWebhook(ctx.secrets.webhookSecret, req.headers, req.rawBody);
    },
    deliveryId(req) {
      return req.headers['webhook-id'] || undefined;
    },
    async enrich(req, ctx): Promise<Mapped> {
      const body = parseJsonBody(req.rawBody);
      const kind = await evaluate('event', ctx.config.event, body);
      if (typeof kind !== 'string' || !(EVENT_KINDS as readonly string[]).includes(kind)) {
        throw new ValidationError(`the event mapping gave ${JSON.stringify(kind)}`, [{ field: 'config.event', message: `expected one of ${EVENT_KINDS.join(', ')}` }], 'mapping_failed');
      }
      if (kind === 'ignore') return { kind };
      return { kind: kind as EventKind, order: await evaluate('order', ctx.config.order, body) };
    },
    validatesEvents: true,
    normalize(req): NormalizeResult {
      parseJsonBody(req.rawBody);
      const mapped = req.enriched as Mapped | undefined;
      // On receipt: authentic JSON, stored for the apply job to map (JSONata is asynchronous).
      if (!mapped) return { kind: 'events', topic: 'order', events: [] };
      if (mapped.kind === 'ignore') return { kind: 'ignored', topic: 'ignore', reason: 'the event mapping said to ignore this delivery' };
      const order = parseOrThrow(OrderSnapshotSchema, mapped.order, 'mapped order');
      const ref = { externalOrderId: order.externalId };
      const events: InboundEvent[] = [
        mapped.kind === 'created'
          ? { type: 'order.received', occurredAt: order.placedAt, data: { order }, ref }
          : { type: 'order.updated', occurredAt: order.updatedAt, data: { order }, ref },
      ];
      if (mapped.kind === 'cancelled') events.push({ type: 'order.cancelled', occurredAt: order.cancelledAt ?? order.updatedAt, data: { by: 'store' }, ref });
      return { kind: 'events', topic: `order/${mapped.kind}`, events, version: order.updatedAt };
    },
  },
});
