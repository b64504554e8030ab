/**
 * @module A stand-in for a BigCommerce store's API (`/stores/{store_hash}/v2|v3/…`, `X-Auth-Token`): v2
 * orders with their products, shipping addresses and shipments; v3 refund quotes and refunds, catalog
 * variants and absolute inventory adjustments; BigCommerce's error bodies (v2: a list of
 * `{ status, message }`, v3: `{ status, title, type }`) and its windowed rate limit (429 with
 * `X-Rate-Limit-Time-Reset-Ms`). It sends thin webhooks with the custom secret header the retailer
 * registered, announces status changes made through the API (`store/order/statusUpdated`), records every
 * request, and can be told to refuse or lose the next answers.
 */
import { createHash } from 'node:crypto';
import { sendWebhook, startFakeServer, type FakeResponse, type FakeServer, type RecordedRequest } from '../testing/fake-server.ts';
import { InjectedFaults } from '../testing/injected-faults.ts';
import type { BigCommerceAddress, BigCommerceOrder, BigCommerceOrderProduct } from './map-order.ts';

export interface FakeBigCommerceShipment {
  id: number;
  order_id: number;
  order_address_id: number;
  tracking_number: string;
  shipping_provider: string;
  tracking_carrier: string;
  tracking_link?: string;
  comments?: string;
  items: { order_product_id: number; quantity: number }[];
  date_created: string;
}

export interface FakeBigCommerceRefund {
  id: number;
  order_id: number;
  reason: string;
  total_amount: number;
  created: string;
  items: { item_type: string; item_id: number; quantity?: number; amount?: number }[];
  payments: { provider_id: string; amount: number; offline: boolean }[];
}

export interface FakeBigCommerceOrder {
  order: BigCommerceOrder;
  products: BigCommerceOrderProduct[];
  shippingAddresses: BigCommerceAddress[];
  shipments: FakeBigCommerceShipment[];
  refunds: FakeBigCommerceRefund[];
}

export interface FakeBigCommerceVariant {
  id: number;
  product_id: number;
  sku: string;
  price: number;
  sale_price: number;
  inventory_level: number;
}

export interface FakeBigCommerce extends FakeServer {
  orders: Map<string, FakeBigCommerceOrder>;
  variants: FakeBigCommerceVariant[];
  /** location id → variant id → quantity. */
  inventory: Map<number, Map<number, number>>;
  /** How many requests the rate limit refused. */
  readonly throttled: number;
  setWebhookUrl(url: string): void;
  addVariant(sku: string, price?: number): FakeBigCommerceVariant;
  /** Sends the thin webhook for `scope` about `orderId`; returns the status the receiver answered. */
  deliver(scope: string, orderId: number, extra?: Record<string, unknown>): Promise<number>;
  failNext(...responses: FakeResponse[]): void;
  loseAnswerOf(method: string, pathPattern: RegExp): void;
}

const RFC2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');

