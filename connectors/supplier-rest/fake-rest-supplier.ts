/**
 * @module A stand-in for a wholesaler's JSON API (the "Acme Wholesale API v2"), shaped unlike the
 * Sandbox Supplier API on purpose, so `rest-supplier` has to be configured to speak it:
 *
 *   POST /oauth/token                      client credentials (Basic) → { access_token, token_type, expires_in }
 *   POST /v2/purchase-orders               { po_number, ship_to: { name, street1, street2, city, state, zip, country, phone },
 *                                            items: [{ item_code, qty, unit_price }], ship_method }
 *                                          → 201 (200 for a repeat of the Idempotency-Key or PO) { order }
 *   GET  /v2/purchase-orders/{id}          → { order }
 *   POST /v2/purchase-orders/{id}/cancel   → { order, cancelled }
 *   GET  /v2/inventory                     → { data: [{ item_code, available, price: { amount, currency } }], complete: true }
 *
 * order = { id, po_number, state: received|confirmed|shipped|cancelled, items: [{ item_code, qty, qty_confirmed,
 * qty_backordered }], shipments: [{ carrier_code, tracking, shipped_at, items: [{ item_code, qty }] }] }.
 * Auth: `Authorization: Bearer <token>`, `X-Acme-Key: <key>` or Basic, whichever the fake is given.
 * Webhooks: `X-Acme-Signature` (base64 HMAC-SHA256 of the body), `X-Acme-Event-Id`; body
 * { event: order.confirmed|order.shipped|order.cancelled|inventory.changed, occurred_at, payload }.
 * With `confirmOnPlacement` the answer to POST already carries the confirmed and backordered quantities.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { sendWebhook, startFakeServer, type FakeServer } from '../testing/fake-server.ts';

export interface AcmeOrder {
  id: string;
  po_number: string;
  state: 'received' | 'confirmed' | 'shipped' | 'cancelled';
  ship_to: Record<string, unknown>;
  items: { item_code: string; qty: number; unit_price?: string; qty_confirmed?: number; qty_backordered?: number }[];
  shipments: { carrier_code: string; tracking: string; shipped_at: string; items: { item_code: string; qty: number }[] }[];
}

export interface FakeRestSupplierOptions {
  stock: Record<string, number>;
  prices?: Record<string, string>;
  auth: { apiKey?: string; basic?: { username: string; password: string }; oauth?: { clientId: string; clientSecret: string; expiresIn?: number } };
  webhookSecret?: string;
  webhookUrl?: string;
  confirmOnPlacement?: boolean;
}

export interface FakeRestSupplier extends FakeServer {
  orders: Map<string, AcmeOrder>;
  stock: Map<string, number>;
  tokensIssued: string[];
  setWebhookUrl(url: string): void;
  /** Confirms each line from stock (or backorders it); sends `order.confirmed` when webhooks are on. */
  confirm(po: string): Promise<AcmeOrder>;
  ship(po: string, shipment: { carrier: string; tracking: string }): Promise<AcmeOrder>;
  pushInventory(): Promise<number>;
  /** Revokes every token issued so far (the API answers 401 to them). */
  revokeTokens(): void;
}

