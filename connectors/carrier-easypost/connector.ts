/**
 * @module EasyPost tracking: trackers created over the API, updates received as `tracker.updated` events.
 *
 * Webhooks carry `X-Hmac-Signature: hmac-sha256-hex=<hex>`, an HMAC-SHA256 of the raw body keyed with
 * the webhook secret NFKD-normalised (as EasyPost's own client libraries do). The event `id` is stable
 * across EasyPost's retries and is the delivery id.
 */
import { z } from 'zod';
import type { TrackingStatus } from '../model/events.ts';
import { toUtcIso } from '../model/time.ts';
import { defineConnector } from '../sdk/define-connector.ts';
import type { InboundEvent, NormalizeResult } from '../sdk/inbound.ts';
import { parseJsonBody, parseOrThrow } from '../sdk/parse.ts';
import { hmacSha256, safeEqual } from '../sdk/signatures.ts';

export const EASYPOST_API = 'https://api.easypost.com';

/** EasyPost tracker statuses → canonical tracking statuses. */
const STATUS: Record<string, TrackingStatus> = {
  pre_transit: 'pre_transit',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
  available_for_pickup: 'available_for_pickup',
  return_to_sender: 'returned_to_sender',
  failure: 'exception',
  cancelled: 'exception',
  error: 'exception',
  unknown: 'unknown',
};

const TrackingDetail = z.looseObject({
  message: z.string().nullish(),
  description: z.string().nullish(),
  status: z.string().nullish(),
  datetime: z.string().nullish(),
  tracking_location: z.looseObject({ city: z.string().nullish(), state: z.string().nullish(), country: z.string().nullish() }).nullish(),
});

const Tracker = z.looseObject({
  id: z.string(),
  tracking_code: z.string().min(1),
  status: z.string(),
  carrier: z.string(),
  signed_by: z.string().nullish(),
  est_delivery_date: z.string().nullish(),
  updated_at: z.string().nullish(),
  public_url: z.string().nullish(),
  tracking_details: z.array(TrackingDetail).default([]),
});
export type EasyPostTracker = z.infer<typeof Tracker>;

const Event = z.looseObject({ id: z.string(), description: z.string(), result: z.unknown() });

const config = z.object({
  apiBaseUrl: z.url().default(EASYPOST_API).meta({ title: 'API base URL', ui: { advanced: true } }),
});

const secrets = z.object({
  apiKey: z.string().min(1).meta({ title: 'API key', ui: { widget: 'password' } }),
  webhookSecret: z.string().min(1).meta({ title: 'Webhook secret', ui: { widget: 'password' } }),
});

export function easypostSignature(secret: string, rawBody: Uint8Array | string): string {
  return `hmac-sha256-hex=${hmacSha256(secret.normalize('NFKD'), rawBody, 'hex')}`;
}

/** The canonical events one tracker state stands for. */
export function trackerEvents(t: EasyPostTracker): InboundEvent[] {
  const last = t.tracking_details[t.tracking_details.length - 1];
  const status = STATUS[t.status] ?? 'unknown';
  const where = last?.tracking_location;
  const ref = { trackingNumber: t.tracking_code };
  const events: InboundEvent[] = [
    {
      type: 'shipment.tracking_updated',
      occurredAt: (last?.datetime && toUtcIso(last.datetime)) || (t.updated_at ? toUtcIso(t.updated_at) : undefined),
      data: {
        carrier: t.carrier,
        trackingNumber: t.tracking_code,
        status,
        description: last?.message ?? last?.description ?? undefined,
        location: where ? [where.city, where.state, where.country].filter(Boolean).join(', ') || undefined : undefined,
        estimatedDeliveryAt: t.est_delivery_date ? toUtcIso(t.est_delivery_date) : undefined,
      },
      ref,
    },
  ];
  if (status === 'delivered') {
    const at = [...t.tracking_details].reverse().find((d) => d.status === 'delivered')?.datetime ?? t.updated_at;
    events.push({
      type: 'shipment.delivered',
      occurredAt: at ?? undefined,
      data: { carrier: t.carrier, trackingNumber: t.tracking_code, deliveredAt: (at && toUtcIso(at)) || new Date().toISOString(), signedBy: t.signed_by ?? undefined },
      ref,
    });
  }
  return events;
}

export const easypost = defineConnector({
  type: 'easypost',
  kind: 'carrier',
  title: 'EasyPost',
  description: 'Tracking for 100+ carriers: trackers created per shipment, updates pushed by webhook.',
  config,
  secrets,
  inbound: {
    verify(req, ctx) {
      const given = req.headers['x-hmac-signature'];
      if (!given) return { ok: false, reason: 'missing X-Hmac-Signature header' };
      return safeEqual(given.trim().toLowerCase(), easypostSignature(ctx.secrets.webhookSecret, req.rawBody))
        ? { ok: true }
        : { ok: false, reason: 'X-Hmac-Signature does not match the body' };
    },
    deliveryId(req) {
      try {
        const id = (JSON.parse(req.rawBody.toString('utf8')) as { id?: unknown }).id;
        return typeof id === 'string' && id ? id : undefined;
      } catch {
        return undefined;
      }
    },
    normalize(req): NormalizeResult {
      const event = parseOrThrow(Event, parseJsonBody(req.rawBody), 'EasyPost event');
      if (event.description !== 'tracker.updated' && event.description !== 'tracker.created') {
        return { kind: 'ignored', topic: event.description, reason: `event "${event.description}" is not handled` };
      }
      const tracker = parseOrThrow(Tracker, event.result, 'EasyPost tracker');
      return { kind: 'events', topic: event.description, events: trackerEvents(tracker) };
    },
  },
  actions: {
    /** Creates (or finds: EasyPost dedupes on code + carrier) a tracker; updates then arrive by webhook. */
    async track(input, ctx) {
      const client = ctx.http(ctx.config.apiBaseUrl, {
        headers: { authorization: `Basic ${Buffer.from(`${ctx.secrets.apiKey}:`).toString('base64')}` },
      });
      const res = await client.request<unknown>('/v2/trackers', {
        method: 'POST',
        json: { tracker: { tracking_code: input.trackingNumber, carrier: input.carrier } },
        idempotencyKey: ctx.idempotencyKey,
      });
      const tracker = parseOrThrow(Tracker, res.body, 'EasyPost tracker');
      // A tracker that already has history (created earlier, or found by EasyPost) brings it along.
      return { status: STATUS[tracker.status] ?? 'unknown', events: tracker.tracking_details.length ? trackerEvents(tracker) : [] };
    },
  },
});
