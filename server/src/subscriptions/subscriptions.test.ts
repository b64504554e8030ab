/**
 * Outgoing event subscriptions over HTTP, on both databases: signed per Standard Webhooks (checked here by
 * a verifier written from the spec, not the hub's own code), retried on the schedule, logged, replayed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopifyWebhookHeaders } from '@dropline/connectors/fakes';
import { fixtureJson, startFakeServer, type FakeServer, type RecordedRequest } from '@dropline/connectors/testing';
import { DIALECTS } from '../db/testing.ts';
import { eventually, startTestHub, type TestHub } from '../testing/test-hub.ts';
import { SUBSCRIPTION_DELIVER_JOB, SUBSCRIPTION_RETRY_SCHEDULE_MS } from './deliver-subscription-job.ts';

const SHOP = { domain: 'subs.myshopify.com', secret: 'shpss_subs' };
const SCHEDULE = [300, 600, 900];
const sample = fixtureJson('store/shopify_order_get_2024-10.json').order;
let nextOrder = 7_100_000_000 + (Date.now() % 1_000_000);

/** Standard Webhooks verification, from the spec: HMAC-SHA256 over "{id}.{timestamp}.{body}", key = base64 after "whsec_". */
function verifyStandardWebhook(secret: string, req: RecordedRequest, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const id = req.headers['webhook-id'];
  const ts = req.headers['webhook-timestamp'];
  const sigs = req.headers['webhook-signature'];
  if (!id || !ts || !sigs || Math.abs(nowSeconds - Number(ts)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${ts}.${req.body}`).digest('base64'));
  return sigs.split(' ').some((s) => {
    const [version, sig] = s.split(',');
    const given = Buffer.from(sig ?? '');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** A subscriber's endpoint that answers with the given statuses in turn, then `then`. */
async function receiver(statuses: number[] = [], then = 204): Promise<FakeServer> {
  const queue = [...statuses];
  return startFakeServer(() => {
    const status = queue.shift() ?? then;
    return { status, body: status >= 400 ? { error: `status ${status} on purpose` } : { ok: true } };
  });
}

describe.each(DIALECTS)('event subscriptions on %s', (dialect) => {
  let t: TestHub;
  const servers: FakeServer[] = [];

  beforeAll(async () => {
    t = await startTestHub({ dialect, hub: { subscriptionRetryScheduleMs: SCHEDULE } });
    const res = await t.api('POST', '/api/connectors', { id: 'shop', type: 'shopify', config: { shopDomain: SHOP.domain }, secrets: { webhookSecret: SHOP.secret, accessToken: 'shpat_x' } });
    expect(res.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    for (const s of servers) await s.close();
    await t?.stop();
  });

  const subscribe = async (url: string, eventTypes: string[]) => {
    const res = await t.api('POST', '/api/subscriptions', { url, eventTypes, description: 'test' });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string };
  };
  /** A new order from the shop: `order.received`, then `order.exception` (no supplier carries its SKU). */
  const placeOrder = async () => {
    const order = { ...structuredClone(sample), id: nextOrder++ };
    const body = JSON.stringify(order);
    const res = await fetch(`${t.url}/webhooks/shop`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...shopifyWebhookHeaders(SHOP.secret, SHOP.domain, 'orders/create', body) } });
    expect(res.status).toBe(202);
    return order.id;
  };
  const deliveriesOf = async (subId: string) => (await t.api('GET', `/api/subscriptions/${subId}/deliveries`)).body.items as any[];

  it('publishes the retry schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', async () => {
    expect(SUBSCRIPTION_RETRY_SCHEDULE_MS).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    const spec = (await t.api('GET', '/openapi.json')).body;
    // This hub runs a shortened schedule, and its API description says so.
    expect(spec.paths['/api/subscriptions'].get.description).toContain('retried after 0.3 s, 0.6 s, 0.9 s, then marked failed');
  });

  it('creates a subscription with a secret shown once, and refuses bad URLs and unknown event types', async () => {
    const created = await t.api('POST', '/api/subscriptions', { url: 'https://hooks.example.com/in', eventTypes: ['order.received'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const read = await t.api('GET', `/api/subscriptions/${created.body.id}`);
    expect(read.body).toMatchObject({ url: 'https://hooks.example.com/in', eventTypes: ['order.received'], enabled: true });
    expect(JSON.stringify([read.body, (await t.api('GET', '/api/subscriptions')).body])).not.toContain(created.body.secret);
    expect((await t.api('POST', '/api/subscriptions', { url: 'ftp://x.example.com', eventTypes: ['order.received'] })).status).toBe(422);
    expect((await t.api('POST', '/api/subscriptions', { url: 'https://x.example.com', eventTypes: ['order.shipped'] })).status).toBe(422);
    expect((await t.api('DELETE', `/api/subscriptions/${created.body.id}`)).status).toBe(204);
    expect((await t.api('GET', `/api/subscriptions/${created.body.id}`)).status).toBe(404);
  });

  it('delivers the events subscribed to, signed per Standard Webhooks, with the canonical event as data', async () => {
    const endpoint = await receiver();
    servers.push(endpoint);
    const only = await subscribe(`${endpoint.url}/received`, ['order.received']);
    const all = await subscribe(`${endpoint.url}/all`, ['*']);
    const orderId = await placeOrder();
    await eventually(async () => endpoint.requests.filter((r) => r.path === '/all').length >= 2 && endpoint.requests.some((r) => r.path === '/received'));

    const received = endpoint.requests.filter((r) => r.path === '/received');
    expect(received).toHaveLength(1);
    const req = received[0]!;
    expect(verifyStandardWebhook(only.secret, req)).toBe(true);
    expect(verifyStandardWebhook(all.secret, req)).toBe(false);
    expect(req.headers['content-type']).toBe('application/json');
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({ type: 'order.received', data: { type: 'order.received', source: 'shop', schemaVersion: 1, data: { order: { externalId: String(orderId), number: '#1001' } } } });
    expect(body.timestamp).toBe(body.data.occurredAt);

    const [logged] = await deliveriesOf(only.id);
    expect(logged).toMatchObject({ id: req.headers['webhook-id'], eventType: 'order.received', eventId: body.data.id, status: 'succeeded', attempts: 1, lastStatus: 204 });
    expect(endpoint.requests.filter((r) => r.path === '/all').map((r) => JSON.parse(r.body).type).sort()).toEqual(['order.exception', 'order.received']);
    await t.api('DELETE', `/api/subscriptions/${only.id}`);
    await t.api('DELETE', `/api/subscriptions/${all.id}`);
  });

  it('retries on the schedule with the same id and body, freshly signed, until a 2xx', async () => {
    const endpoint = await receiver([500, 503]);
    servers.push(endpoint);
    const sub = await subscribe(endpoint.url, ['order.received']);
    await placeOrder();
    const [d] = await eventually(async () => {
      const list = await deliveriesOf(sub.id);
      return list[0]?.status === 'succeeded' ? list : undefined;
    });
    expect(endpoint.requests).toHaveLength(3);
    expect(new Set(endpoint.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([d.id]));
    expect(new Set(endpoint.requests.map((r) => r.body)).size).toBe(1);
    expect(endpoint.requests.every((r) => verifyStandardWebhook(sub.secret, r))).toBe(true);
    const gaps = endpoint.requests.slice(1).map((r, i) => r.at - endpoint.requests[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(SCHEDULE[0]! - 20);
    expect(gaps[1]).toBeGreaterThanOrEqual(SCHEDULE[1]! - 20);

    const detail = (await t.api('GET', `/api/subscriptions/${sub.id}/deliveries/${d.id}`)).body;
    expect(detail.log.map((a: any) => [a.attempt, a.trigger, a.responseStatus, a.error])).toEqual([
      [1, 'scheduled', 500, 'answered 500'],
      [2, 'scheduled', 503, 'answered 503'],
      [3, 'scheduled', 204, null],
    ]);
    expect(detail.log[0].responseBody).toContain('status 500 on purpose');
    expect(detail.payload.type).toBe('order.received');
    await t.api('DELETE', `/api/subscriptions/${sub.id}`);
  });

  it('marks a delivery failed after the last attempt, and a manual replay sends it again', async () => {
    let up = false;
    const endpoint = await startFakeServer(() => (up ? { status: 200, body: 'thanks' } : { status: 500, body: 'down' }));
    servers.push(endpoint);
    const sub = await subscribe(endpoint.url, ['order.received']);
    await placeOrder();
    const [d] = await eventually(async () => {
      const list = await deliveriesOf(sub.id);
      return list[0]?.status === 'failed' ? list : undefined;
    }, 15_000);
    expect(d).toMatchObject({ attempts: SCHEDULE.length + 1, lastStatus: 500, nextAttemptAt: null });
    const [job] = await t.hub.queue.list({ type: SUBSCRIPTION_DELIVER_JOB, status: 'dead', limit: 50 }).then((jobs) => jobs.filter((j) => j.payload.delivery === d.id));
    expect(job).toMatchObject({ attempts: SCHEDULE.length + 1 });

    up = true;
    const replay = await t.api('POST', `/api/subscriptions/${sub.id}/deliveries/${d.id}/replay`);
    expect(replay.status).toBe(202);
    await eventually(async () => (await deliveriesOf(sub.id))[0].status === 'succeeded');
    const last = endpoint.requests.at(-1)!;
    expect(last.headers['webhook-id']).toBe(d.id);
    expect(last.body).toBe(endpoint.requests[0]!.body);
    expect(verifyStandardWebhook(sub.secret, last)).toBe(true);
    const detail = (await t.api('GET', `/api/subscriptions/${sub.id}/deliveries/${d.id}`)).body;
    expect(detail.log.at(-1)).toMatchObject({ attempt: SCHEDULE.length + 2, trigger: 'replay', responseStatus: 200, responseBody: 'thanks', error: null });
    expect((await t.api('POST', `/api/subscriptions/${sub.id}/deliveries/msg_nope/replay`)).status).toBe(404);
    await t.api('DELETE', `/api/subscriptions/${sub.id}`);
  });

  it('switches a subscription off when its endpoint answers 410 Gone, and signs with a rotated secret', async () => {
    const endpoint = await receiver([410]);
    servers.push(endpoint);
    const sub = await subscribe(endpoint.url, ['order.received']);
    await placeOrder();
    await eventually(async () => (await t.api('GET', `/api/subscriptions/${sub.id}`)).body.enabled === false);
    expect((await t.api('GET', `/api/subscriptions/${sub.id}`)).body.disabledReason).toBe(`${endpoint.url} answered 410 Gone`);
    expect(endpoint.requests).toHaveLength(1);
    expect((await deliveriesOf(sub.id))[0]).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 410 });

    const rotated = (await t.api('POST', `/api/subscriptions/${sub.id}/secret`)).body;
    expect(rotated.secret).not.toBe(sub.secret);
    await t.api('PATCH', `/api/subscriptions/${sub.id}`, { enabled: true });
    await placeOrder();
    await eventually(async () => endpoint.requests.length === 2);
    expect(verifyStandardWebhook(rotated.secret, endpoint.requests[1]!)).toBe(true);
    expect(verifyStandardWebhook(sub.secret, endpoint.requests[1]!)).toBe(false);
    await t.api('DELETE', `/api/subscriptions/${sub.id}`);
  });
});
