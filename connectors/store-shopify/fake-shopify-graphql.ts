/**
 * @module The Admin GraphQL side of the fake Shopify: `POST /admin/api/{version}/graphql.json` with the
 * operations Dropline sends (fulfillment orders, fulfillmentCreate/V2, refundCreate, orderCancel,
 * tagsAdd, orderUpdate, productVariants, inventorySetQuantities, productVariantsBulkUpdate), each answered
 * in Shopify's shape, with its cost-based throttling: every answer reports `extensions.cost`, and a call
 * the bucket can't afford is refused with a `THROTTLED` error and not executed.
 *
 * It is not a GraphQL server: it recognises the root field of each operation and reads its variables,
 * which is all Dropline's fixed operations need, and answers with the fields those operations select.
 */
import type { FakeResponse, RecordedRequest } from '../testing/fake-server.ts';
import type { ShopifyOrder } from './map-order.ts';

export interface FakeFulfillment {
  id: string;
  orderId: string;
  status: 'SUCCESS' | 'CANCELLED';
  trackingInfo: { number: string; company?: string; url?: string }[];
  notifyCustomer: boolean;
  /** Order line id → quantity fulfilled. */
  lines: { lineId: string; quantity: number }[];
}

export interface FakeRefund {
  id: string;
  orderId: string;
  note: string | null;
  amount: string;
  currency: string;
  lines: { lineId: string; quantity: number; restockType: string }[];
  createdAt: string;
}

export interface FakeVariant {
  id: string;
  sku: string;
  productId: string;
  inventoryItemId: string;
  price: string;
  compareAtPrice: string | null;
}

export interface GraphqlCall {
  rootField: string;
  query: string;
  variables: Record<string, any>;
  at: number;
}

export interface FakeShopifyAdminOptions {
  /** The bucket Shopify gives a standard shop: 2,000 points, refilled at 100 per second. */
  bucketSize?: number;
  restoreRate?: number;
  /** One fulfillment order per line (as when lines are stocked at different locations); one per order by default. */
  fulfillmentOrderPerLine?: boolean;
  primaryLocationId?: string;
  /** Called after Shopify-side changes that real Shopify announces by webhook (refunds/create, orders/cancelled). */
  onChange?: (topic: 'refunds/create' | 'orders/cancelled', payload: object) => void;
}

const ROOT_FIELDS = [
  'fulfillmentCreateV2',
  'fulfillmentCreate',
  'refundCreate',
  'orderCancel',
  'tagsAdd',
  'orderUpdate',
  'inventorySetQuantities',
  'productVariantsBulkUpdate',
  'productVariants',
  'location',
  'order',
] as const;
type RootField = (typeof ROOT_FIELDS)[number];

/** Requested cost of each operation, roughly as Shopify prices them (connections cost by their `first`). */
const COSTS: Record<RootField, (vars: Record<string, any>) => number> = {
  fulfillmentCreateV2: () => 10,
  fulfillmentCreate: () => 10,
  refundCreate: () => 10,
  orderCancel: () => 10,
  tagsAdd: () => 10,
  orderUpdate: () => 10,
  inventorySetQuantities: () => 10,
  productVariantsBulkUpdate: () => 10,
  productVariants: (v) => 2 + Number(v.first ?? 1),
  location: () => 1,
  order: () => 25,
};

