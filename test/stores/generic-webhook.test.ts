/**
 * Any other channel, end to end: a platform that can only POST JSON sends Standard-Webhooks-signed orders,
 * mapped by JSONata in the connector's config; they are routed and shipped, and the platform (or a Zapier,
 * Make or n8n flow) hears about the shipment through an event subscription — on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedSupplier } from '@dropline/connectors/fakes';
import { signStandardWebhook, verifyStandardWebhook } from '@dropline/connectors/sdk';
import { startFakeServer, type FakeServer } from '@dropline/connectors/testing';
import { EXAMPLE_MAPPING, examplePayload } from '../../connectors/store-generic-webhook/example-mapping.ts';
import { DIALECTS } from '../../server/src/db/testing.ts';
import { eventually, startTestHub, type TestHub } from '../../server/src/testing/test-hub.ts';
import { addSupplier } from '../support/small-world.ts';
import { connector, orderWhen, shipped } from './store-world.ts';

const SECRET = `whsec_${Buffer.from('generic e2e secret, 32 bytes ok!').toString('base64')}`;
const ID = 'anystore';
let nextId = 61_000 + (Date.now() % 1000);

describe.each(DIALECTS)('generic webhook store end to end on %s', (dialect) => {
  let t: TestHub;
  let subscriber: FakeServer;
  const sims: SimulatedSupplier[] = [];

  beforeAll(async () => {
    t = await startTestHub({ dialect });
    await connector(t, { id: ID, type: 'generic-webhook', config: EXAMPLE_MAPPING, secrets: { webhookSecret: SECRET } });
    sims.push(await addSupplier(t, 'gw-bags', { skus: ['TOTE-NAVY', 'CARD'], priority: 1 }));
    subscriber = await startFakeServer(() => ({ status: 200, body: { ok: true } }));
  }, 60_000);
  afterAll(async () => {
    for (const s of sims) await s.close();
    await subscriber?.close();
    await t?.stop();
  });

  const send = async (payload: unknown, options: { id?: string; secret?: string; at?: number } = {}) => {
    const body = JSON.stringify(payload);
    const res = await fetch(`${t.url}/webhooks/${ID}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...signStandardWebhook(options.secret ?? SECRET, options.id ?? `msg_${nextId}_${Math.random()}`, body, options.at) },
    });
    return res.status;
  };
  const order = (over: Record<string, unknown> = {}) =>
    examplePayload({
      id: nextId++,
      items: [
        { id: 1, sku: 'TOTE-NAVY', name: 'Tote bag', qty: 2, price: '14.90' },
        { id: 2, sku: 'CARD', name: 'Card', qty: 1, price: '10.00' },
      ],
      ...over,
    });

  it('routes and ships a mapped order, and tells the subscriber about the shipment, signed', async () => {
    const sub = (await t.api('POST', '/api/subscriptions', { url: `${subscriber.url}/shipments`, eventTypes: ['shipment.created'] })).body;
    const payload = order();
    expect(await send(payload)).toBe(202);
    const o = await shipped(t, ID, payload.id);
    expect(o).toMatchObject({ number: '#1042', currency: 'EUR', total: '44.70', tags: ['instagram'], shippingAddress: { city: 'Berlin', country: 'DE' } });
    const note = await eventually(async () => subscriber.requests.find((r) => JSON.parse(r.body).data.orderId === o.id));
    expect(verifyStandardWebhook(sub.secret, note.headers, note.body)).toEqual({ ok: true });
    expect(JSON.parse(note.body)).toMatchObject({
      type: 'shipment.created',
      data: { type: 'shipment.created', orderId: o.id, data: { carrier: 'UPS', trackingNumber: o.shipments[0].trackingNumber } },
    });
  });

  it('refuses bad signatures and stale timestamps, and takes a resend as a duplicate', async () => {
    const other = `whsec_${Buffer.from('not the secret, but 32 bytes too').toString('base64')}`;
    expect(await send(order(), { secret: other })).toBe(401);
    expect(await send(order(), { at: Math.floor(Date.now() / 1000) - 600 })).toBe(401);
    const payload = order();
    expect(await send(payload, { id: 'msg_resent' })).toBe(202);
    expect(await send(payload, { id: 'msg_resent' })).toBe(200);
  });

  it('drops an update older than the one it holds', async () => {
    const payload = order();
    await send(payload);
    await orderWhen(t, ID, payload.id, (o) => o.status !== 'received');
    await send({ ...payload, email: 'newer@example.com', updated: '2031-01-01T10:00:00Z' });
    await orderWhen(t, ID, payload.id, (o) => o.customer.email === 'newer@example.com');
    await send({ ...payload, email: 'older@example.com', updated: '2031-01-01T09:00:00Z' });
    await eventually(async () => (await t.api('GET', `/api/deliveries?connectorId=${ID}&status=stale`)).body.items.length > 0);
    expect((await orderWhen(t, ID, payload.id, () => true)).customer.email).toBe('newer@example.com');
  });

  it('keeps what the mapping cannot turn into an order as rejected, naming the field, and replays it after a fix', async () => {
    const payload = order({ currency: 'euro' });
    expect(await send(payload)).toBe(202);
    const rejected = await eventually(async () => (await t.api('GET', `/api/deliveries?connectorId=${ID}&status=rejected`)).body.items[0]);
    expect(rejected.error).toMatch(/currency/);
    // The platform sends lower-case names: the mapping learns to upper-case them.
    const fixed = { ...EXAMPLE_MAPPING, order: EXAMPLE_MAPPING.order.replace("'currency': currency", "'currency': $uppercase($substring(currency, 0, 3))") };
    expect((await t.api('PATCH', `/api/connectors/${ID}`, { config: fixed })).status).toBe(200);
    expect((await t.api('POST', `/api/deliveries/${rejected.id}/replay`)).status).toBe(202);
    const o = await orderWhen(t, ID, payload.id, () => true);
    expect(o.currency).toBe('EUR');
  });
});
