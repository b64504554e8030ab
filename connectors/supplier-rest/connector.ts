/**
 * @module `rest-supplier`: any supplier with a JSON API, added by configuration alone.
 *
 * Out: place order (our PO number in the idempotency header, so the supplier drops a repeat), cancel,
 * and the stock feed, each a request shaped by a JSONata mapping. In: signed webhooks mapped to
 * canonical events, and a poll that asks for the status of open orders and fetches the stock feed.
 *
 * JSONata evaluates asynchronously, so webhook mapping runs in the inbox's `enrich` step (in the job
 * that records the delivery); on receipt the delivery is only verified, parsed and stored.
 */
import { createHash, createHmac } from 'node:crypto';
import type { ActionContext, SupplierFeed } from '../sdk/actions.ts';
import { defineConnector, type PolledDelivery } from '../sdk/define-connector.ts';
import { AppError, ConfigurationError, UpstreamError, ValidationError } from '../sdk/errors.ts';
import type { HttpResponse } from '../sdk/http-client.ts';
import type { InboundEvent } from '../sdk/inbound.ts';
import { bodyText, parseJsonBody } from '../sdk/parse.ts';
import { safeEqual } from '../sdk/signatures.ts';
import { updateState } from '../sdk/update-state.ts';
import { authHeaders } from './auth.ts';
import { restSupplierConfig, restSupplierSecrets, type RestSupplierConfig, type RestSupplierSecrets } from './config.ts';
import { evaluateMapping, toEvents, valueAt } from './mapping.ts';

type Ctx = ActionContext<RestSupplierConfig, RestSupplierSecrets>;

/** Orders placed here whose status the poll still asks for. */
const OPEN_KEY = 'rest:open-orders';
interface OpenOrder {
  supplierOrderId: string;
  externalId?: string;
  since: string;
}

interface StatusPayload {
  supplierOrderId: string;
  final: boolean;
  response: unknown;
}

