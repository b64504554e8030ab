import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../sdk/errors.ts';
import type { InboundRequest } from '../sdk/inbound.ts';
import { actionContextFor } from '../testing/action-context.ts';
import { bigcommerce } from './connector.ts';
import { bigCommerceSampleOrder, startFakeBigCommerce, type FakeBigCommerce } from './fake-bigcommerce.ts';

const SECRETS = { webhookSecret: 'bc-shared-secret-0123456789', accessToken: 'bc-token' };
const inbound = bigcommerce.inbound!;

function webhook(scope: string, id: number, secret: string | null = SECRETS.webhookSecret, extra: Record<string, unknown> = {}): InboundRequest {
  const rawBody = Buffer.from(JSON.stringify({ scope, store_id: '1025646', data: { type: 'order', id, ...extra }, hash: 'c1a2', created_at: 1561479335, producer: 'stores/abc123' }));
  return { rawBody, query: new URLSearchParams(), headers: secret === null ? {} : { 'x-dropline-webhook-token': secret } };
}

describe('bigcommerce inbound', () => {
  let fake: FakeBigCommerce;
  beforeAll(async () => {
    fake = await startFakeBigCommerce({ storeHash: 'abc123', ...SECRETS });
  });
  afterAll(() => fake.close());
  const actx = () => actionContextFor(bigcommerce, { config: { storeHash: 'abc123', apiBaseUrl: fake.url }, secrets: SECRETS });
  const cctx = () => {
    const a = actx();
    return { connectorId: a.connectorId, config: a.config, secrets: a.secrets };
  };
  /** Both steps of the apply job: fetch, then map. */
  const applied = async (req: InboundRequest) => inbound.normalize({ ...req, enriched: await inbound.enrich!(req, actx()) }, cctx());

  it('checks the shared-secret header in constant time, and nothing else gets in', () => {
    expect(inbound.verify(webhook('store/order/created', 1), cctx())).toEqual({ ok: true });
    expect(inbound.verify(webhook('store/order/created', 1, 'bc-shared-secret-0123456780'), cctx()).ok).toBe(false);
    expect(inbound.verify(webhook('store/order/created', 1, null), cctx())).toEqual({ ok: false, reason: 'missing x-dropline-webhook-token header' });
  });

  it('names a delivery by scope, order, time and hash, so a resend is a duplicate', () => {
    expect(inbound.deliveryId!(webhook('store/order/updated', 250), cctx())).toBe('store/order/updated:250:1561479335:c1a2');
  });

  it('stores the thin payload on receipt, then fetches and maps the whole order in the apply job', async () => {
    fake.orders.set('250', { ...bigCommerceSampleOrder(250, [['BC-MUG', 2, '12.5000'], ['', 1, '0.0000']], new Date('2024-05-01T10:00:00Z')), shipments: [], refunds: [] });
    const products = fake.orders.get('250')!.products;
    products.push({ ...products[0]!, id: 25099, sku: 'EBOOK', type: 'digital', quantity: 1 }, { ...products[0]!, id: 25098, sku: 'GIFT', type: 'giftcertificate', quantity: 1 }, { ...products[0]!, id: 25097, sku: 'GONE', quantity: 0 });
    products[0]!.applied_discounts = [{ amount: '1.2500' }, { amount: 0.25 }];
    const req = webhook('store/order/created', 250);
    expect(inbound.normalize(req, cctx())).toEqual({ kind: 'events', topic: 'store/order/created', events: [] });

    const before = fake.requests.length;
    const r = await applied(req);
    expect(fake.requests.slice(before).map((x) => `${x.method} ${x.path}`)).toEqual([
      'GET /stores/abc123/v2/orders/250',
      'GET /stores/abc123/v2/orders/250/products',
      'GET /stores/abc123/v2/orders/250/shipping_addresses',
    ]);
    expect(fake.requests.at(-1)!.headers['x-auth-token']).toBe('bc-token');
    if (r.kind !== 'events') throw new Error(r.kind);
    expect(r.events.map((e) => e.type)).toEqual(['order.received']);
    expect(r.version).toBe('2024-05-01T10:00:00.000Z');
    const order = (r.events[0]!.data as { order: any }).order;
    expect(order).toMatchObject({
      externalId: '250',
      number: '#250',
      currency: 'USD',
      subtotal: '25.0000',
      shippingTotal: '5.0000',
      total: '30.0000',
      discountTotal: '0',
      placedAt: '2024-05-01T10:00:00.000Z',
      shippingAddress: { name: 'Jane Doe', company: 'Acme', line1: '455 Main Street', line2: 'Suite 2', city: 'Austin', region: 'Texas', postalCode: '78751', country: 'US' },
      customer: { externalId: '11', email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe' },
      shippingLines: [{ title: 'Flat Rate', price: '5.0000' }],
      note: 'Please knock twice',
      clientIp: '203.0.113.9',
      financialStatus: 'captured',
      tags: [],
    });
    expect(order.lines.map((l: any) => [l.lineId, l.sku, l.quantity, l.unitPrice, l.totalDiscount, l.requiresShipping, l.giftCard])).toEqual([
      ['25001', 'BC-MUG', 2, '12.5000', '1.5', true, false],
      ['25002', null, 1, '0.0000', '0', true, false],
      ['25099', 'EBOOK', 1, '12.5000', '0', false, false],
      ['25098', 'GIFT', 1, '12.5000', '0', false, true],
    ]);
  });

  it('maps status updates to updates, with a cancellation at status 5, and archived orders to cancellations', async () => {
    fake.orders.set('251', { ...bigCommerceSampleOrder(251, [['BC-MUG', 1]]), shipments: [], refunds: [] });
    fake.orders.get('251')!.order.status_id = 5;
    const r = await applied(webhook('store/order/statusUpdated', 251));
    expect(r.kind === 'events' && r.events.map((e) => [e.type, e.data])).toEqual([
      ['order.updated', expect.anything()],
      ['order.cancelled', { by: 'store' }],
    ]);
    expect(inbound.normalize(webhook('store/order/archived', 251), cctx())).toEqual({
      kind: 'events',
      topic: 'store/order/archived',
      events: [{ type: 'order.cancelled', data: { reason: 'archived in BigCommerce', by: 'store' }, ref: { externalOrderId: '251' } }],
    });
  });

  it('maps a refund created in BigCommerce to refund.issued, fetched with the order currency', async () => {
    const bundle = { ...bigCommerceSampleOrder(252, [['BC-MUG', 2]]), shipments: [], refunds: [] };
    bundle.order.currency_code = 'EUR';
    bundle.refunds.push({ id: 9, order_id: 252, reason: 'Customer requires a refund.', total_amount: 12.5, created: '2024-05-02T08:00:00+00:00', items: [{ item_type: 'PRODUCT', item_id: 25201, quantity: 1 }], payments: [] } as never);
    fake.orders.set('252', bundle);
    const r = await applied(webhook('store/order/refund/created', 252, SECRETS.webhookSecret, { refund: { refund_id: 9 } }));
    expect(r.kind === 'events' && r.events).toEqual([
      {
        type: 'refund.issued',
        occurredAt: '2024-05-02T08:00:00+00:00',
        ref: { externalOrderId: '252' },
        data: { amount: '12.50', currency: 'EUR', reason: 'Customer requires a refund.', externalId: '9', lines: [{ lineId: '25201', sku: null, quantity: 1 }] },
      },
    ]);
  });

  it('refuses an order shipped to several addresses, naming the field, and an unknown order as upstream 404', async () => {
    const bundle = { ...bigCommerceSampleOrder(253, [['BC-MUG', 1]]), shipments: [], refunds: [] };
    bundle.shippingAddresses.push({ ...bundle.shippingAddresses[0]!, id: 9999 });
    fake.orders.set('253', bundle);
    const err = await applied(webhook('store/order/created', 253)).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([{ field: 'shipping_addresses', message: 'orders shipped to more than one address are not supported' }]);
    await expect(applied(webhook('store/order/created', 404404))).rejects.toMatchObject({ upstreamStatus: 404, retryable: false });
  });

  it('ignores scopes it does not handle, without fetching', async () => {
    const before = fake.requests.length;
    expect(inbound.normalize(webhook('store/cart/created', 1), cctx())).toMatchObject({ kind: 'ignored', topic: 'store/cart/created' });
    expect(await inbound.enrich!(webhook('store/cart/created', 1), actx())).toEqual({ kind: 'none' });
    expect(fake.requests.length).toBe(before);
  });
});
