import { describe, expect, it } from 'vitest';
import { hmacSha256 } from '../sdk/signatures.ts';
import { ValidationError } from '../sdk/errors.ts';
import type { InboundRequest } from '../sdk/inbound.ts';
import { fixtureJson } from '../testing/fixtures.ts';
import { OrderSnapshotSchema } from '../model/order.ts';
import { shopify } from './connector.ts';
import { mapShopifyOrder } from './map-order.ts';

const ctx = {
  connectorId: 'shop-1',
  config: { shopDomain: 'acme.myshopify.com', apiVersion: '2024-10' },
  secrets: { webhookSecret: 'whsec-test', accessToken: 'shpat_x' },
};

function delivery(body: unknown, topic = 'orders/create', secret = ctx.secrets.webhookSecret): InboundRequest {
  const rawBody = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return {
    rawBody,
    query: new URLSearchParams(),
    headers: {
      'x-shopify-topic': topic,
      'x-shopify-webhook-id': 'wh-1',
      'x-shopify-hmac-sha256': hmacSha256(secret, rawBody, 'base64'),
      'x-shopify-triggered-at': '2024-10-02T14:00:00Z',
    },
  };
}

const sample = fixtureJson('store/shopify_order_get_2024-10.json').order;
const cancelled = fixtureJson('store/shopify_webhook_orders_cancelled_activepieces.json');
const inbound = shopify.inbound!;

