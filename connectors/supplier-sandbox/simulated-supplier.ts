/**
 * @module A simulated supplier speaking the Sandbox Supplier API over real HTTP: it takes orders,
 * acknowledges or backorders each line against its own stock after a delay, ships with a carrier and a
 * tracking number, and pushes stock snapshots. Its stock and the stock Dropline believes drift apart,
 * as in life, so backorders (and failover) happen.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sendWebhook, startFakeServer, type FakeServer } from '../testing/fake-server.ts';
import { sandboxSignature } from './connector.ts';
import { DELIVERY_HEADER, PlaceOrderRequest, SIGNATURE_HEADER, type SupplierMessage } from './protocol.ts';

export interface SimulatedSupplierOptions {
  apiKey: string;
  webhookSecret: string;
  webhookUrl?: string;
  /** Supplier SKU → units on hand. */
  stock: Record<string, number>;
  ackDelayMs?: [number, number];
  shipDelayMs?: [number, number];
  /** Chance an order is refused outright. */
  rejectRate?: number;
  /** Chance a line is backordered even though stock says otherwise (a miscount in the warehouse). */
  backorderRate?: number;
  carrier?: string;
  inventoryEveryMs?: number;
  /** Units added back to every SKU on each inventory push (the warehouse gets deliveries). */
  restockPerPush?: number;
  /** Supplier SKU → days until it is back in stock: said on the lines it backorders (`expectedAt`). */
  restockInDays?: Record<string, number>;
  random?: () => number;
}

interface PlacedOrder {
  id: string;
  purchaseOrder: string;
  lines: { sku: string; quantity: number; status?: 'accepted' | 'backordered'; expectedAt?: string }[];
  cancelled: boolean;
  shipped: boolean;
}

export interface SimulatedSupplier extends FakeServer {
  orders: Map<string, PlacedOrder>;
  stock: Map<string, number>;
  /** Supplier SKU → days until restock (see `restockInDays`); tests may change it. */
  restockInDays: Map<string, number>;
  setWebhookUrl(url: string): void;
  /** Sends a message now (tests drive suppliers by hand with this). */
  send(message: SupplierMessage): Promise<number>;
  pushInventory(): Promise<number>;
}

export async function startSimulatedSupplier(o: SimulatedSupplierOptions, port?: number): Promise<SimulatedSupplier> {
  const random = o.random ?? Math.random;
  const stock = new Map(Object.entries(o.stock));
  const restockInDays = new Map(Object.entries(o.restockInDays ?? {}));
  const orders = new Map<string, PlacedOrder>();
  const byKey = new Map<string, PlacedOrder>();
  const timers = new Set<NodeJS.Timeout>();
  let webhookUrl = o.webhookUrl ?? '';
  let closed = false;

  const later = (range: [number, number] | undefined, fn: () => void) => {
    const [min, max] = range ?? [1_000, 3_000];
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, min + random() * (max - min));
    timers.add(t);
  };

  const send = async (message: SupplierMessage): Promise<number> => {
    if (!webhookUrl) return 0;
    const body = JSON.stringify({ ...message, sentAt: new Date().toISOString() });
    return sendWebhook(webhookUrl, body, { [SIGNATURE_HEADER]: sandboxSignature(o.webhookSecret, body), [DELIVERY_HEADER]: randomUUID() });
  };

  const pushInventory = () => {
    if (o.restockPerPush) for (const [sku, n] of stock) stock.set(sku, n + o.restockPerPush);
    return send({ type: 'inventory.snapshot', items: [...stock].map(([sku, quantity]) => ({ sku, quantity })) });
  };

  const acknowledge = (order: PlacedOrder) => {
    if (order.cancelled) return;
    if (random() < (o.rejectRate ?? 0)) {
      order.cancelled = true;
      void send({ type: 'order.rejected', purchaseOrder: order.purchaseOrder, reason: 'cannot ship to this address' });
      return;
    }
    for (const line of order.lines) {
      const have = stock.get(line.sku) ?? 0;
      const miscount = random() < (o.backorderRate ?? 0);
      if (have >= line.quantity && !miscount) {
        stock.set(line.sku, have - line.quantity);
        line.status = 'accepted';
      } else {
        line.status = 'backordered';
        const days = restockInDays.get(line.sku);
        if (days !== undefined) line.expectedAt = new Date(Date.now() + days * 86_400_000).toISOString();
      }
    }
    void send({
      type: 'order.acknowledged',
      purchaseOrder: order.purchaseOrder,
      id: order.id,
      lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, status: l.status!, ...(l.expectedAt ? { expectedAt: l.expectedAt } : {}) })),
    });
    const accepted = order.lines.filter((l) => l.status === 'accepted');
    if (accepted.length) later(o.shipDelayMs, () => ship(order, accepted));
  };

  const ship = (order: PlacedOrder, lines: PlacedOrder['lines']) => {
    if (order.cancelled) return;
    order.shipped = true;
    const carrier = o.carrier ?? 'UPS';
    const trackingNumber = carrier === 'UPS' ? `1Z${randomBytes(8).toString('hex').toUpperCase()}` : randomBytes(6).readUIntBE(0, 6).toString().padStart(15, '7');
    void send({ type: 'order.shipped', purchaseOrder: order.purchaseOrder, carrier, trackingNumber, lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) });
  };

  const server = await startFakeServer((req) => {
    if (req.headers.authorization !== `Bearer ${o.apiKey}`) return { status: 401, body: { error: 'bad api key' } };
    if (req.method === 'POST' && req.path === '/orders') {
      const key = req.headers['idempotency-key'];
      const parsed = PlaceOrderRequest.safeParse(JSON.parse(req.body || '{}'));
      if (!parsed.success) return { status: 422, body: { error: parsed.error.issues.map((i) => i.message).join('; ') } };
      const repeat = (key && byKey.get(key)) || orders.get(parsed.data.purchaseOrder);
      if (repeat) return { status: 200, body: { id: repeat.id, purchaseOrder: repeat.purchaseOrder, status: 'received' } };
      const order: PlacedOrder = { id: `SO-${randomBytes(4).toString('hex').toUpperCase()}`, purchaseOrder: parsed.data.purchaseOrder, lines: parsed.data.lines.map((l) => ({ ...l })), cancelled: false, shipped: false };
      orders.set(order.purchaseOrder, order);
      if (key) byKey.set(key, order);
      later(o.ackDelayMs, () => acknowledge(order));
      return { status: 201, body: { id: order.id, purchaseOrder: order.purchaseOrder, status: 'received' } };
    }
    const cancel = /^\/orders\/([^/]+)\/cancel$/.exec(req.path);
    if (req.method === 'POST' && cancel) {
      const order = orders.get(decodeURIComponent(cancel[1]!));
      if (!order) return { status: 404, body: { error: 'no such order' } };
      if (!order.shipped) order.cancelled = true;
      return { status: 200, body: { cancelled: order.cancelled } };
    }
    if (req.method === 'GET' && req.path === '/inventory') {
      return { status: 200, body: { items: [...stock].map(([sku, quantity]) => ({ sku, quantity })) } };
    }
    return { status: 404, body: { error: 'not found' } };
  }, port);

  if (o.inventoryEveryMs) {
    const tick = setInterval(() => void pushInventory(), o.inventoryEveryMs);
    timers.add(tick);
  }

  return {
    ...server,
    orders,
    stock,
    restockInDays,
    setWebhookUrl: (url: string) => {
      webhookUrl = url;
    },
    send,
    pushInventory,
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      await server.close();
    },
  };
}
