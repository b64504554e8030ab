/**
 * @module A stand-in for a Magento 2 store's REST API (`/rest[/{store}]/V1`, bearer token): orders searched
 * with `searchCriteria` (filter groups OR-ed within and AND-ed across, sort orders, pages — including
 * Magento's habit of answering a page past the end with the last page again), shipping, credit memos,
 * cancellation, order comments, stock items and bulk prices, with Magento's error bodies
 * (`{ message, parameters }`). It records every request and can be told to refuse or lose the next answers.
 *
 * Orders are built from the public sample in test/fixtures (which elides its items with `...` and so is not
 * JSON as published): {@link magentoFixtureOrder} makes it valid, {@link magentoSampleOrder} derives
 * consistent orders from it.
 */
import { fixtureText } from '../testing/fixtures.ts';
import { startFakeServer, type FakeResponse, type FakeServer, type RecordedRequest } from '../testing/fake-server.ts';
import { InjectedFaults } from '../testing/injected-faults.ts';
import type { MagentoOrder, MagentoOrderItem } from './map-order.ts';

/** The fixture as JSON: the `...` elision lines dropped, with the commas before them. */
export function magentoFixtureOrder(): MagentoOrder & Record<string, any> {
  const text = fixtureText('store/magento2_rest_v1_orders_get_response.elided.jsonc')
    .split('\n')
    .filter((line) => line.trim() !== '...')
    .join('\n')
    .replace(/,(\s*[\]}])/g, '$1');
  return JSON.parse(text);
}

export const magentoNow = (ms = Date.now()) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** An order derived from the public sample: its shape and addresses, with these lines and totals that add up. */
export function magentoSampleOrder(
  entityId: number,
  lines: [sku: string, qty: number, price?: number][],
  options: { updatedAt?: string; createdAt?: string; state?: string } = {},
): MagentoOrder & Record<string, any> {
  const base: Record<string, any> = magentoFixtureOrder();
  const template = base.items[0] as MagentoOrderItem;
  const items: MagentoOrderItem[] = lines.map(([sku, qty, price = 22], i) => ({
    ...structuredClone(template),
    item_id: entityId * 100 + i + 1,
    order_id: entityId,
    quote_item_id: entityId * 100 + i + 1,
    sku,
    name: `Sample ${sku}`,
    qty_ordered: qty,
    qty_shipped: 0,
    qty_refunded: 0,
    qty_canceled: 0,
    price,
    base_price: price,
    price_incl_tax: price,
    row_total: price * qty,
    row_total_incl_tax: price * qty,
  }));
  const subtotal = items.reduce((n, i) => n + (i.price ?? 0) * i.qty_ordered, 0);
  const created = options.createdAt ?? options.updatedAt ?? magentoNow();
  const order: MagentoOrder & Record<string, any> = {
    ...base,
    entity_id: entityId,
    increment_id: String(entityId).padStart(9, '0'),
    created_at: created,
    updated_at: options.updatedAt ?? created,
    state: options.state ?? 'new',
    status: options.state === 'canceled' ? 'canceled' : 'pending',
    subtotal,
    base_subtotal: subtotal,
    grand_total: subtotal + 5,
    base_grand_total: subtotal + 5,
    total_qty_ordered: items.reduce((n, i) => n + i.qty_ordered, 0),
    items,
  };
  base.extension_attributes.shipping_assignments[0].items = structuredClone(items);
  order.payment.parent_id = entityId;
  return order;
}

export interface FakeMagentoShipment {
  entity_id: number;
  order_id: number;
  items: { order_item_id: number; qty: number }[];
  tracks: { track_number: string; title: string; carrier_code: string }[];
  comments: { comment: string; is_visible_on_front: number }[];
  notify: boolean;
}

export interface FakeMagentoCreditMemo {
  entity_id: number;
  order_id: number;
  grand_total: number;
  items: { order_item_id: number; qty: number }[];
  adjustment_positive: number;
  adjustment_negative: number;
  comments: { comment: string }[];
}

