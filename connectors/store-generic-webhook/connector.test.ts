import { describe, expect, it } from 'vitest';
import { ValidationError } from '../sdk/errors.ts';
import type { InboundRequest } from '../sdk/inbound.ts';
import { signStandardWebhook } from '../sdk/standard-webhooks.ts';
import { actionContextFor } from '../testing/action-context.ts';
import { genericWebhook } from './connector.ts';
import { EXAMPLE_MAPPING, examplePayload } from './example-mapping.ts';

const SECRET = `whsec_${Buffer.from('a very secret key of 32 bytes!!!').toString('base64')}`;
const actx = actionContextFor(genericWebhook, { config: EXAMPLE_MAPPING, secrets: { webhookSecret: SECRET } });
const ctx = { connectorId: 'any-store', config: actx.config, secrets: actx.secrets };
const inbound = genericWebhook.inbound!;

function delivery(body: unknown, options: { secret?: string; id?: string; at?: number } = {}): InboundRequest {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    rawBody: Buffer.from(raw),
    query: new URLSearchParams(),
    headers: signStandardWebhook(options.secret ?? SECRET, options.id ?? 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', raw, options.at),
  };
}
const applied = async (req: InboundRequest) => inbound.normalize({ ...req, enriched: await inbound.enrich!(req, actx) }, ctx);

describe('generic webhook inbound', () => {
  it('verifies Standard Webhooks signatures: secret, body, timestamp tolerance, rotation', () => {
    expect(inbound.verify(delivery(examplePayload()), ctx)).toEqual({ ok: true });
    const other = `whsec_${Buffer.from('another key, also 32 bytes long!').toString('base64')}`;
    expect(inbound.verify(delivery(examplePayload(), { secret: other }), ctx)).toEqual({ ok: false, reason: 'no webhook-signature matches the body' });
    const d = delivery(examplePayload());
    expect(inbound.verify({ ...d, rawBody: Buffer.from(d.rawBody.toString().replace('44.70', '4.70')) }, ctx).ok).toBe(false);
    const now = Math.floor(Date.now() / 1000);
    expect(inbound.verify(delivery(examplePayload(), { at: now - 299 }), ctx)).toEqual({ ok: true });
    expect(inbound.verify(delivery(examplePayload(), { at: now - 360 }), ctx).ok).toBe(false);
    expect(inbound.verify(delivery(examplePayload(), { at: now + 360 }), ctx).ok).toBe(false);
    // While a secret rotates the sender signs with both; either one passing is enough.
    const rotated = delivery(examplePayload(), { secret: other });
    const good = delivery(examplePayload());
    rotated.headers = { ...good.headers, 'webhook-signature': `${rotated.headers['webhook-signature']} ${good.headers['webhook-signature']}` };
    expect(inbound.verify(rotated, ctx)).toEqual({ ok: true });
    const { ['webhook-signature']: _, ...unsigned } = good.headers;
    expect(inbound.verify({ ...good, headers: unsigned }, ctx).ok).toBe(false);
  });

  it('uses webhook-id as the delivery id', () => {
    expect(inbound.deliveryId!(delivery(examplePayload(), { id: 'msg_abc' }), ctx)).toBe('msg_abc');
  });

  it('takes authentic JSON on receipt, refuses malformed bodies at once, and maps in the apply job', async () => {
    expect(inbound.normalize(delivery(examplePayload()), ctx)).toEqual({ kind: 'events', topic: 'order', events: [] });
    expect(() => inbound.normalize(delivery('{"id":'), ctx)).toThrow(ValidationError);
    const r = await applied(delivery(examplePayload()));
    if (r.kind !== 'events') throw new Error(r.kind);
    expect(r.topic).toBe('order/created');
    expect(r.version).toBe('2024-06-01T07:30:00.000Z');
    expect(r.events.map((e) => e.type)).toEqual(['order.received']);
    const order = (r.events[0]!.data as { order: any }).order;
    expect(order).toMatchObject({
      externalId: '88001',
      number: '#1042',
      currency: 'EUR',
      total: '44.70',
      tags: ['instagram'],
      shippingAddress: { name: 'Kim Lee', line1: 'Torstraße 49', city: 'Berlin', postalCode: '10119', country: 'DE' },
      customer: { email: 'kim@example.com' },
    });
    expect(order.lines.map((l: any) => [l.lineId, l.sku, l.quantity, l.unitPrice])).toEqual([
      ['1', 'TOTE-NAVY', 2, '14.90'],
      ['2', null, 1, '10.00'],
    ]);
  });

  it('maps updates, cancellations and ignores as the event expression says', async () => {
    const updated = await applied(delivery(examplePayload({ updated: '2024-06-02T10:00:00Z' })));
    expect(updated.kind === 'events' && updated.events.map((e) => e.type)).toEqual(['order.updated']);
    const cancelled = await applied(delivery(examplePayload({ status: 'void', updated: '2024-06-03T10:00:00Z' })));
    expect(cancelled.kind === 'events' && cancelled.events.map((e) => [e.type, e.occurredAt])).toEqual([
      ['order.updated', '2024-06-03T10:00:00.000Z'],
      ['order.cancelled', '2024-06-03T10:00:00.000Z'],
    ]);
    expect(await applied(delivery(examplePayload({ status: 'test' })))).toEqual({ kind: 'ignored', topic: 'ignore', reason: 'the event mapping said to ignore this delivery' });
  });

  it('refuses what the mapping cannot make an order of, naming the field', async () => {
    const err = await applied(delivery(examplePayload({ currency: 'EURO', items: [] }))).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.field)).toEqual(expect.arrayContaining(['currency', 'lines']));
    const failing = actionContextFor(genericWebhook, { config: { order: '$error("no order here")' }, secrets: { webhookSecret: SECRET } });
    await expect(inbound.enrich!(delivery(examplePayload()), failing)).rejects.toMatchObject({ code: 'mapping_failed', issues: [{ field: 'config.order' }] });
    const odd = actionContextFor(genericWebhook, { config: { order: EXAMPLE_MAPPING.order, event: '"shipped"' }, secrets: { webhookSecret: SECRET } });
    await expect(inbound.enrich!(delivery(examplePayload()), odd)).rejects.toMatchObject({ issues: [{ field: 'config.event' }] });
  });

  it('refuses configs whose expressions do not compile, and secrets that are not whsec_ keys', () => {
    const r = genericWebhook.config.safeParse({ order: '{ "a": ' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/^JSONata: /);
    expect(genericWebhook.config.parse({ order: '$' }).event).toBe('"updated"');
    expect(genericWebhook.secrets.safeParse({ webhookSecret: 'plain-secret' }).success).toBe(false);
    expect(genericWebhook.secrets.safeParse({ webhookSecret: 'whsec_c2hvcnQ=' }).success).toBe(false);
  });
});
