/**
 * @module A stand-in for a WooCommerce store: the REST API v3 under `/wp-json/wc/v3` (orders, order notes,
 * refunds, products by SKU, batch updates) with HTTP Basic auth and WooCommerce's error bodies
 * (`{ code, message, data: { status } }`), and webhooks signed as WooCommerce signs them. Changes made
 * through the API are announced with an `order.updated` webhook, as WooCommerce does when an order is
 * saved. It records every request, and can be told to refuse or lose the next answers.
 */
import { createHash, randomUUID } from 'node:crypto';
import { hmacSha256 } from '../sdk/signatures.ts';
import { sendWebhook, startFakeServer, type FakeResponse, type FakeServer, type RecordedRequest } from '../testing/fake-server.ts';
import { InjectedFaults } from '../testing/injected-faults.ts';
import type { WooMeta, WooOrder } from './map-order.ts';

export interface FakeWooProduct {
  id: number;
  sku: string;
  type: 'simple' | 'variation';
  parent_id: number;
  manage_stock: boolean;
  stock_quantity: number | null;
  regular_price: string;
  sale_price: string;
}

export interface FakeWooNote {
  id: number;
  note: string;
  customer_note: boolean;
  date_created_gmt: string;
}

export interface FakeWooRefund {
  id: number;
  amount: string;
  reason: string;
  refunded_payment: boolean;
  meta_data: WooMeta[];
  line_items: { id: number; quantity: number }[];
  date_created_gmt: string;
}

export interface FakeWooCommerce extends FakeServer {
  orders: Map<string, WooOrder>;
  notes: Map<string, FakeWooNote[]>;
  refunds: Map<string, FakeWooRefund[]>;
  products: FakeWooProduct[];
  setWebhookUrl(url: string): void;
  addProduct(sku: string, options?: { parentId?: number; price?: string }): FakeWooProduct;
  /** Stores the order and delivers it under `topic`, signed; returns the status the receiver answered. */
  deliver(topic: 'order.created' | 'order.updated' | 'order.deleted' | 'order.restored', order: WooOrder | { id: number }, deliveryId?: string): Promise<number>;
  /** The unsigned ping WooCommerce sends when a webhook is created. */
  ping(webhookId?: number): Promise<number>;
  failNext(...responses: FakeResponse[]): void;
  /** The next request matching `method` and `pathPattern` is carried out, but its answer is lost (502). */
  loseAnswerOf(method: string, pathPattern: RegExp): void;
}

const API = '/wp-json/wc/v3';
const WEBHOOK_ID = 17;

const wooError = (status: number, code: string, message: string): FakeResponse => ({ status, body: { code, message, data: { status } } });