/** A v2 order like BigCommerce's documentation examples, with the given lines (SKU, quantity, unit price). */
export function bigCommerceSampleOrder(id: number, lines: [sku: string, quantity: number, price?: string][], at = new Date()): Omit<FakeBigCommerceOrder, 'shipments' | 'refunds'> {
  const addressId = id * 10 + 1;
  const products: BigCommerceOrderProduct[] = lines.map(([sku, quantity, price = '12.5000'], i) => ({
    id: id * 100 + i + 1,
    order_id: id,
    product_id: 77 + i,
    variant_id: 120 + i,
    order_address_id: addressId,
    name: `Sample product ${sku}`,
    sku,
    type: 'physical',
    price_ex_tax: price,
    quantity,
    quantity_shipped: 0,
    applied_discounts: [],
  }));
  const subtotal = products.reduce((n, p) => n + Number(p.price_ex_tax) * p.quantity, 0);
  return {
    order: {
      id,
      customer_id: 11,
      date_created: RFC2822(at),
      date_modified: RFC2822(at),
      status_id: 11,
      status: 'Awaiting Fulfillment',
      subtotal_ex_tax: subtotal.toFixed(4),
      shipping_cost_ex_tax: '5.0000',
      total_tax: '0.0000',
      total_inc_tax: (subtotal + 5).toFixed(4),
      discount_amount: '0.0000',
      coupon_discount: '0.0000',
      currency_code: 'USD',
      payment_status: 'captured',
      ip_address: '203.0.113.9',
      customer_message: 'Please knock twice',
      staff_notes: '',
      billing_address: {
        first_name: 'Jane',
        last_name: 'Doe',
        company: '',
        street_1: '455 Main Street',
        street_2: 'Suite 2',
        city: 'Austin',
        state: 'Texas',
        zip: '78751',
        country: 'United States',
        country_iso2: 'US',
        phone: '555-555-5555',
        email: 'jane@example.com',
      },
      is_deleted: false,
    },
    products,
    shippingAddresses: [
      {
        id: addressId,
        first_name: 'Jane',
        last_name: 'Doe',
        company: 'Acme',
        street_1: '455 Main Street',
        street_2: 'Suite 2',
        city: 'Austin',
        state: 'Texas',
        zip: '78751',
        country: 'United States',
        country_iso2: 'US',
        phone: '555-555-5555',
        email: 'jane@example.com',
        shipping_method: 'Flat Rate',
        cost_ex_tax: '5.0000',
      },
    ],
  };
}

