/**
 * The inbox over real HTTP, on both databases: what a store sees when it delivers, and what is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { fixtureJson } from '@dropline/connectors/testing';
import { shopifyWebhookHeaders } from '@dropline/connectors/fakes';
import { DIALECTS } from '../db/testing.ts';
import { eventually, randomId, startTestHub, type TestHub } from '../testing/test-hub.ts';

const SECRET = 'shpss_inbox_test_secret';
const SHOP = 'inbox-test.myshopify.com';
const sample = fixtureJson('store/shopify_order_get_2024-10.json').order;

describe.each(DIALECTS)('POST /webhooks/:connectorId on %s', (dialect) => {
  let t: TestHub;
  let n = 0;

  beforeAll(async () => {
    t = await startTestHub({ dialect });
    const res = await t.api('POST', '/api/connectors', { id: 'shop', type: 'shopify', config: { shopDomain: SHOP }, secrets: { webhookSecret: SECRET, accessToken: 'shpat_x' } });
    expect(res.status).toBe(201);
  }, 60_000);
  afterAll(() => t?.stop());

  const order = (overrides: Record<string, unknown> = {}) => ({ ...structuredClone(sample), id: 9_000_000 + ++n, ...overrides });
  const post = (body: unknown, opts: { topic?: string; webhookId?: string; secret?: string; headers?: Record<string, string>; connector?: string } = {}) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const headers = { 'content-type': 'application/json', ...shopifyWebhookHeaders(opts.secret ?? SECRET, SHOP, opts.topic ?? 'orders/create', raw, opts.webhookId ?? `wh-${randomId()}`), ...opts.headers };
    return fetch(`${t.url}/webhooks/${opts.connector ?? 'shop'}`, { method: 'POST', headers, body: raw });
  };
  const ordersFor = async (externalId: string) => (await t.api('GET', `/api/orders?source=shop&externalId=${externalId}`)).body.items as any[];
  /** Posts and waits until the inbox job has recorded the delivery; returns the delivery as stored. */
  const postAndSettle = async (...args: Parameters<typeof post>) => {
    const res = await post(...args);
    const body = (await res.json()) as any;
    if (!body.delivery) return { status: res.status, body, delivery: undefined };
    const delivery = await eventually(async () => {
      const d = (await t.api('GET', `/api/deliveries/${body.delivery}`)).body;
      return d.status !== 'pending' ? d : undefined;
    });
    return { status: res.status, body, delivery };
  };
  const countRows = async (table: 'deliveries' | 'orders' | 'events' | 'jobs') => {
    const [row] = await t.hub.db.q.select({ n: count() }).from(t.hub.db.t[table]);
    return Number(row!.n);
  };

  it('accepts a signed order with 202, stores it and starts its timeline with order.received', async () => {
    const o = order();
    const { status, body, delivery } = await postAndSettle(o);
    expect(status).toBe(202);
    expect(body).toMatchObject({ status: 'accepted', delivery: expect.stringMatching(/^dlv_/) });
    expect(delivery).toMatchObject({ status: 'accepted', connectorId: 'shop', topic: 'orders/create' });
    const [stored] = await ordersFor(String(o.id));
    expect(stored).toMatchObject({ source: 'shop', externalId: String(o.id), number: '#1001', currency: 'USD', total: '598.94', status: expect.any(String) });
    expect(stored.lines.map((l: any) => [l.sku, l.quantity])).toEqual([['IPOD2008GREEN', 1], ['IPOD2008RED', 1], ['IPOD2008BLACK', 1]]);
    expect(stored.trackingUrl).toMatch(new RegExp(`^${t.url}/t/[\\w-]{20,}$`));
    const detail = (await t.api('GET', `/api/orders/${stored.id}`)).body;
    expect(detail.events[0]).toMatchObject({ type: 'order.received', source: 'shop', orderId: stored.id, schemaVersion: 1 });
  });

  it('answers the same delivery again with 2xx and no second effect, even when sent concurrently', async () => {
    const o = order();
    const before = await countRows('deliveries');
    const statuses = await Promise.all(Array.from({ length: 8 }, () => post(o, { webhookId: `dup-${o.id}` }).then((r) => r.status)));
    expect(statuses.every((s) => s >= 200 && s < 300)).toBe(true);
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    await eventually(async () => (await ordersFor(String(o.id))).length === 1);
    expect(await countRows('deliveries')).toBe(before + 1);
    const [stored] = await ordersFor(String(o.id));
    const events = (await t.api('GET', `/api/orders/${stored.id}`)).body.events as any[];
    expect(events.filter((e) => e.source === 'shop').map((e) => e.type)).toEqual(['order.received']);
    // one routing job for the one order.received (routing then adds its own events)
    const jobs = await t.hub.queue.list({ type: 'order.route', orderId: stored.id, limit: 10 });
    expect(jobs).toHaveLength(1);
  });

  it('refuses a wrong or missing signature with 401 problem+json and stores nothing', async () => {
    const before = { deliveries: await countRows('deliveries'), orders: await countRows('orders') };
    const o = order();
    const wrong = await post(o, { secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(await wrong.json()).toMatchObject({ status: 401, code: 'signature_invalid', type: '/problems/signature_invalid' });
    const missing = await post(o, { headers: { 'x-shopify-hmac-sha256': '' } });
    expect(missing.status).toBe(401);
    expect(await countRows('deliveries')).toBe(before.deliveries);
    expect(await countRows('orders')).toBe(before.orders);
    expect(await ordersFor(String(o.id))).toEqual([]);
  });

  it('refuses a body over the limit with 413 before reading it, and stores nothing', async () => {
    const before = await countRows('deliveries');
    const res = await post({ id: 1, pad: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await countRows('deliveries')).toBe(before);
  });

  it('reads a chunked body (no Content-Length) up to the limit: 413 beyond it, stored when within', async () => {
    const chunked = (raw: string, chunks: number, headers: Record<string, string>) => {
      const bytes = new TextEncoder().encode(raw);
      const step = Math.ceil(bytes.length / chunks);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += step) controller.enqueue(bytes.subarray(i, i + step));
          controller.close();
        },
      });
      return fetch(`${t.url}/webhooks/shop`, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
    };
    const before = await countRows('deliveries');
    const big = JSON.stringify({ id: 1, pad: 'x'.repeat(2 * 1024 * 1024) });
    const refused = await chunked(big, 64, { 'content-type': 'application/json', ...shopifyWebhookHeaders(SECRET, SHOP, 'orders/create', big, `wh-${randomId()}`) });
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(await countRows('deliveries')).toBe(before);

    const o = order();
    const raw = JSON.stringify(o);
    const taken = await chunked(raw, 5, { 'content-type': 'application/json', ...shopifyWebhookHeaders(SECRET, SHOP, 'orders/create', raw, `wh-${randomId()}`) });
    expect(taken.status).toBe(202);
    await eventually(async () => (await ordersFor(String(o.id))).length === 1);
  });

  it('answers an unknown connector with 404 problem+json', async () => {
    const res = await post(order(), { connector: 'no-such-connector' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 404, code: 'connector_not_found' });
  });

  it('answers malformed JSON with 400, and invalid fields with 422 naming them; keeps both for replay', async () => {
    const malformed = await post('{"id": 1, "line_items": [', { webhookId: 'malformed-1' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'malformed_body' });
    const bad = order({ currency: 'XYZ' });
    bad.line_items[0].quantity = -1;
    const invalid = await post(bad, { webhookId: 'invalid-1' });
    expect(invalid.status).toBe(422);
    const problem = (await invalid.json()) as any;
    expect(problem.errors.map((e: any) => e.field)).toEqual(expect.arrayContaining(['currency', 'lines[0].quantity']));
    expect(await ordersFor(String(bad.id))).toEqual([]);
    const rejected = (await t.api('GET', '/api/deliveries?connectorId=shop&status=rejected')).body.items as any[];
    expect(rejected.map((d) => d.deliveryId)).toEqual(expect.arrayContaining(['malformed-1', 'invalid-1']));
    // The store retries the same delivery once its data is fixed: now it is accepted, in the same inbox row.
    const fixed = await postAndSettle({ ...bad, currency: 'USD', line_items: sample.line_items }, { webhookId: 'invalid-1' });
    expect(fixed.status).toBe(202);
    expect(await ordersFor(String(bad.id))).toHaveLength(1);
    const [row] = await t.hub.db.q.select().from(t.hub.db.t.deliveries).where(eq(t.hub.db.t.deliveries.deliveryId, 'invalid-1'));
    expect(row!.status).toBe('accepted');
  });

  it('takes an update before its create as the order, and drops an older update after a newer one', async () => {
    const o = order({ updated_at: '2024-01-02T10:00:00Z' });
    expect((await postAndSettle(o, { topic: 'orders/updated' })).status).toBe(202);
    const [created] = await ordersFor(String(o.id));
    expect(created.number).toBe('#1001');
    const newer = { ...o, updated_at: '2024-01-03T10:00:00Z', tags: 'vip' };
    expect((await postAndSettle(newer, { topic: 'orders/updated' })).status).toBe(202);
    const older = { ...o, updated_at: '2024-01-02T12:00:00Z', tags: 'stale' };
    const res = await postAndSettle(older, { topic: 'orders/updated' });
    expect(res.status).toBe(202);
    expect(res.delivery).toMatchObject({ status: 'stale', error: expect.stringMatching(/^order.updated: stale/) });
    const detail = (await t.api('GET', `/api/orders/${created.id}`)).body;
    expect(detail.tags).toEqual(['vip']);
    expect(detail.events.filter((e: any) => e.source === 'shop').map((e: any) => e.type)).toEqual(['order.received', 'order.updated']);
    // The create arriving last changes nothing either.
    const late = await postAndSettle(o);
    expect(late.delivery.error).toMatch(/order.received: (stale|no change)/);
    expect((await t.api('GET', `/api/orders/${created.id}`)).body.events).toHaveLength(detail.events.length);
  });

  it('cancels on orders/cancelled, once', async () => {
    const o = order();
    await postAndSettle(o);
    const cancelled = { ...o, cancelled_at: '2024-10-03T10:00:00-05:00', cancel_reason: 'customer', updated_at: '2024-10-03T10:00:00-05:00' };
    expect((await postAndSettle(cancelled, { topic: 'orders/cancelled' })).status).toBe(202);
    const [stored] = await ordersFor(String(o.id));
    expect(stored.status).toBe('cancelled');
    const again = await postAndSettle(cancelled, { topic: 'orders/cancelled' });
    expect(again.delivery.error).toMatch(/order.cancelled: already cancelled/);
  });

  it('acknowledges topics it does not handle with 200 and keeps them as ignored', async () => {
    const res = await post({ id: 1, title: 'A product' }, { topic: 'products/update', webhookId: 'ignored-1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ignored' });
    const items = (await t.api('GET', '/api/deliveries?status=ignored')).body.items as any[];
    expect(items.some((d) => d.deliveryId === 'ignored-1')).toBe(true);
  });

  it('counts deliveries by connector and outcome in /metrics', async () => {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toMatch(/dropline_webhook_deliveries_total\{connector="shop",outcome="accepted"\} \d+/);
    expect(text).toMatch(/dropline_webhook_deliveries_total\{connector="shop",outcome="unauthorized"\} [1-9]/);
    expect(text).toMatch(/dropline_job_queue_depth\{status="pending"\} \d+/);
  });

  it('counts orders by status', async () => {
    const all = (await t.api('GET', '/api/orders?limit=200')).body.items as any[];
    const counts = (await t.api('GET', '/api/orders/counts')).body;
    expect(counts.total).toBe(all.length);
    expect(counts.byStatus.cancelled).toBe(all.filter((o) => o.status === 'cancelled').length);
  });

  it('replays a stored delivery without a second effect', async () => {
    const o = order();
    const first = (await postAndSettle(o)).body;
    const replay = await t.api('POST', `/api/deliveries/${first.delivery}/replay`);
    expect(replay.status).toBe(202);
    await eventually(async () => (await t.hub.queue.get(replay.body.job)).status === 'done');
    const [stored] = await ordersFor(String(o.id));
    const detail = (await t.api('GET', `/api/orders/${stored.id}`)).body;
    expect(detail.events.filter((e: any) => e.type === 'order.received')).toHaveLength(1);
  });
});