export interface FakeMagento extends FakeServer {
  orders: Map<number, MagentoOrder & Record<string, any>>;
  shipments: FakeMagentoShipment[];
  creditMemos: FakeMagentoCreditMemo[];
  comments: Map<number, { comment: string; is_customer_notified: number }[]>;
  /** sku → stock item. */
  stock: Map<string, { item_id: number; qty: number; is_in_stock: boolean }>;
  /** sku → base price (store 0), and special prices. */
  prices: Map<string, number>;
  specialPrices: Map<string, { price: number; price_from: string }>;
  addOrder(order: MagentoOrder & Record<string, any>): void;
  /** Changes an order as a store admin would, stamping `updated_at`. */
  updateOrder(entityId: number, change: (o: MagentoOrder & Record<string, any>) => void, updatedAt?: string): void;
  addProduct(sku: string, price?: number): void;
  failNext(...responses: FakeResponse[]): void;
  loseAnswerOf(method: string, pathPattern: RegExp): void;
}

const notFound = (what: string): FakeResponse => ({ status: 404, body: { message: `The entity that was requested doesn't exist. Verify the ${what} and try again.` } });

export async function startFakeMagento(options: { accessToken: string }): Promise<FakeMagento> {
  const orders = new Map<number, MagentoOrder & Record<string, any>>();
  const shipments: FakeMagentoShipment[] = [];
  const creditMemos: FakeMagentoCreditMemo[] = [];
  const comments = new Map<number, { comment: string; is_customer_notified: number }[]>();
  const stock = new Map<string, { item_id: number; qty: number; is_in_stock: boolean }>();
  const prices = new Map<string, number>();
  const specialPrices = new Map<string, { price: number; price_from: string }>();
  const faults = new InjectedFaults({ status: 503, body: '<html><body><h1>503 Backend fetch failed</h1></body></html>' });
  let seq = 900;

  function search<T extends Record<string, any>>(rows: T[], q: URLSearchParams) {
    const groups = new Map<number, Map<number, Record<string, string>>>();
    const sorts = new Map<number, Record<string, string>>();
    for (const [key, value] of q) {
      let m = /^searchCriteria\[filter_groups\]\[(\d+)\]\[filters\]\[(\d+)\]\[(\w+)\]$/.exec(key);
      if (m) {
        const g = groups.get(Number(m[1])) ?? new Map();
        const f = g.get(Number(m[2])) ?? {};
        f[m[3]!] = value;
        g.set(Number(m[2]), f);
        groups.set(Number(m[1]), g);
        continue;
      }
      m = /^searchCriteria\[sortOrders\]\[(\d+)\]\[(\w+)\]$/.exec(key);
      if (m) sorts.set(Number(m[1]), { ...sorts.get(Number(m[1])), [m[2]!]: value });
    }
    const compare = (a: unknown, b: string) => (typeof a === 'number' ? a - Number(b) : String(a) < b ? -1 : String(a) > b ? 1 : 0);
    const test = (row: T, f: Record<string, string>) => {
      const c = compare(row[f.field!], f.value!);
      switch (f.condition_type ?? 'eq') {
        case 'eq': return c === 0;
        case 'neq': return c !== 0;
        case 'gt': return c > 0;
        case 'gteq': return c >= 0;
        case 'lt': return c < 0;
        case 'lteq': return c <= 0;
        case 'in': return f.value!.split(',').some((v) => compare(row[f.field!], v) === 0);
        default: throw new Error(`condition ${f.condition_type} not supported by the fake`);
      }
    };
    let hits = rows.filter((row) => [...groups.values()].every((g) => [...g.values()].some((f) => test(row, f))));
    const order = [...sorts.entries()].sort(([a], [b]) => a - b).map(([, s]) => s);
    hits = hits.sort((a, b) => {
      for (const s of order) {
        const c = compare(a[s.field!], String(b[s.field!]));
        if (c !== 0) return s.direction === 'DESC' ? -c : c;
      }
      return 0;
    });
    const pageSize = Number(q.get('searchCriteria[pageSize]') ?? hits.length) || hits.length || 1;
    const lastPage = Math.max(1, Math.ceil(hits.length / pageSize));
    // Magento answers a page past the end with the last page again.
    const page = Math.min(Number(q.get('searchCriteria[currentPage]') ?? 1), lastPage);
    return { items: hits.slice((page - 1) * pageSize, page * pageSize), search_criteria: {}, total_count: hits.length };
  }

  const touch = (o: MagentoOrder) => {
    o.updated_at = magentoNow();
  };

  function route(req: RecordedRequest, path: string): FakeResponse {
    const body = req.body ? JSON.parse(req.body) : undefined;
    let m: RegExpExecArray | null;
    if (path === '/orders' && req.method === 'GET') return { status: 200, body: search([...orders.values()], req.query) };
    if ((m = /^\/orders\/(\d+)$/.exec(path)) && req.method === 'GET') {
      const o = orders.get(Number(m[1]));
      return o ? { status: 200, body: o } : notFound('order');
    }
    if ((m = /^\/orders\/(\d+)\/cancel$/.exec(path)) && req.method === 'POST') {
      const o = orders.get(Number(m[1]));
      if (!o) return notFound('order');
      if (['complete', 'closed', 'canceled'].includes(o.state ?? '') || (o.items ?? []).some((i) => (i.qty_shipped ?? 0) > 0)) return { status: 200, body: false };
      o.state = 'canceled';
      o.status = 'canceled';
      for (const i of o.items ?? []) i.qty_canceled = i.qty_ordered;
      touch(o);
      return { status: 200, body: true };
    }
    if ((m = /^\/orders\/(\d+)\/comments$/.exec(path))) {
      const id = Number(m[1]);
      if (!orders.has(id)) return notFound('order');
      const list = comments.get(id) ?? [];
      comments.set(id, list);
      if (req.method === 'GET') return { status: 200, body: { items: list, search_criteria: {}, total_count: list.length } };
      if (req.method === 'POST') {
        list.push({ comment: body.statusHistory.comment, is_customer_notified: body.statusHistory.is_customer_notified });
        return { status: 200, body: true };
      }
    }
    if ((m = /^\/order\/(\d+)\/ship$/.exec(path)) && req.method === 'POST') {
      const o = orders.get(Number(m[1]));
      if (!o) return notFound('order');
      if (o.state === 'canceled') return { status: 400, body: { message: 'Shipment Document Validation Error(s):\nThe order does not allow a shipment to be created.' } };
      const wanted: { order_item_id: number; qty: number }[] = body.items?.length
        ? body.items
        : (o.items ?? []).map((i) => ({ order_item_id: i.item_id, qty: i.qty_ordered - (i.qty_shipped ?? 0) - (i.qty_canceled ?? 0) })).filter((i) => i.qty > 0);
      for (const w of wanted) {
        const item = o.items?.find((i) => i.item_id === w.order_item_id);
        if (!item || w.qty > item.qty_ordered - (item.qty_shipped ?? 0) - (item.qty_canceled ?? 0)) {
          return { status: 400, body: { message: 'Shipment Document Validation Error(s):\nYou can\'t create a shipment without products.' } };
        }
      }
      for (const w of wanted) {
        const item = o.items!.find((i) => i.item_id === w.order_item_id)!;
        item.qty_shipped = (item.qty_shipped ?? 0) + w.qty;
      }
      const shipment: FakeMagentoShipment = { entity_id: ++seq, order_id: o.entity_id, items: wanted, tracks: body.tracks ?? [], comments: body.comment ? [body.comment] : [], notify: Boolean(body.notify) };
      shipments.push(shipment);
      o.state = (o.items ?? []).every((i) => (i.qty_shipped ?? 0) + (i.qty_canceled ?? 0) >= i.qty_ordered) ? 'complete' : 'processing';
      o.status = o.state;
      touch(o);
      return { status: 200, body: shipment.entity_id };
    }
    if (path === '/shipments' && req.method === 'GET') return { status: 200, body: search(shipments, req.query) };
    if ((m = /^\/order\/(\d+)\/refund$/.exec(path)) && req.method === 'POST') {
      const o = orders.get(Number(m[1]));
      if (!o) return notFound('order');
      const items: { order_item_id: number; qty: number }[] = body.items?.length ? body.items : (o.items ?? []).map((i) => ({ order_item_id: i.item_id, qty: i.qty_ordered }));
      const args = body.arguments ?? {};
      const itemsTotal = items.reduce((n, w) => n + (o.items?.find((i) => i.item_id === w.order_item_id)?.price_incl_tax ?? 0) * w.qty, 0);
      const total = Math.round((itemsTotal + (args.shipping_amount ?? 0) + (args.adjustment_positive ?? 0) - (args.adjustment_negative ?? 0)) * 100) / 100;
      const refunded = creditMemos.filter((c) => c.order_id === o.entity_id).reduce((n, c) => n + c.grand_total, 0);
      if (!(total > 0) || total + refunded > (o.grand_total ?? 0) + 1e-9) {
        return { status: 400, body: { message: 'The most money available to refund is %1.', parameters: [String((o.grand_total ?? 0) - refunded)] } };
      }
      const memo: FakeMagentoCreditMemo = {
        entity_id: ++seq,
        order_id: o.entity_id,
        grand_total: total,
        items,
        adjustment_positive: args.adjustment_positive ?? 0,
        adjustment_negative: args.adjustment_negative ?? 0,
        comments: body.comment ? [{ comment: body.comment.comment }] : [],
      };
      creditMemos.push(memo);
      if (Math.abs(total + refunded - (o.grand_total ?? 0)) < 1e-9) o.state = 'closed';
      touch(o);
      return { status: 200, body: memo.entity_id };
    }
    if (path === '/creditmemos' && req.method === 'GET') return { status: 200, body: search(creditMemos, req.query) };
    if ((m = /^\/stockItems\/([^/]+)$/.exec(path)) && req.method === 'GET') {
      const sku = decodeURIComponent(m[1]!);
      const s = stock.get(sku);
      return s ? { status: 200, body: { ...s, product_id: s.item_id, stock_id: 1 } } : { status: 404, body: { message: 'The Product with the "%1" SKU doesn\'t exist.', parameters: [sku] } };
    }
    if ((m = /^\/products\/([^/]+)\/stockItems\/(\d+)$/.exec(path)) && req.method === 'PUT') {
      const s = stock.get(decodeURIComponent(m[1]!));
      if (!s || s.item_id !== Number(m[2])) return notFound('stock item');
      s.qty = body.stockItem.qty;
      s.is_in_stock = body.stockItem.is_in_stock;
      return { status: 200, body: s.item_id };
    }
    if (path === '/products/base-prices' && req.method === 'POST') {
      const errors = [];
      for (const p of body.prices as { sku: string; price: number }[]) {
        if (!stock.has(p.sku)) errors.push({ message: 'Requested product doesn\'t exist: %sku', parameters: [p.sku] });
        else prices.set(p.sku, p.price);
      }
      return { status: 200, body: errors };
    }
    if (path === '/products/special-price' && req.method === 'POST') {
      for (const p of body.prices as { sku: string; price: number; price_from: string }[]) specialPrices.set(p.sku, { price: p.price, price_from: p.price_from });
      return { status: 200, body: [] };
    }
    if (path === '/products/special-price-information' && req.method === 'POST') {
      return { status: 200, body: (body.skus as string[]).flatMap((sku) => (specialPrices.has(sku) ? [{ sku, store_id: 0, ...specialPrices.get(sku)! }] : [])) };
    }
    if (path === '/products/special-price-delete' && req.method === 'POST') {
      for (const p of body.prices as { sku: string }[]) specialPrices.delete(p.sku);
      return { status: 200, body: [] };
    }
    return { status: 404, body: { message: 'Request does not match any route.' } };
  }

  const server = await startFakeServer((req) => {
    const m = /^\/rest(?:\/\w+)?\/V1(\/.*)$/.exec(req.path);
    if (!m) return { status: 404, body: '<html>Not Found</html>' };
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      return { status: 401, body: { message: 'The consumer isn\'t authorized to access %resources.', parameters: { resources: 'Magento_Sales::sales' } } };
    }
    return faults.apply(req.method, m[1]!, () => route(req, m[1]!));
  });

  return {
    ...server,
    orders,
    shipments,
    creditMemos,
    comments,
    stock,
    prices,
    specialPrices,
    addOrder: (o) => void orders.set(o.entity_id, o),
    updateOrder(entityId, change, updatedAt) {
      const o = orders.get(entityId)!;
      change(o);
      o.updated_at = updatedAt ?? magentoNow();
    },
    addProduct(sku, price = 20) {
      stock.set(sku, { item_id: ++seq, qty: 0, is_in_stock: false });
      prices.set(sku, price);
    },
    failNext: (...responses) => faults.failNext(...responses),
    loseAnswerOf: (method, path) => faults.loseAnswerOf(method, path),
  };
}