export function createFakeShopifyAdmin(orders: Map<string, ShopifyOrder>, options: FakeShopifyAdminOptions = {}) {
  const bucket = { max: options.bucketSize ?? 2_000, available: options.bucketSize ?? 2_000, rate: options.restoreRate ?? 100, at: Date.now() };
  const fulfillments: FakeFulfillment[] = [];
  const refunds: FakeRefund[] = [];
  const cancelled = new Map<string, { at: string; staffNote?: string; reason: string }>();
  const variants = new Map<string, FakeVariant>();
  /** `${inventoryItemId}|${locationId}` → available quantity. */
  const inventory = new Map<string, number>();
  const calls: GraphqlCall[] = [];
  const fulfillmentOrderOwner = new Map<string, string>();
  const queuedFailures: FakeResponse[] = [];
  const loseAnswers = new Set<string>();
  const primaryLocation = `gid://shopify/Location/${options.primaryLocationId ?? '655441491'}`;
  let seq = 1000;

  const refill = () => {
    const now = Date.now();
    bucket.available = Math.min(bucket.max, bucket.available + ((now - bucket.at) / 1000) * bucket.rate);
    bucket.at = now;
  };
  const cost = (requested: number, actual: number | null) => ({
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: { maximumAvailable: bucket.max, currentlyAvailable: Math.floor(bucket.available), restoreRate: bucket.rate },
    },
  });

  const fulfilled = (orderId: string, lineId: string) =>
    fulfillments.filter((f) => f.orderId === orderId && f.status === 'SUCCESS').reduce((n, f) => n + (f.lines.find((l) => l.lineId === lineId)?.quantity ?? 0), 0);

  const shippable = (o: ShopifyOrder) => (o.line_items ?? []).filter((l) => l.requires_shipping !== false && l.quantity > 0);

  function fulfillmentOrders(orderId: string) {
    const order = orders.get(orderId)!;
    const lines = shippable(order);
    const groups = options.fulfillmentOrderPerLine ? lines.map((l) => [l]) : lines.length ? [lines] : [];
    return groups.map((group, i) => {
      const lineItems = group.map((l) => ({
        id: `gid://shopify/FulfillmentOrderLineItem/${l.id}1`,
        remainingQuantity: cancelled.has(orderId) ? 0 : l.quantity - fulfilled(orderId, String(l.id)),
        totalQuantity: l.quantity,
        lineItem: { id: `gid://shopify/LineItem/${l.id}`, sku: l.sku ?? null },
      }));
      const remaining = lineItems.reduce((n, li) => n + li.remainingQuantity, 0);
      const total = lineItems.reduce((n, li) => n + li.totalQuantity, 0);
      const status = cancelled.has(orderId) ? 'CLOSED' : remaining === 0 ? 'CLOSED' : remaining < total ? 'IN_PROGRESS' : 'OPEN';
      const id = `gid://shopify/FulfillmentOrder/${orderId}${i + 1}`;
      fulfillmentOrderOwner.set(id, orderId);
      return { id, status, lineItems: { nodes: lineItems } };
    });
  }

  const legacy = (gid: string) => String(gid).slice(String(gid).lastIndexOf('/') + 1);
  const userError = (field: string[], message: string) => ({ field, message });

  function orderNode(orderId: string) {
    const o = orders.get(orderId);
    if (!o) return null;
    const currency = o.currency ?? 'USD';
    return {
      id: `gid://shopify/Order/${orderId}`,
      cancelledAt: cancelled.get(orderId)?.at ?? o.cancelled_at ?? null,
      note: o.note ?? null,
      tags: (o.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean),
      fulfillments: fulfillments
        .filter((f) => f.orderId === orderId)
        .map((f) => ({ id: f.id, status: f.status, trackingInfo: f.trackingInfo.map((t) => ({ number: t.number, company: t.company ?? null, url: t.url ?? null })) })),
      fulfillmentOrders: { nodes: fulfillmentOrders(orderId) },
      refunds: refunds
        .filter((r) => r.orderId === orderId)
        .map((r) => ({ id: r.id, note: r.note, totalRefundedSet: { shopMoney: { amount: r.amount, currencyCode: r.currency } } })),
      transactions: [
        {
          id: `gid://shopify/OrderTransaction/${orderId}9`,
          kind: 'SALE',
          status: 'SUCCESS',
          gateway: 'bogus',
          amountSet: { shopMoney: { amount: o.total_price ?? '0.00', currencyCode: currency } },
        },
      ],
    };
  }

  const execute: Record<RootField, (v: Record<string, any>) => object> = {
    order: (v) => ({ order: orderNode(legacy(v.id)) }),
    location: () => ({ location: { id: primaryLocation } }),
    productVariants: (v) => {
      const wanted = [...String(v.query ?? '').matchAll(/sku:"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
      const nodes = [...variants.values()]
        .filter((x) => wanted.includes(x.sku))
        .slice(0, Number(v.first ?? 50))
        .map((x) => ({ id: x.id, sku: x.sku, product: { id: x.productId }, inventoryItem: { id: x.inventoryItemId } }));
      return { productVariants: { nodes } };
    },
    fulfillmentCreate: (v) => ({ fulfillmentCreate: createFulfillment(v.fulfillment) }),
    fulfillmentCreateV2: (v) => ({ fulfillmentCreateV2: createFulfillment(v.fulfillment) }),
    refundCreate: (v) => ({ refundCreate: createRefund(v.input) }),
    orderCancel: (v) => {
      const orderId = legacy(v.orderId);
      if (!orders.has(orderId)) return { orderCancel: { job: null, orderCancelUserErrors: [{ ...userError(['orderId'], 'Order does not exist'), code: 'NOT_FOUND' }] } };
      if (cancelled.has(orderId)) return { orderCancel: { job: null, orderCancelUserErrors: [{ ...userError(['orderId'], 'Cannot cancel an order that has already been canceled'), code: 'INVALID' }] } };
      const at = new Date().toISOString();
      cancelled.set(orderId, { at, staffNote: v.staffNote, reason: v.reason });
      const order = orders.get(orderId)!;
      order.cancelled_at = at;
      order.cancel_reason = String(v.reason).toLowerCase();
      order.updated_at = at;
      options.onChange?.('orders/cancelled', order);
      return { orderCancel: { job: { id: `gid://shopify/Job/${++seq}`, done: false }, orderCancelUserErrors: [] } };
    },
    tagsAdd: (v) => {
      const order = orders.get(legacy(v.id));
      if (!order) return { tagsAdd: { node: null, userErrors: [userError(['id'], 'Order does not exist')] } };
      const tags = new Set((order.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean));
      for (const t of v.tags as string[]) tags.add(t);
      order.tags = [...tags].join(', ');
      return { tagsAdd: { node: { id: v.id }, userErrors: [] } };
    },
    orderUpdate: (v) => {
      const order = orders.get(legacy(v.input.id));
      if (!order) return { orderUpdate: { order: null, userErrors: [userError(['id'], 'Order does not exist')] } };
      if (v.input.note !== undefined) order.note = v.input.note;
      return { orderUpdate: { order: { id: v.input.id, note: order.note }, userErrors: [] } };
    },
    inventorySetQuantities: (v) => {
      const input = v.input;
      if (input.name !== 'available' && input.name !== 'on_hand') return { inventorySetQuantities: { inventoryAdjustmentGroup: null, userErrors: [{ ...userError(['input', 'name'], 'The quantity name must be either \'available\' or \'on_hand\'.'), code: 'INVALID_NAME' }] } };
      for (const q of input.quantities as { inventoryItemId: string; locationId: string; quantity: number }[]) inventory.set(`${q.inventoryItemId}|${q.locationId}`, q.quantity);
      return { inventorySetQuantities: { inventoryAdjustmentGroup: { id: `gid://shopify/InventoryAdjustmentGroup/${++seq}` }, userErrors: [] } };
    },
    productVariantsBulkUpdate: (v) => {
      const list = v.variants as { id: string; price?: string; compareAtPrice?: string | null }[];
      const byId = new Map([...variants.values()].map((x) => [x.id, x]));
      const wrong = list.find((x) => byId.get(x.id)?.productId !== v.productId);
      if (wrong) return { productVariantsBulkUpdate: { productVariants: null, userErrors: [userError(['variants', '0', 'id'], 'Product variant does not exist')] } };
      for (const x of list) {
        const variant = byId.get(x.id)!;
        if (x.price !== undefined) variant.price = x.price;
        if (x.compareAtPrice !== undefined) variant.compareAtPrice = x.compareAtPrice;
      }
      return { productVariantsBulkUpdate: { productVariants: list.map((x) => ({ id: x.id, price: byId.get(x.id)!.price, compareAtPrice: byId.get(x.id)!.compareAtPrice })), userErrors: [] } };
    },
  };

  function createFulfillment(input: any) {
    const groups = input.lineItemsByFulfillmentOrder as { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] }[];
    const orderIds = new Set(groups.map((g) => fulfillmentOrderOwner.get(g.fulfillmentOrderId)));
    if (orderIds.size !== 1 || new Set(groups.map((g) => g.fulfillmentOrderId)).size !== groups.length) {
      return { fulfillment: null, userErrors: [userError(['fulfillment'], 'All fulfillment orders must belong to the same order and appear once.')] };
    }
    const orderId = [...orderIds][0];
    if (!orderId || !orders.has(orderId)) return { fulfillment: null, userErrors: [userError(['fulfillment'], 'Fulfillment order does not exist.')] };
    const fos = fulfillmentOrders(orderId);
    const lines: FakeFulfillment['lines'] = [];
    for (const g of groups) {
      const fo = fos.find((f) => f.id === g.fulfillmentOrderId);
      if (!fo || fo.status === 'CLOSED') return { fulfillment: null, userErrors: [userError(['fulfillment'], 'Fulfillment order is not in a fulfillable state.')] };
      const items = g.fulfillmentOrderLineItems ?? fo.lineItems.nodes.map((li) => ({ id: li.id, quantity: li.remainingQuantity }));
      for (const item of items) {
        const li = fo.lineItems.nodes.find((x) => x.id === item.id);
        if (!li || item.quantity < 1 || item.quantity > li.remainingQuantity) {
          return { fulfillment: null, userErrors: [userError(['fulfillment', 'lineItemsByFulfillmentOrder'], 'Invalid fulfillment order line item quantity requested.')] };
        }
        lines.push({ lineId: legacy(li.lineItem.id), quantity: item.quantity });
      }
    }
    const t = input.trackingInfo ?? {};
    const fulfillment: FakeFulfillment = {
      id: `gid://shopify/Fulfillment/${++seq}`,
      orderId,
      status: 'SUCCESS',
      trackingInfo: t.number || t.numbers ? [...(t.number ? [t.number] : []), ...(t.numbers ?? [])].map((number: string) => ({ number, company: t.company, url: t.url })) : [],
      notifyCustomer: Boolean(input.notifyCustomer),
      lines,
    };
    fulfillments.push(fulfillment);
    return { fulfillment: { id: fulfillment.id, status: fulfillment.status }, userErrors: [] };
  }

  function createRefund(input: any) {
    const orderId = legacy(input.orderId);
    const order = orders.get(orderId);
    if (!order) return { refund: null, userErrors: [userError(['orderId'], 'Order does not exist')] };
    const amount = (input.transactions ?? []).reduce((n: number, t: { amount: string }) => n + Math.round(Number(t.amount) * 100), 0);
    const refundedBefore = refunds.filter((r) => r.orderId === orderId).reduce((n, r) => n + Math.round(Number(r.amount) * 100), 0);
    if (amount + refundedBefore > Math.round(Number(order.total_price ?? 0) * 100)) {
      return { refund: null, userErrors: [userError(['transactions', '0', 'amount'], 'Refund amount exceeds the refundable amount.')] };
    }
    for (const t of input.transactions ?? []) {
      if (t.parentId !== `gid://shopify/OrderTransaction/${orderId}9` || t.kind !== 'REFUND') {
        return { refund: null, userErrors: [userError(['transactions', '0', 'parentId'], 'Parent transaction is not refundable.')] };
      }
    }
    const refund: FakeRefund = {
      id: `gid://shopify/Refund/${++seq}`,
      orderId,
      note: input.note ?? null,
      amount: (amount / 100).toFixed(2),
      currency: order.currency ?? 'USD',
      lines: (input.refundLineItems ?? []).map((l: any) => ({ lineId: legacy(l.lineItemId), quantity: l.quantity, restockType: l.restockType })),
      createdAt: new Date().toISOString(),
    };
    refunds.push(refund);
    options.onChange?.('refunds/create', restRefund(refund, order));
    return { refund: { id: refund.id, totalRefundedSet: { shopMoney: { amount: refund.amount, currencyCode: refund.currency } } }, userErrors: [] };
  }

  /** The refund as the REST resource (the `refunds/create` webhook body). */
  function restRefund(r: FakeRefund, order: ShopifyOrder) {
    return {
      id: Number(legacy(r.id)),
      order_id: Number(r.orderId),
      created_at: r.createdAt,
      processed_at: r.createdAt,
      note: r.note,
      restock: false,
      admin_graphql_api_id: r.id,
      refund_line_items: r.lines.map((l, i) => {
        const line = order.line_items?.find((x) => String(x.id) === l.lineId);
        return { id: i + 1, line_item_id: Number(l.lineId), quantity: l.quantity, restock_type: 'no_restock', line_item: { id: Number(l.lineId), sku: line?.sku ?? null } };
      }),
      transactions: [{ id: seq, order_id: Number(r.orderId), kind: 'refund', status: 'success', gateway: 'bogus', amount: r.amount, currency: r.currency }],
      order_adjustments: [],
    };
  }

  return {
    fulfillments,
    refunds,
    cancelled,
    variants,
    inventory,
    calls,
    primaryLocation,
    bucket,
    addVariant(sku: string, price = '10.00', productNo = 1) {
      const n = ++seq;
      const v: FakeVariant = {
        id: `gid://shopify/ProductVariant/${n}`,
        sku,
        productId: `gid://shopify/Product/${productNo}`,
        inventoryItemId: `gid://shopify/InventoryItem/${n}`,
        price,
        compareAtPrice: null,
      };
      variants.set(sku, v);
      return v;
    },
    /** Empties the cost bucket, as a burst of other apps' calls would. */
    drainBucket() {
      refill();
      bucket.available = 0;
    },
    /** The next GraphQL calls are answered with these responses instead, without being executed. */
    failNext(...responses: FakeResponse[]) {
      queuedFailures.push(...responses);
    },
    /** The next call of `rootField` is executed, but its answer is lost on the way back (a 502 from a proxy). */
    loseAnswerOf(rootField: string) {
      loseAnswers.add(rootField);
    },
    handle(req: RecordedRequest): FakeResponse {
      let body: { query?: string; variables?: Record<string, any> };
      try {
        body = JSON.parse(req.body);
      } catch {
        return { status: 400, body: { errors: [{ message: 'Bad Request: the request body is not valid JSON' }] } };
      }
      const query = body.query ?? '';
      const variables = body.variables ?? {};
      const rootField = ROOT_FIELDS.find((f) => new RegExp(`\\b${f}\\s*[({]`).test(query.slice(query.indexOf('{') + 1)));
      calls.push({ rootField: rootField ?? '(unknown)', query, variables, at: Date.now() });
      const failure = queuedFailures.shift();
      if (failure) return failure;
      if (!rootField) return { status: 200, body: { errors: [{ message: 'Field does not exist on type QueryRoot', extensions: { code: 'undefinedField' } }] } };
      refill();
      const requested = COSTS[rootField](variables);
      if (bucket.available < requested) {
        return { status: 200, body: { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }], extensions: cost(requested, null) } };
      }
      bucket.available -= requested;
      const data = execute[rootField](variables);
      if (loseAnswers.delete(rootField)) return { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
      return { status: 200, body: { data, extensions: cost(requested, requested) } };
    },
  };
}

export type FakeShopifyAdmin = ReturnType<typeof createFakeShopifyAdmin>;