export async function startFakeBigCommerce(options: {
  storeHash: string;
  accessToken: string;
  webhookSecret: string;
  webhookHeader?: string;
  webhookUrl?: string;
  /** Requests per window before 429s (BigCommerce Standard plans: 150 per 30 s). */
  rateLimit?: { requests: number; windowMs: number };
}): Promise<FakeBigCommerce> {
  const orders = new Map<string, FakeBigCommerceOrder>();
  const variants: FakeBigCommerceVariant[] = [];
  const inventory = new Map<number, Map<number, number>>();
  const faults = new InjectedFaults({ status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
  const header = (options.webhookHeader ?? 'x-dropline-webhook-token').toLowerCase();
  let webhookUrl = options.webhookUrl ?? '';
  let seq = 300;
  let window = { start: Date.now(), used: 0 };
  let throttled = 0;
  const prefix = `/stores/${options.storeHash}`;

  const v2Error = (status: number, message: string): FakeResponse => ({ status, body: [{ status, message }] });
  const v3Error = (status: number, title: string): FakeResponse => ({
    status,
    body: { status, title, type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes' },
  });

  const send = (scope: string, orderId: number, extra: Record<string, unknown> = {}) => {
    const data = { type: 'order', id: orderId, ...extra };
    const body = JSON.stringify({
      scope,
      store_id: '1025646',
      data,
      hash: createHash('sha1').update(JSON.stringify(data)).digest('hex'),
      created_at: Math.floor(Date.now() / 1000),
      producer: `stores/${options.storeHash}`,
    });
    return sendWebhook(webhookUrl, body, { [header]: options.webhookSecret, 'user-agent': 'BigCommerce-Webhooks/1.0' });
  };

  const setStatus = (o: FakeBigCommerceOrder, statusId: number, status: string) => {
    if (o.order.status_id === statusId) return;
    o.order.status_id = statusId;
    o.order.status = status;
    o.order.date_modified = RFC2822(new Date());
    if (webhookUrl) void send('store/order/statusUpdated', o.order.id, { status: { previous_status_id: 11, new_status_id: statusId } });
  };

  function route(req: RecordedRequest): FakeResponse {
    const path = req.path.slice(prefix.length);
    const body = req.body ? JSON.parse(req.body) : undefined;
    let m: RegExpExecArray | null;
    if ((m = /^\/v2\/orders\/(\d+)(\/products|\/shipping_addresses|\/shipments)?$/.exec(path))) {
      const o = orders.get(m[1]!);
      if (!o) return v2Error(404, 'The requested resource was not found.');
      if (!m[2] && req.method === 'GET') return { status: 200, body: o.order };
      if (!m[2] && req.method === 'PUT') {
        if (body.staff_notes !== undefined) o.order.staff_notes = body.staff_notes;
        if (body.status_id !== undefined) setStatus(o, body.status_id, body.status_id === 5 ? 'Cancelled' : 'Updated');
        o.order.date_modified = RFC2822(new Date());
        return { status: 200, body: o.order };
      }
      if (m[2] === '/products' && req.method === 'GET') return { status: 200, body: o.products };
      if (m[2] === '/shipping_addresses' && req.method === 'GET') return { status: 200, body: o.shippingAddresses };
      if (m[2] === '/shipments' && req.method === 'GET') return o.shipments.length ? { status: 200, body: o.shipments } : { status: 204 };
      if (m[2] === '/shipments' && req.method === 'POST') {
        if (o.order.status_id === 5) return v2Error(400, 'The order is cancelled; shipments can\'t be created for it.');
        if (!o.shippingAddresses.some((a) => a.id === body.order_address_id)) return v2Error(400, 'The field \'order_address_id\' is invalid.');
        for (const item of body.items ?? []) {
          const p = o.products.find((x) => x.id === item.order_product_id);
          if (!p || item.quantity < 1 || item.quantity > p.quantity - (p.quantity_shipped ?? 0)) {
            return v2Error(400, `The quantity specified is greater than the quantity of the product that is available to ship.`);
          }
        }
        for (const item of body.items) {
          const p = o.products.find((x) => x.id === item.order_product_id)!;
          p.quantity_shipped = (p.quantity_shipped ?? 0) + item.quantity;
        }
        const shipment: FakeBigCommerceShipment = { id: ++seq, order_id: o.order.id, ...body, date_created: RFC2822(new Date()) };
        o.shipments.push(shipment);
        const all = o.products.every((p) => (p.quantity_shipped ?? 0) >= p.quantity || p.type !== 'physical');
        setStatus(o, all ? 2 : 3, all ? 'Shipped' : 'Partially Shipped');
        return { status: 201, body: shipment };
      }
    }
    if ((m = /^\/v3\/orders\/(\d+)\/payment_actions\/(refund_quotes|refunds)$/.exec(path))) {
      const o = orders.get(m[1]!);
      if (!o) return v3Error(404, 'Order not found');
      const amountOf = (items: FakeBigCommerceRefund['items']) =>
        items.reduce((n, i) => n + (i.item_type === 'ORDER' ? Number(i.amount) : Number(o.products.find((p) => p.id === i.item_id)?.price_ex_tax ?? 0) * (i.quantity ?? 0)), 0);
      const refunded = o.refunds.reduce((n, r) => n + r.total_amount, 0);
      if (m[2] === 'refunds' && req.method === 'GET') return { status: 200, body: { data: o.refunds, meta: {} } };
      const items = (body?.items ?? []) as FakeBigCommerceRefund['items'];
      const amount = Math.round(amountOf(items) * 100) / 100;
      if (!(amount > 0) || amount + refunded > Number(o.order.total_inc_tax) + 1e-9) return v3Error(422, 'Refund amount is greater than the refundable amount');
      if (m[2] === 'refund_quotes') {
        return {
          status: 201,
          body: { data: { order_id: o.order.id, total_refund_amount: amount, total_refund_tax_amount: 0, rounding: 0, adjustment: 0, tax_inclusive: false, refund_methods: [[{ provider_id: 'braintree', provider_description: 'Braintree (Visa ending in 1111)', amount, offline: false, offline_provider: false, offline_reason: '' }]] }, meta: {} },
        };
      }
      const paid = (body.payments ?? []).reduce((n: number, p: { amount: number }) => n + p.amount, 0);
      if (Math.abs(paid - amount) > 1e-9) return v3Error(422, 'The payments do not add up to the refund amount');
      const refund: FakeBigCommerceRefund = { id: ++seq, order_id: o.order.id, reason: body.reason ?? '', total_amount: amount, created: new Date().toISOString(), items, payments: body.payments };
      o.refunds.push(refund);
      return { status: 201, body: { data: refund, meta: {} } };
    }
    if (path === '/v3/catalog/variants' && req.method === 'GET') {
      const skus = (req.query.get('sku:in') ?? '').split(',').filter(Boolean);
      const limit = Number(req.query.get('limit') ?? 50);
      const page = Number(req.query.get('page') ?? 1);
      const hits = variants.filter((v) => skus.length === 0 || skus.includes(v.sku));
      const totalPages = Math.max(1, Math.ceil(hits.length / limit));
      return { status: 200, body: { data: hits.slice((page - 1) * limit, page * limit), meta: { pagination: { total: hits.length, count: Math.min(limit, hits.length), per_page: limit, current_page: page, total_pages: totalPages } } } };
    }
    if (path === '/v3/catalog/variants' && req.method === 'PUT') {
      const list = body as { id: number; price?: number; sale_price?: number }[];
      if (list.length > 50) return v3Error(413, 'The request payload is too large. The maximum items allowed in the array is 50');
      for (const u of list) {
        const v = variants.find((x) => x.id === u.id);
        if (!v) return v3Error(422, `Variant ${u.id} does not exist`);
        Object.assign(v, u);
      }
      return { status: 200, body: { data: list.map((u) => variants.find((x) => x.id === u.id)), meta: {} } };
    }
    if (path === '/v3/inventory/adjustments/absolute' && req.method === 'PUT') {
      for (const item of body.items as { location_id: number; variant_id: number; quantity: number }[]) {
        const v = variants.find((x) => x.id === item.variant_id);
        if (!v) return v3Error(422, `Variant ${item.variant_id} does not exist`);
        const at = inventory.get(item.location_id) ?? new Map<number, number>();
        at.set(item.variant_id, item.quantity);
        inventory.set(item.location_id, at);
        v.inventory_level = item.quantity;
      }
      return { status: 200, body: { transaction_id: `tx-${++seq}` } };
    }
    return v3Error(404, 'The route is not found, check the URL');
  }

  const server = await startFakeServer((req) => {
    if (!req.path.startsWith(prefix)) return v3Error(404, 'Store not found');
    if (req.headers['x-auth-token'] !== options.accessToken) return v3Error(401, 'You are not authorized to perform this operation');
    if (options.rateLimit) {
      const now = Date.now();
      if (now - window.start >= options.rateLimit.windowMs) window = { start: now, used: 0 };
      const reset = options.rateLimit.windowMs - (now - window.start);
      if (window.used >= options.rateLimit.requests) {
        throttled++;
        return {
          ...v3Error(429, 'Too many requests'),
          headers: {
            'x-rate-limit-time-reset-ms': String(reset),
            'x-rate-limit-time-window-ms': String(options.rateLimit.windowMs),
            'x-rate-limit-requests-left': '0',
            'x-rate-limit-requests-quota': String(options.rateLimit.requests),
          },
        };
      }
      window.used++;
    }
    return faults.apply(req.method, req.path.slice(prefix.length), () => route(req));
  });

  return {
    ...server,
    orders,
    variants,
    inventory,
    get throttled() {
      return throttled;
    },
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    addVariant(sku, price = 20) {
      const v: FakeBigCommerceVariant = { id: ++seq, product_id: ++seq, sku, price, sale_price: 0, inventory_level: 0 };
      variants.push(v);
      return v;
    },
    deliver: send,
    failNext: (...responses) => faults.failNext(...responses),
    loseAnswerOf: (method, path) => faults.loseAnswerOf(method, path),
  };
}