describe('shopify inbound', () => {
  it('accepts a body signed with the webhook secret', () => {
    expect(inbound.verify(delivery(sample), ctx)).toEqual({ ok: true });
  });

  it('refuses a body signed with another secret, and one without a signature', () => {
    expect(inbound.verify(delivery(sample, 'orders/create', 'other'), ctx).ok).toBe(false);
    const unsigned = delivery(sample);
    const { ['x-shopify-hmac-sha256']: _, ...headers } = unsigned.headers;
    expect(inbound.verify({ ...unsigned, headers }, ctx)).toEqual({ ok: false, reason: 'missing X-Shopify-Hmac-Sha256 header' });
  });

  it('refuses a body changed after signing', () => {
    const d = delivery(sample);
    const tampered = Buffer.from(d.rawBody.toString().replace('598.94', '5.94'));
    expect(inbound.verify({ ...d, rawBody: tampered }, ctx).ok).toBe(false);
  });

  it('uses X-Shopify-Webhook-Id as the delivery id', () => {
    expect(inbound.deliveryId!(delivery(sample), ctx)).toBe('wh-1');
  });

  it('maps the public sample order without losing lines, money, addresses or the customer', () => {
    const result = inbound.normalize(delivery(sample), ctx);
    if (result.kind !== 'events') throw new Error(result.kind);
    expect(result.events.map((e) => e.type)).toEqual(['order.received']);
    const order = (result.events[0]!.data as { order: any }).order;
    expect(order).toMatchObject({
      externalId: '450789469',
      number: '#1001',
      currency: 'USD',
      total: '598.94',
      subtotal: '597.00',
      taxTotal: '11.94',
      placedAt: '2008-01-10T16:00:00.000Z',
      shippingAddress: { line1: 'Chestnut Street 92', city: 'Louisville', region: 'KY', postalCode: '40202', country: 'US', name: 'Bob Norman' },
      customer: { email: 'bob.norman@mail.example.com', firstName: 'Bob', lastName: 'Norman', externalId: '207119551' },
      clientIp: '0.0.0.0',
    });
    expect(order.lines.map((l: any) => [l.lineId, l.sku, l.quantity, l.unitPrice])).toEqual([
      ['466157049', 'IPOD2008GREEN', 1, '199.00'],
      ['518995019', 'IPOD2008RED', 1, '199.00'],
      ['703073504', 'IPOD2008BLACK', 1, '199.00'],
    ]);
    expect(result.events[0]!.ref).toEqual({ externalOrderId: '450789469' });
  });

  it('maps orders/cancelled to an update and a cancellation, keeping SKU-less lines as sku null', () => {
    const result = inbound.normalize(delivery(cancelled, 'orders/cancelled'), ctx);
    if (result.kind !== 'events') throw new Error(result.kind);
    expect(result.events.map((e) => e.type)).toEqual(['order.updated', 'order.cancelled']);
    const order = (result.events[0]!.data as { order: any }).order;
    expect(order.lines.map((l: any) => [l.sku, l.quantity])).toEqual([[null, 1], [null, 2]]);
    expect(order.tags).toEqual(['Line Item Discount', 'Order Discount']);
    expect(result.events[1]).toMatchObject({ data: { reason: 'other', by: 'store' }, occurredAt: '2023-03-24T22:08:18.000Z' });
    expect(result.version).toBe('2023-03-24T22:08:18.000Z');
  });

  it('maps refunds/create to refund.issued: money back, currency, lines with SKUs, the refund id', () => {
    const refund = fixtureJson('store/shopify_refund_2024-10.json').refund;
    const result = inbound.normalize(delivery(refund, 'refunds/create'), ctx);
    if (result.kind !== 'events') throw new Error(result.kind);
    expect(result.events).toEqual([
      {
        type: 'refund.issued',
        occurredAt: '2024-10-02T13:59:11.000Z',
        ref: { externalOrderId: '450789469' },
        data: {
          amount: '209.00',
          currency: 'USD',
          reason: 'it broke during shipping',
          externalId: '509562969',
          lines: [
            { lineId: '703073504', sku: 'IPOD2008BLACK', quantity: 1 },
            { lineId: '466157049', sku: 'IPOD2008GREEN', quantity: 1 },
          ],
        },
      },
    ]);
    // Several refund transactions are summed in decimal; a restock-only refund moved no money.
    const twice = { ...refund, transactions: [refund.transactions[0], { ...refund.transactions[0], amount: '0.10' }, { ...refund.transactions[0], amount: '0.20' }] };
    const summed = inbound.normalize(delivery(twice, 'refunds/create'), ctx);
    expect(summed.kind === 'events' && (summed.events[0]!.data as { amount: string }).amount).toBe('209.30');
    const restockOnly = inbound.normalize(delivery({ ...refund, transactions: [] }, 'refunds/create'), ctx);
    expect(restockOnly.kind === 'events' && (restockOnly.events[0]!.data as { amount: string }).amount).toBe('0.00');
  });

  it('ignores topics it does not handle, without parsing the body', () => {
    expect(inbound.normalize(delivery('not json', 'products/update'), ctx)).toMatchObject({ kind: 'ignored', topic: 'products/update' });
  });

  it('rejects malformed JSON and orders with bad fields, naming the field', () => {
    expect(() => inbound.normalize(delivery('{"id": 1,'), ctx)).toThrow(ValidationError);
    const bad = { ...sample, currency: 'XYZ', line_items: [{ ...sample.line_items[0], quantity: 1.5 }] };
    try {
      inbound.normalize(delivery(bad), ctx);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      const fields = (err as ValidationError).issues.map((i) => i.field);
      expect(fields).toEqual(expect.arrayContaining(['currency', 'lines[0].quantity']));
    }
  });

  it('validates orders exactly as the canonical schema does (its compiled form changes speed, not answers)', () => {
    // Money as numbers, padded and blank text, a missing customer, a null address line: the transforms' edge cases.
    const edgy = {
      ...sample,
      total_price: 598.9,
      note: '   ',
      customer: null,
      line_items: sample.line_items.map((l: any, i: number) => (i === 0 ? { ...l, sku: '  IPOD2008GREEN ', price: 199 } : l)),
      shipping_address: { ...sample.shipping_address, address2: null, zip: ' 40003 ' },
    };
    for (const order of [sample, edgy]) {
      const result = inbound.normalize(delivery(order), ctx);
      if (result.kind !== 'events') throw new Error(`expected events, got ${result.kind}`);
      expect(result.events[0]!.data).toEqual({ order: OrderSnapshotSchema.parse(mapShopifyOrder(order)) });
    }
    const bad = { ...sample, total_price: 'lots', processed_at: 'yesterday', line_items: [{ ...sample.line_items[0], quantity: -1 }] };
    const runtime = OrderSnapshotSchema.safeParse(mapShopifyOrder(bad));
    expect(() => inbound.normalize(delivery(bad), ctx)).toThrow(ValidationError);
    try {
      inbound.normalize(delivery(bad), ctx);
    } catch (err) {
      expect((err as ValidationError).issues.map((i) => i.field).sort()).toEqual(runtime.error!.issues.map((i) => i.path.join('.').replace(/\.(\d+)/g, '[$1]')).sort());
    }
  });

  it('names the envelope field when a body is not an order at all', () => {
    const fieldsOf = (body: unknown) => {
      try {
        inbound.normalize(delivery(body), ctx);
      } catch (err) {
        expect(err).toBeInstanceOf(ValidationError);
        return (err as ValidationError).issues.map((i) => i.field);
      }
      throw new Error('expected a ValidationError');
    };
    expect(fieldsOf([1, 2])).toEqual(['(root)']);
    expect(fieldsOf(null)).toEqual(['(root)']);
    expect(fieldsOf({ ...sample, line_items: undefined })).toEqual(['line_items']);
    expect(fieldsOf({ ...sample, id: true, line_items: 'none' })).toEqual(['id', 'line_items']);
  });

  it('rejects a config whose shop domain is not a myshopify.com domain', () => {
    expect(shopify.config.safeParse({ shopDomain: 'example.com' }).success).toBe(false);
    expect(shopify.config.parse({ shopDomain: 'acme.myshopify.com' })).toEqual({ shopDomain: 'acme.myshopify.com', apiVersion: '2024-10' });
  });
});