export const restSupplier = defineConnector({
  type: 'rest-supplier',
  kind: 'supplier',
  title: 'REST supplier (configured)',
  description: 'Any supplier with a JSON API: endpoints, authentication and JSONata mappings, no code.',
  config: restSupplierConfig,
  secrets: restSupplierSecrets,
  inbound: {
    verify(req, ctx) {
      const hook = ctx.config.webhook;
      if (!hook) return { ok: false, reason: 'this supplier is not configured to send webhooks' };
      if (!ctx.secrets.webhookSecret) return { ok: false, reason: 'the webhook secret is not set' };
      const given = req.headers[hook.signatureHeader.toLowerCase()];
      if (!given) return { ok: false, reason: `missing ${hook.signatureHeader} header` };
      const expected = hook.prefix + createHmac(hook.algorithm, ctx.secrets.webhookSecret).update(req.rawBody).digest(hook.encoding);
      return safeEqual(given.trim(), expected) ? { ok: true } : { ok: false, reason: `${hook.signatureHeader} does not match the body` };
    },
    deliveryId(req, ctx) {
      const header = ctx.config.webhook?.deliveryIdHeader;
      return header ? req.headers[header.toLowerCase()] || undefined : undefined;
    },
    normalize(req, ctx) {
      const body = parseJsonBody(req.rawBody);
      const topic = valueAt(body, ctx.config.webhook?.topicPath ?? 'type') ?? 'webhook';
      // On receipt the mapping hasn't run yet: store the delivery; `enrich` maps it in the apply job.
      if (req.enriched === undefined) return { kind: 'events', topic, events: [] };
      const events = (req.enriched as { events: InboundEvent[] }).events;
      return events.length ? { kind: 'events', topic, events } : { kind: 'ignored', topic, reason: 'the webhook mapping made no events of it' };
    },
    async enrich(req, ctx) {
      const hook = ctx.config.webhook;
      if (!hook) throw new ConfigurationError('this supplier is not configured to send webhooks');
      const output = await evaluateMapping('webhook.events', hook.events, JSON.parse(bodyText(req.rawBody)), { supplierId: ctx.connectorId, headers: req.headers });
      return { events: toEvents('webhook.events', output, ctx.connectorId) };
    },
  },
  poll: {
    intervalMs: (config) => config.pollIntervalSeconds * 1000,
    async run(ctx) {
      const items: PolledDelivery[] = [];
      if (ctx.config.stockFeed?.poll) items.push(feedDelivery(ctx.connectorId, await fetchFeed(ctx)));
      if (ctx.config.orderStatus) items.push(...(await pollStatuses(ctx)));
      return items;
    },
    async acknowledge(items, ctx) {
      const done = new Set(items.map((i) => i.payload as StatusPayload).filter((p) => p?.final).map((p) => p.supplierOrderId));
      if (done.size) await updateState<OpenOrder[]>(ctx.state, OPEN_KEY, (open) => (open ?? []).filter((o) => !done.has(o.supplierOrderId)));
    },
  },
  actions: {
    async placeOrder(input, ctx) {
      const cfg = ctx.config.placeOrder;
      const body = await evaluateMapping('placeOrder.body', cfg.body, input, { supplierId: ctx.connectorId });
      const res = await call(ctx, cfg.method, fill(cfg.path, { supplierOrderId: input.supplierOrderId }), body, { [cfg.idempotencyHeader]: ctx.idempotencyKey });
      let externalId: string | undefined;
      let events: InboundEvent[] = [];
      if (cfg.response) {
        // The supplier has the order now: a mapping that can't read the answer must not fail the
        // placement (that would fail over and ship twice). The webhook or status poll still follows.
        try {
          const out = (await evaluateMapping('placeOrder.response', cfg.response, res.body, { supplierId: ctx.connectorId, input, status: res.status })) as { externalId?: unknown; events?: unknown } | undefined;
          externalId = out?.externalId === undefined || out.externalId === null ? undefined : String(out.externalId);
          events = toEvents('placeOrder.response', out?.events, ctx.connectorId);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          ctx.log.error({ err, po: input.supplierOrderId }, 'the place-order response mapping failed; the order stands');
        }
      }
      if (ctx.config.orderStatus) {
        const entry: OpenOrder = { supplierOrderId: input.supplierOrderId, externalId, since: new Date().toISOString() };
        await updateState<OpenOrder[]>(ctx.state, OPEN_KEY, (open) => [...(open ?? []).filter((o) => o.supplierOrderId !== entry.supplierOrderId), entry]);
      }
      return { status: 'submitted', externalId, events };
    },
    async cancelSupplierOrder(input, ctx) {
      const cfg = ctx.config.cancelOrder;
      if (!cfg) throw new ConfigurationError('this supplier has no cancel endpoint configured; cancel by hand', 'cancel_unsupported');
      const body = cfg.body ? await evaluateMapping('cancelOrder.body', cfg.body, input, { supplierId: ctx.connectorId }) : undefined;
      const res = await call(ctx, cfg.method, fill(cfg.path, input), body, { 'idempotency-key': ctx.idempotencyKey });
      if (!cfg.response) return { cancelled: true };
      const out = await evaluateMapping('cancelOrder.response', cfg.response, res.body, { supplierId: ctx.connectorId, input });
      return { cancelled: out === true || (typeof out === 'object' && out !== null && (out as { cancelled?: unknown }).cancelled === true) };
    },
    fetchInventory: (_input, ctx) => fetchFeed(ctx),
  },
});

/** Fills `{supplierOrderId}` and `{externalId}` in a path, URL-encoded. */
export function fill(path: string, values: { supplierOrderId: string; externalId?: string }): string {
  return path.replace(/\{(supplierOrderId|externalId)\}/g, (_, name: 'supplierOrderId' | 'externalId') => {
    const v = values[name];
    if (!v) throw new ValidationError(`the path ${path} needs ${name}, which this order doesn't have`, [{ field: name, message: 'required by the path' }]);
    return encodeURIComponent(v);
  });
}

async function call(ctx: Ctx, method: string, path: string, json: unknown, headers: Record<string, string> = {}): Promise<HttpResponse> {
  const client = ctx.http(ctx.config.baseUrl, { headers: ctx.config.headers, timeoutMs: ctx.config.timeoutSeconds * 1000 });
  const send = async (fresh: boolean) => client.request(path, { method, ...(json === undefined ? {} : { json }), headers: { ...headers, ...(await authHeaders(ctx, fresh)) } });
  try {
    return await send(false);
  } catch (err) {
    // A cached OAuth token the server no longer honours (revoked, rotated): one retry with a new one.
    if (ctx.config.auth.type === 'oauth2-client-credentials' && err instanceof UpstreamError && err.upstreamStatus === 401) return send(true);
    throw err;
  }
}