export async function startFakeRestSupplier(o: FakeRestSupplierOptions): Promise<FakeRestSupplier> {
  const stock = new Map(Object.entries(o.stock));
  const orders = new Map<string, AcmeOrder>();
  const byKey = new Map<string, AcmeOrder>();
  const tokens = new Set<string>();
  const tokensIssued: string[] = [];
  let webhookUrl = o.webhookUrl ?? '';
  const byPo = (po: string) => {
    const order = [...orders.values()].find((x) => x.po_number === po);
    if (!order) throw new Error(`no order ${po}`);
    return order;
  };

  const send = async (event: string, payload: unknown): Promise<number> => {
    if (!webhookUrl || !o.webhookSecret) return 0;
    const body = JSON.stringify({ event, occurred_at: new Date().toISOString(), payload });
    return sendWebhook(webhookUrl, body, { 'x-acme-signature': createHmac('sha256', o.webhookSecret).update(body).digest('base64'), 'x-acme-event-id': randomUUID() });
  };

  const confirmLines = (order: AcmeOrder) => {
    for (const item of order.items) {
      const have = stock.get(item.item_code) ?? 0;
      item.qty_confirmed = have >= item.qty ? item.qty : 0;
      item.qty_backordered = item.qty - item.qty_confirmed;
      stock.set(item.item_code, have - item.qty_confirmed);
    }
    order.state = 'confirmed';
  };

  const authorized = (headers: Record<string, string>): boolean => {
    const auth = headers.authorization ?? '';
    if (o.auth.oauth && auth.startsWith('Bearer ') && tokens.has(auth.slice(7))) return true;
    if (o.auth.apiKey && headers['x-acme-key'] === o.auth.apiKey) return true;
    if (o.auth.basic && auth === `Basic ${Buffer.from(`${o.auth.basic.username}:${o.auth.basic.password}`).toString('base64')}`) return true;
    return false;
  };

  const server = await startFakeServer((req) => {
    if (req.method === 'POST' && req.path === '/oauth/token') {
      const expected = o.auth.oauth && `Basic ${Buffer.from(`${o.auth.oauth.clientId}:${o.auth.oauth.clientSecret}`).toString('base64')}`;
      const form = new URLSearchParams(req.body);
      if (!expected || req.headers.authorization !== expected) return { status: 401, body: { error: 'invalid_client' } };
      if (form.get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
      const token = randomBytes(12).toString('hex');
      tokens.add(token);
      tokensIssued.push(token);
      return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: o.auth.oauth!.expiresIn ?? 3600 } };
    }
    if (!authorized(req.headers)) return { status: 401, body: { error: 'unauthorized' } };
    if (req.method === 'POST' && req.path === '/v2/purchase-orders') {
      const body = JSON.parse(req.body || '{}') as { po_number?: string; ship_to?: Record<string, unknown>; items?: { item_code: string; qty: number; unit_price?: string }[] };
      if (!body.po_number || !body.items?.length || body.items.some((i) => !i.item_code || !(i.qty > 0))) return { status: 422, body: { error: 'po_number and items with item_code and qty are required' } };
      const key = req.headers['idempotency-key'];
      const repeat = (key && byKey.get(key)) || [...orders.values()].find((x) => x.po_number === body.po_number);
      if (repeat) return { status: 200, body: { order: repeat } };
      if (body.items.some((i) => !stock.has(i.item_code))) return { status: 422, body: { error: 'unknown item_code' } };
      const order: AcmeOrder = { id: `AC-${randomBytes(3).toString('hex').toUpperCase()}`, po_number: body.po_number, state: 'received', ship_to: body.ship_to ?? {}, items: body.items.map((i) => ({ ...i })), shipments: [] };
      if (o.confirmOnPlacement) confirmLines(order);
      orders.set(order.id, order);
      if (key) byKey.set(key, order);
      return { status: 201, body: { order } };
    }
    const one = /^\/v2\/purchase-orders\/([^/]+)(\/cancel)?$/.exec(req.path);
    if (one) {
      const order = orders.get(decodeURIComponent(one[1]!));
      if (!order) return { status: 404, body: { error: 'no such order' } };
      if (req.method === 'GET' && !one[2]) return { status: 200, body: { order } };
      if (req.method === 'POST' && one[2]) {
        const cancelled = order.state !== 'shipped';
        if (cancelled) order.state = 'cancelled';
        return { status: 200, body: { order, cancelled } };
      }
    }
    if (req.method === 'GET' && req.path === '/v2/inventory') {
      return { status: 200, body: { data: [...stock].map(([item_code, available]) => ({ item_code, available, price: { amount: o.prices?.[item_code] ?? '10.00', currency: 'USD' } })), complete: true } };
    }
    return { status: 404, body: { error: 'not found' } };
  });

  return {
    ...server,
    orders,
    stock,
    tokensIssued,
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    async confirm(po) {
      const order = byPo(po);
      if (order.state === 'received') confirmLines(order);
      await send('order.confirmed', order);
      return order;
    },
    async ship(po, s) {
      const order = byPo(po);
      const shipped = order.items.filter((i) => (i.qty_confirmed ?? 0) > 0).map((i) => ({ item_code: i.item_code, qty: i.qty_confirmed! }));
      const shipment = { carrier_code: s.carrier, tracking: s.tracking, shipped_at: new Date().toISOString(), items: shipped };
      order.shipments.push(shipment);
      order.state = 'shipped';
      await send('order.shipped', { ...order, shipment });
      return order;
    },
    pushInventory: () => send('inventory.changed', { items: [...stock].map(([item_code, available]) => ({ item_code, available })) }),
    revokeTokens: () => tokens.clear(),
  };
}
