import { describe, expect, it } from 'vitest';
import { ValidationError } from '../sdk/errors.ts';
import type { InboundRequest } from '../sdk/inbound.ts';
import { hmacSha256 } from '../sdk/signatures.ts';
import { fixtureJson } from '../testing/fixtures.ts';
import { woocommerce } from './connector.ts';

const ctx = {
  connectorId: 'woo-1',
  config: woocommerce.config.parse({ siteUrl: 'https://shop.example.com', nonShippingSkus: ['EBOOK-1'] }),
  secrets: { webhookSecret: 'wc-secret', consumerKey: 'ck_1', consumerSecret: 'cs_1' },
};
const sample = fixtureJson('store/woocommerce_rest_v3_order_create_response.json');
const inbound = woocommerce.inbound!;

function delivery(body: unknown, topic = 'order.created', secret: string | null = ctx.secrets.webhookSecret): InboundRequest {
  const rawBody = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return {
    rawBody,
    query: new URLSearchParams(),
    headers: {
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-delivery-id': 'd41d8cd98f00b204e9800998ecf8427e',
      ...(secret === null ? {} : { 'x-wc-webhook-signature': hmacSha256(secret, rawBody, 'base64') }),
    },
  };
}

const events = (req: InboundRequest) => {
  const r = inbound.normalize(req, ctx);
  if (r.kind !== 'events') throw new Error(`expected events, got ${r.kind}`);
  return r;
};