async function fetchFeed(ctx: Ctx): Promise<SupplierFeed> {
  const cfg = ctx.config.stockFeed;
  if (!cfg) throw new ConfigurationError('this supplier has no stock feed configured', 'feed_unsupported');
  const res = await call(ctx, cfg.method, cfg.path, undefined);
  const out = (await evaluateMapping('stockFeed.response', cfg.response, res.body, { supplierId: ctx.connectorId })) as { items?: unknown; full?: unknown } | undefined;
  const raw = out?.items === undefined ? [] : Array.isArray(out.items) ? out.items : [out.items];
  const items = raw.map((r, i) => {
    const item = r as { sku?: unknown; quantity?: unknown; cost?: unknown; currency?: unknown; gtin?: unknown };
    const quantity = Number(item.quantity);
    if (typeof item.sku !== 'string' && typeof item.sku !== 'number') throw new ValidationError(`stock feed item ${i} has no sku`, [{ field: `items[${i}].sku`, message: 'required' }], 'mapping_failed');
    if (!Number.isInteger(quantity)) throw new ValidationError(`stock feed item ${i} has quantity ${JSON.stringify(item.quantity)}`, [{ field: `items[${i}].quantity`, message: 'expected a whole number' }], 'mapping_failed');
    return {
      sku: String(item.sku),
      quantity: Math.max(0, quantity),
      ...(item.cost !== undefined && item.cost !== null ? { cost: String(item.cost) } : {}),
      ...(typeof item.currency === 'string' ? { currency: item.currency } : {}),
      ...(typeof item.gtin === 'string' ? { gtin: item.gtin } : {}),
    };
  });
  return { items, full: out?.full !== false };
}

/** A fetched feed as one delivery, identified by its content: an unchanged feed is stored once. */
function feedDelivery(supplierId: string, feed: SupplierFeed): PolledDelivery {
  const events: InboundEvent[] = [{ type: 'inventory.updated', data: { supplierId, items: feed.items.map((i) => ({ sku: i.sku, quantity: i.quantity })), full: feed.full } }];
  const byCurrency = new Map<string, { sku: string; cost: string }[]>();
  for (const i of feed.items) if (i.cost !== undefined && i.currency) byCurrency.set(i.currency, [...(byCurrency.get(i.currency) ?? []), { sku: i.sku, cost: i.cost }]);
  for (const [currency, items] of byCurrency) events.push({ type: 'price.updated', data: { supplierId, currency, items } });
  return { deliveryId: `stock:${digest(feed)}`, topic: 'stock.feed', events, payload: feed };
}

async function pollStatuses(ctx: Ctx): Promise<PolledDelivery[]> {
  const cfg = ctx.config.orderStatus!;
  const items: PolledDelivery[] = [];
  for (const order of (await ctx.state.get<OpenOrder[]>(OPEN_KEY)) ?? []) {
    try {
      const res = await call(ctx, cfg.method, fill(cfg.path, order), undefined);
      const out = (await evaluateMapping('orderStatus.response', cfg.response, res.body, { supplierId: ctx.connectorId, input: order })) as { events?: unknown; final?: unknown } | undefined;
      const events = toEvents('orderStatus.response', out?.events, ctx.connectorId);
      const payload: StatusPayload = { supplierOrderId: order.supplierOrderId, final: out?.final === true, response: res.body };
      // Same status, same delivery id: the inbox keeps the first and drops the repeats.
      items.push({ deliveryId: `status:${order.supplierOrderId}:${digest(events)}`, topic: 'order.status', events, payload });
    } catch (err) {
      // One order's trouble (a 404, a mapping that can't read it) must not stop the others' updates.
      if (!(err instanceof AppError) || err.retryable) throw err;
      ctx.log.warn({ err, po: order.supplierOrderId }, 'order status could not be read');
    }
  }
  return items;
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
