import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_DATA } from '../model/events.ts';
import type { ConnectorState } from '../sdk/actions.ts';
import type { InboundRequest } from '../sdk/inbound.ts';
import { SAMPLE_PO } from '../supplier-sftp-csv/sample-po.ts';
import { actionContextFor, memoryState } from '../testing/action-context.ts';
import { restSupplierConfig } from './config.ts';
import { fill, restSupplier } from './connector.ts';
import { ACME_POLLING_CONFIG, ACME_WEBHOOKS_CONFIG } from './example-configs.ts';
import { startFakeRestSupplier, type FakeRestSupplier } from './fake-rest-supplier.ts';

const STOCK = { 'NW-MUG-01': 10, 'NW-TEE-02': 0 };
const OAUTH = { clientId: 'dropline', clientSecret: 'acme-client-secret' };

describe('rest-supplier configured for the Acme API', () => {
  let acme: FakeRestSupplier | undefined;
  afterEach(async () => {
    await acme?.close();
    acme = undefined;
  });

  const webhookCtx = (state: ConnectorState = memoryState(), key = SAMPLE_PO.supplierOrderId) =>
    actionContextFor(restSupplier, { connectorId: 'acme', config: { ...ACME_WEBHOOKS_CONFIG, baseUrl: acme!.url }, secrets: { ...OAUTH, webhookSecret: 'whsec-acme' }, state, idempotencyKey: key });
  const pollingCtx = (state: ConnectorState = memoryState(), key = SAMPLE_PO.supplierOrderId) =>
    actionContextFor(restSupplier, { connectorId: 'acme', config: { ...ACME_POLLING_CONFIG, baseUrl: acme!.url }, secrets: { apiKey: 'acme-key-1' }, state, idempotencyKey: key });

  it('places an order in the supplier’s own shape, with the PO number as idempotency key, and caches the OAuth token', async () => {
    acme = await startFakeRestSupplier({ stock: STOCK, auth: { oauth: OAUTH } });
    const state = memoryState();
    const result = await restSupplier.actions!.placeOrder!(SAMPLE_PO, webhookCtx(state));
    const [order] = acme.orders.values();
    expect(result).toEqual({ status: 'submitted', externalId: order!.id, events: [] });
    expect(order).toMatchObject({
      po_number: 'PO-4P0Q1ZVCXQ1X',
      ship_to: { name: 'Bob Norman', street1: 'Chestnut Street 92', street2: 'Apt "B", 2nd floor', city: 'Louisville', state: 'KY', zip: '40202', country: 'US' },
      items: [{ item_code: 'NW-MUG-01', qty: 2, unit_price: '4.10' }, { item_code: 'NW-TEE-02', qty: 1 }],
    });
    const post = acme.requests.find((r) => r.path === '/v2/purchase-orders')!;
    expect(post.headers['idempotency-key']).toBe('PO-4P0Q1ZVCXQ1X');
    // A retry gets the same order back, and reuses the token.
    const again = await restSupplier.actions!.placeOrder!(SAMPLE_PO, webhookCtx(state));
    expect(again.externalId).toBe(order!.id);
    expect(acme.orders.size).toBe(1);
    expect(acme.tokensIssued).toHaveLength(1);
    expect(acme.requests.find((r) => r.path === '/oauth/token')!.body).toBe('grant_type=client_credentials&scope=orders+inventory');
  });

  it('fetches a new token when the cached one is refused, and refuses bad client credentials as configuration', async () => {
    acme = await startFakeRestSupplier({ stock: STOCK, auth: { oauth: OAUTH } });
    const state = memoryState();
    await restSupplier.actions!.fetchInventory!({}, webhookCtx(state));
    acme.revokeTokens();
    const feed = await restSupplier.actions!.fetchInventory!({}, webhookCtx(state));
    expect(feed).toEqual({ items: [{ sku: 'NW-MUG-01', quantity: 10, cost: '10.00', currency: 'USD' }, { sku: 'NW-TEE-02', quantity: 0, cost: '10.00', currency: 'USD' }], full: true });
    expect(acme.tokensIssued).toHaveLength(2);
    const wrong = actionContextFor(restSupplier, { config: { ...ACME_WEBHOOKS_CONFIG, baseUrl: acme.url }, secrets: { clientId: 'dropline', clientSecret: 'nope' } });
    await expect(restSupplier.actions!.fetchInventory!({}, wrong)).rejects.toMatchObject({ code: 'oauth2_refused', retryable: false });
  });

  it('takes the acknowledgment from the answer, polls status until shipped, and polls stock (API-key config)', async () => {
    acme = await startFakeRestSupplier({ stock: STOCK, auth: { apiKey: 'acme-key-1' }, confirmOnPlacement: true });
    const state = memoryState();
    const result = await restSupplier.actions!.placeOrder!(SAMPLE_PO, pollingCtx(state));
    for (const e of result.events!) EVENT_DATA[e.type].parse(e.data);
    expect(result.events).toEqual([
      { type: 'supplier_order.acknowledged', data: { supplierOrderId: 'PO-4P0Q1ZVCXQ1X', externalId: result.externalId, lines: [{ sku: 'NW-MUG-01', quantity: 2 }], supplierId: 'acme' }, ref: { supplierOrderId: 'PO-4P0Q1ZVCXQ1X' } },
      { type: 'supplier_order.backordered', data: { supplierOrderId: 'PO-4P0Q1ZVCXQ1X', lines: [{ sku: 'NW-TEE-02', quantity: 1 }], supplierId: 'acme' }, ref: { supplierOrderId: 'PO-4P0Q1ZVCXQ1X' } },
    ]);
    const poll = restSupplier.poll!;
    const first = await poll.run(pollingCtx(state));
    expect(first.map((i) => i.topic)).toEqual(['stock.feed', 'order.status']);
    expect(first[0]!.events.map((e) => e.type)).toEqual(['inventory.updated', 'price.updated']);
    expect(first[1]!.events).toEqual([]);
    await poll.acknowledge!(first, pollingCtx(state));

    await acme.ship('PO-4P0Q1ZVCXQ1X', { carrier: 'UPS', tracking: '1Z999AA10123456784' });
    const second = await poll.run(pollingCtx(state));
    const status = second.find((i) => i.topic === 'order.status')!;
    expect(status.events).toEqual([
      expect.objectContaining({ type: 'shipment.created', data: expect.objectContaining({ supplierId: 'acme', supplierOrderId: 'PO-4P0Q1ZVCXQ1X', carrier: 'UPS', trackingNumber: '1Z999AA10123456784', lines: [{ sku: 'NW-MUG-01', quantity: 2 }] }) }),
    ]);
    EVENT_DATA['shipment.created'].parse(status.events[0]!.data);
    expect(status.deliveryId).not.toBe(first[1]!.deliveryId);
    // The stock didn't change: the same delivery id, which the inbox drops as a repeat.
    expect(second[0]!.deliveryId).toBe(first[0]!.deliveryId);
    await poll.acknowledge!(second, pollingCtx(state));
    // Shipped is final: the order is no longer asked about.
    expect((await poll.run(pollingCtx(state))).map((i) => i.topic)).toEqual(['stock.feed']);
  });

  it('cancels through the configured endpoint and reads the answer', async () => {
    acme = await startFakeRestSupplier({ stock: STOCK, auth: { apiKey: 'acme-key-1' } });
    const placed = await restSupplier.actions!.placeOrder!(SAMPLE_PO, pollingCtx());
    expect(await restSupplier.actions!.cancelSupplierOrder!({ supplierOrderId: SAMPLE_PO.supplierOrderId, externalId: placed.externalId }, pollingCtx())).toEqual({ cancelled: true });
    await expect(restSupplier.actions!.cancelSupplierOrder!({ supplierOrderId: 'PO-X' }, pollingCtx())).rejects.toThrow(/needs externalId/);
  });

  it('refuses a call the supplier refuses (401, 422) without retrying, so the order fails over', async () => {
    acme = await startFakeRestSupplier({ stock: STOCK, auth: { apiKey: 'acme-key-1' } });
    const wrongKey = actionContextFor(restSupplier, { config: { ...ACME_POLLING_CONFIG, baseUrl: acme.url }, secrets: { apiKey: 'nope' } });
    await expect(restSupplier.actions!.placeOrder!(SAMPLE_PO, wrongKey)).rejects.toMatchObject({ upstreamStatus: 401, retryable: false });
    await expect(restSupplier.actions!.placeOrder!({ ...SAMPLE_PO, lines: [{ ...SAMPLE_PO.lines[0]!, supplierSku: 'NOPE' }] }, pollingCtx())).rejects.toMatchObject({ upstreamStatus: 422, retryable: false });
  });

  describe('webhooks', () => {
    const body = JSON.stringify({
      event: 'order.confirmed',
      occurred_at: '2026-03-01T10:20:00Z',
      payload: { id: 'AC-1', po_number: 'PO-1', items: [{ item_code: 'NW-MUG-01', qty: 2, qty_confirmed: 2, qty_backordered: 0 }, { item_code: 'NW-TEE-02', qty: 1, qty_confirmed: 0, qty_backordered: 1 }] },
    });
    const signed = (text: string, secret = 'whsec-acme'): InboundRequest => ({
      rawBody: Buffer.from(text),
      headers: { 'x-acme-signature': createHmac('sha256', secret).update(text).digest('base64'), 'x-acme-event-id': 'evt-1' },
      query: new URLSearchParams(),
    });
    const cctx = () => webhookCtx();

    it('verifies the configured HMAC header in constant time and names the delivery by the event id', async () => {
      acme = await startFakeRestSupplier({ stock: STOCK, auth: { oauth: OAUTH } });
      const inbound = restSupplier.inbound!;
      expect(inbound.verify(signed(body), cctx())).toEqual({ ok: true });
      expect(inbound.verify(signed(body, 'other'), cctx())).toEqual({ ok: false, reason: 'X-Acme-Signature does not match the body' });
      expect(inbound.verify({ ...signed(body), headers: {} }, cctx())).toEqual({ ok: false, reason: 'missing X-Acme-Signature header' });
      expect(inbound.deliveryId!(signed(body), cctx())).toBe('evt-1');
      const polling = actionContextFor(restSupplier, { config: { ...ACME_POLLING_CONFIG, baseUrl: acme.url }, secrets: { apiKey: 'k', webhookSecret: 'whsec-acme' } });
      expect(inbound.verify(signed(body), polling)).toEqual({ ok: false, reason: 'this supplier is not configured to send webhooks' });
    });

    it('stores on receipt, then maps the body to events in the enrich step', async () => {
      acme = await startFakeRestSupplier({ stock: STOCK, auth: { oauth: OAUTH } });
      const inbound = restSupplier.inbound!;
      const req = signed(body);
      expect(inbound.normalize(req, cctx())).toEqual({ kind: 'events', topic: 'order.confirmed', events: [] });
      const enriched = await inbound.enrich!(req, cctx());
      const result = inbound.normalize({ ...req, enriched }, cctx());
      expect(result).toEqual({
        kind: 'events',
        topic: 'order.confirmed',
        events: [
          { type: 'supplier_order.acknowledged', occurredAt: '2026-03-01T10:20:00Z', data: { supplierOrderId: 'PO-1', externalId: 'AC-1', lines: [{ sku: 'NW-MUG-01', quantity: 2 }], supplierId: 'acme' }, ref: { supplierOrderId: 'PO-1' } },
          { type: 'supplier_order.backordered', occurredAt: '2026-03-01T10:20:00Z', data: { supplierOrderId: 'PO-1', lines: [{ sku: 'NW-TEE-02', quantity: 1 }], supplierId: 'acme' }, ref: { supplierOrderId: 'PO-1' } },
        ],
      });
      const other = signed(JSON.stringify({ event: 'account.updated', payload: {} }));
      expect(inbound.normalize({ ...other, enriched: await inbound.enrich!(other, cctx()) }, cctx())).toEqual({ kind: 'ignored', topic: 'account.updated', reason: 'the webhook mapping made no events of it' });
      expect(() => inbound.normalize(signed('{nope'), cctx())).toThrow(/not valid JSON/);
    });

    it('never lets a mapping speak for another supplier or invent event types', async () => {
      acme = await startFakeRestSupplier({ stock: STOCK, auth: { oauth: OAUTH } });
      const sneaky = actionContextFor(restSupplier, {
        connectorId: 'acme',
        config: { ...ACME_WEBHOOKS_CONFIG, baseUrl: acme.url, webhook: { ...ACME_WEBHOOKS_CONFIG.webhook, events: `[{ "type": "inventory.updated", "data": { "supplierId": "rival", "items": [] } }]` } },
        secrets: { webhookSecret: 'whsec-acme' },
      });
      expect(((await restSupplier.inbound!.enrich!(signed(body), sneaky)) as { events: { data: { supplierId: string } }[] }).events[0]!.data.supplierId).toBe('acme');
      const inventing = actionContextFor(restSupplier, { config: { ...ACME_WEBHOOKS_CONFIG, baseUrl: acme.url, webhook: { ...ACME_WEBHOOKS_CONFIG.webhook, events: `[{ "type": "order.teleported" }]` } }, secrets: { webhookSecret: 'x' } });
      await expect(restSupplier.inbound!.enrich!(signed(body), inventing)).rejects.toMatchObject({ code: 'mapping_failed', status: 422 });
    });
  });

  it('checks every JSONata expression when the config is saved, naming the position of the error', () => {
    const bad = restSupplierConfig.safeParse({ ...ACME_POLLING_CONFIG, placeOrder: { ...ACME_POLLING_CONFIG.placeOrder, body: '{ "po": supplierOrderId ' } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({ path: ['placeOrder', 'body'], message: expect.stringMatching(/^JSONata: .* \(at character \d+\)$/) });
    expect(restSupplierConfig.safeParse(ACME_WEBHOOKS_CONFIG).success).toBe(true);
    expect(restSupplierConfig.safeParse(ACME_POLLING_CONFIG).success).toBe(true);
  });

  it('fills path placeholders URL-encoded', () => {
    expect(fill('/orders/{supplierOrderId}/x/{externalId}', { supplierOrderId: 'PO 1/2', externalId: 'A&B' })).toBe('/orders/PO%201%2F2/x/A%26B');
  });
});