describe('woocommerce inbound', () => {
  it('accepts a body signed with the webhook secret and refuses others', () => {
    expect(inbound.verify(delivery(sample), ctx)).toEqual({ ok: true });
    expect(inbound.verify(delivery(sample, 'order.created', 'wrong'), ctx)).toEqual({ ok: false, reason: 'X-WC-Webhook-Signature does not match the body' });
    const d = delivery(sample);
    expect(inbound.verify({ ...d, rawBody: Buffer.from(d.rawBody.toString().replace('29.35', '2.35')) }, ctx).ok).toBe(false);
  });

  it('lets through the unsigned creation ping, exactly that shape, and answers it without storing', () => {
    const ping = delivery('webhook_id=17', '', null);
    expect(inbound.verify(ping, ctx)).toEqual({ ok: true });
    expect(inbound.normalize(ping, ctx)).toEqual({ kind: 'reply', status: 200 });
    for (const body of ['webhook_id=17&status=active', 'webhook_id=', '{"id":727}', JSON.stringify(sample), 'webhook_id=17 ; drop']) {
      expect(inbound.verify(delivery(body, 'order.created', null), ctx)).toEqual({ ok: false, reason: 'missing X-WC-Webhook-Signature header' });
    }
  });

  it('uses X-WC-Webhook-Delivery-ID as the delivery id', () => {
    expect(inbound.deliveryId!(delivery(sample), ctx)).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('maps the public sample order without losing lines, money, addresses or the customer', () => {
    const r = events(delivery(sample));
    expect(r.events.map((e) => e.type)).toEqual(['order.received']);
    expect(r.version).toBe('2017-03-22T19:28:08.000Z');
    const order = (r.events[0]!.data as { order: any }).order;
    expect(order).toMatchObject({
      externalId: '727',
      number: '#727',
      currency: 'USD',
      subtotal: '18.00',
      shippingTotal: '10.00',
      taxTotal: '1.35',
      discountTotal: '0.00',
      total: '29.35',
      placedAt: '2017-03-22T19:28:02.000Z',
      updatedAt: '2017-03-22T19:28:08.000Z',
      shippingAddress: { name: 'John Doe', line1: '969 Market', city: 'San Francisco', region: 'CA', postalCode: '94103', country: 'US', phone: '(555) 555-5555' },
      billingAddress: { line1: '969 Market', country: 'US' },
      customer: { email: 'john.doe@example.com', phone: '(555) 555-5555', firstName: 'John', lastName: 'Doe' },
      shippingLines: [{ title: 'Flat Rate', code: 'flat_rate', price: '10.00' }],
      tags: [],
      financialStatus: 'processing',
    });
    expect(order.customer.externalId).toBeUndefined();
    expect(order.lines.map((l: any) => [l.lineId, l.sku, l.quantity, l.unitPrice, l.totalDiscount, l.requiresShipping, l.variantId])).toEqual([
      ['315', null, 2, '3.00', '0', true, undefined],
      ['316', 'Bar3', 1, '12.00', '0', true, '23'],
    ]);
    expect(r.events[0]!.ref).toEqual({ externalOrderId: '727' });
  });

  it('flags gift cards and configured non-shipping SKUs, drops zero-quantity lines, keeps free lines', () => {
    const order = structuredClone(sample);
    order.line_items = [
      { ...sample.line_items[1], id: 1, sku: 'GC-50', meta_data: [{ id: 1, key: '_wc_gc_giftcard_to', value: 'a@example.com' }], subtotal: '50.00', total: '50.00', quantity: 1 },
      { ...sample.line_items[1], id: 2, sku: 'EBOOK-1', subtotal: '5.00', total: '5.00', quantity: 1 },
      { ...sample.line_items[1], id: 3, sku: 'FREE-PIN', subtotal: '0.00', total: '0.00', quantity: 1 },
      { ...sample.line_items[1], id: 4, sku: 'GONE', quantity: 0 },
      { ...sample.line_items[1], id: 5, sku: 'TRIO', subtotal: '10.00', total: '9.00', quantity: 3 },
    ];
    const lines = (events(delivery(order)).events[0]!.data as { order: any }).order.lines;
    expect(lines.map((l: any) => [l.lineId, l.giftCard, l.requiresShipping, l.unitPrice, l.totalDiscount])).toEqual([
      ['1', true, false, '50.00', '0'],
      ['2', false, false, '5.00', '0'],
      ['3', false, true, '0.00', '0'],
      ['5', false, true, '3.33', '1'],
    ]);
  });

  it('maps order.updated to an update, with the cancellation and the refunds it carries', () => {
    const cancelled = { ...sample, status: 'cancelled', date_modified_gmt: '2017-03-23T10:00:00', refunds: [{ id: 801, reason: 'damaged', total: '-12.00' }] };
    const r = events(delivery(cancelled, 'order.updated'));
    expect(r.events.map((e) => e.type)).toEqual(['order.updated', 'order.cancelled', 'refund.issued']);
    expect(r.events[1]).toMatchObject({ data: { by: 'store' }, occurredAt: '2017-03-23T10:00:00.000Z' });
    expect(r.events[2]).toMatchObject({ data: { amount: '12.00', currency: 'USD', reason: 'damaged', externalId: '801' }, ref: { externalOrderId: '727' } });
    expect((r.events[0]!.data as { order: any }).order.cancelledAt).toBe('2017-03-23T10:00:00.000Z');
  });

  it('maps order.deleted (a body with only the id) to a store cancellation', () => {
    expect(events(delivery({ id: 727 }, 'order.deleted')).events).toEqual([
      { type: 'order.cancelled', data: { reason: 'deleted in WooCommerce', by: 'store' }, ref: { externalOrderId: '727' } },
    ]);
  });

  it('ignores other topics and rejects malformed or invalid orders, naming the field', () => {
    expect(inbound.normalize(delivery({ id: 1 }, 'product.updated'), ctx)).toMatchObject({ kind: 'ignored', topic: 'product.updated' });
    expect(() => inbound.normalize(delivery('{"id": 1,'), ctx)).toThrow(ValidationError);
    try {
      inbound.normalize(delivery({ ...sample, currency: 'XYZ', line_items: [{ ...sample.line_items[0], quantity: 1.5 }] }), ctx);
      expect.unreachable();
    } catch (err) {
      expect((err as ValidationError).issues.map((i) => i.field)).toEqual(expect.arrayContaining(['currency', 'lines[0].quantity']));
    }
  });
});