export async function startFakeWooCommerce(options: {
  consumerKey: string;
  consumerSecret: string;
  webhookSecret: string;
  webhookUrl?: string;
  /** Announce API changes by `order.updated` webhook (on by default when a webhook URL is set). */
  announceChanges?: boolean;
}): Promise<FakeWooCommerce> {
  const orders = new Map<string, WooOrder>();
  const notes = new Map<string, FakeWooNote[]>();
  const refunds = new Map<string, FakeWooRefund[]>();
  const products: FakeWooProduct[] = [];
  const faults = new InjectedFaults({ status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
  let webhookUrl = options.webhookUrl ?? '';
  let seq = 5000;
  const expectedAuth = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString('base64')}`;
  const now = () => new Date().toISOString().slice(0, 19);

  const send = (topic: string, payload: object, deliveryId: string = randomUUID()) => {
    const body = JSON.stringify(payload);
    const [resource, event] = topic.split('.') as [string, string];
    return sendWebhook(webhookUrl, body, {
      'user-agent': 'WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)',
      'x-wc-webhook-source': 'https://shop.example.com/',
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-resource': resource,
      'x-wc-webhook-event': event,
      'x-wc-webhook-signature': hmacSha256(options.webhookSecret, body, 'base64'),
      'x-wc-webhook-id': String(WEBHOOK_ID),
      'x-wc-webhook-delivery-id': createHash('md5').update(deliveryId).digest('hex'),
    });
  };
  const touched = (id: string) => {
    const order = orders.get(id)!;
    order.date_modified_gmt = now();
    order.refunds = (refunds.get(id) ?? []).map((r) => ({ id: r.id, reason: r.reason, total: `-${r.amount}` }));
    if ((options.announceChanges ?? true) && webhookUrl) void send('order.updated', order);
  };

  const setMeta = (order: WooOrder, meta: WooMeta[]) => {
    order.meta_data ??= [];
    for (const m of meta) {
      const held = order.meta_data.find((x) => x.key === m.key);
      if (held) held.value = m.value;
      else order.meta_data.push({ id: ++seq, key: m.key, value: m.value });
    }
  };

  function route(req: RecordedRequest): FakeResponse {
    const path = req.path.slice(API.length);
    const body = req.body ? JSON.parse(req.body) : {};
    let m: RegExpExecArray | null;
    if ((m = /^\/orders\/(\d+)$/.exec(path))) {
      const order = orders.get(m[1]!);
      if (!order) return wooError(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
      if (req.method === 'GET') return { status: 200, body: order };
      if (req.method === 'PUT') {
        if (body.status) order.status = body.status;
        if (body.meta_data) setMeta(order, body.meta_data);
        touched(m[1]!);
        return { status: 200, body: order };
      }
    }
    if ((m = /^\/orders\/(\d+)\/notes$/.exec(path))) {
      if (!orders.has(m[1]!)) return wooError(404, 'woocommerce_rest_order_invalid_id', 'Invalid order ID.');
      const list = notes.get(m[1]!) ?? [];
      notes.set(m[1]!, list);
      if (req.method === 'GET') {
        const type = req.query.get('type') ?? 'any';
        return { status: 200, body: list.filter((n) => type === 'any' || (type === 'customer') === n.customer_note).slice().reverse() };
      }
      if (req.method === 'POST') {
        if (!body.note) return wooError(400, 'woocommerce_rest_missing_parameter', 'Missing parameter(s): note');
        const note: FakeWooNote = { id: ++seq, note: body.note, customer_note: Boolean(body.customer_note), date_created_gmt: now() };
        list.push(note);
        return { status: 201, body: note };
      }
    }
    if ((m = /^\/orders\/(\d+)\/refunds$/.exec(path))) {
      const order = orders.get(m[1]!);
      if (!order) return wooError(404, 'woocommerce_rest_order_invalid_id', 'Invalid order ID.');
      const list = refunds.get(m[1]!) ?? [];
      refunds.set(m[1]!, list);
      if (req.method === 'GET') return { status: 200, body: list.slice().reverse() };
      if (req.method === 'POST') {
        const refunded = list.reduce((n, r) => n + Math.round(Number(r.amount) * 100), 0);
        const cents = Math.round(Number(body.amount) * 100);
        if (!(cents > 0) || cents + refunded > Math.round(Number(order.total) * 100)) {
          return wooError(500, 'woocommerce_rest_cannot_create_order_refund', 'Invalid refund amount.');
        }
        const refund: FakeWooRefund = {
          id: ++seq,
          amount: (cents / 100).toFixed(2),
          reason: body.reason ?? '',
          refunded_payment: Boolean(body.api_refund),
          meta_data: (body.meta_data ?? []).map((x: WooMeta) => ({ id: ++seq, ...x })),
          line_items: body.line_items ?? [],
          date_created_gmt: now(),
        };
        list.push(refund);
        if (cents + refunded === Math.round(Number(order.total) * 100)) order.status = 'refunded';
        touched(m[1]!);
        return { status: 201, body: refund };
      }
    }
    if (path === '/products' && req.method === 'GET') {
      const skus = (req.query.get('sku') ?? '').split(',').filter(Boolean);
      const found = products.filter((p) => skus.length === 0 || skus.includes(p.sku));
      const perPage = Number(req.query.get('per_page') ?? 10);
      const page = Number(req.query.get('page') ?? 1);
      return {
        status: 200,
        body: found.slice((page - 1) * perPage, page * perPage),
        headers: { 'x-wp-total': String(found.length), 'x-wp-totalpages': String(Math.max(1, Math.ceil(found.length / perPage))) },
      };
    }
    if ((m = /^\/products(?:\/(\d+)\/variations)?\/batch$/.exec(path)) && req.method === 'POST') {
      const parent = m[1] ? Number(m[1]) : 0;
      const updates = (body.update ?? []) as ({ id: number } & Partial<FakeWooProduct>)[];
      if (updates.length > 100) return wooError(413, 'woocommerce_rest_request_entity_too_large', 'Unable to accept more than 100 items for this request.');
      return {
        status: 200,
        body: {
          update: updates.map((u) => {
            const p = products.find((x) => x.id === u.id && x.parent_id === parent);
            if (!p) return { id: u.id, error: { code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.', data: { status: 400 } } };
            Object.assign(p, u);
            return p;
          }),
        },
      };
    }
    return wooError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  }

  const server = await startFakeServer((req) => {
    if (!req.path.startsWith(API)) return { status: 404, body: '<html>Not Found</html>' };
    if (req.headers.authorization !== expectedAuth) return wooError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
    return faults.apply(req.method, req.path.slice(API.length), () => route(req));
  });

  return {
    ...server,
    orders,
    notes,
    refunds,
    products,
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    addProduct(sku, o = {}) {
      const p: FakeWooProduct = {
        id: ++seq,
        sku,
        type: o.parentId ? 'variation' : 'simple',
        parent_id: o.parentId ?? 0,
        manage_stock: false,
        stock_quantity: null,
        regular_price: o.price ?? '10.00',
        sale_price: '',
      };
      products.push(p);
      return p;
    },
    async deliver(topic, order, deliveryId) {
      if ('line_items' in order) orders.set(String(order.id), order);
      return send(topic, order, deliveryId);
    },
    async ping(webhookId = WEBHOOK_ID) {
      const res = await fetch(webhookUrl, {
        method: 'POST',
        body: `webhook_id=${webhookId}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)' },
      });
      await res.arrayBuffer();
      return res.status;
    },
    failNext: (...responses) => faults.failNext(...responses),
    loseAnswerOf: (method, path) => faults.loseAnswerOf(method, path),
  };
}
