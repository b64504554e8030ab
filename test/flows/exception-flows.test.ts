/**
 * Exception flows and the actions flows take, end to end: a backorder that alerts the customer (email
 * through the SMTP connector to a real SMTP server) or is refunded automatically through the store (the
 * fake Shopify's refundCreate, then `refund.issued`); a supplier's own cancellation refunded in part; an
 * address the offline check can't deliver to held for review; a tag added in the store; an outgoing
 * webhook signed per Standard Webhooks; a whole order cancelled and refunded by a rule.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { FakeShopify, SimulatedSupplier } from '@dropline/connectors/fakes';
import { startFakeServer, startSmtpServer, type FakeServer, type TestSmtpServer } from '@dropline/connectors/testing';
import { ACME_WEBHOOKS_CONFIG } from '../../connectors/supplier-rest/example-configs.ts';
import { startFakeRestSupplier, type FakeRestSupplier } from '../../connectors/supplier-rest/fake-rest-supplier.ts';
import { addressReview, backorderAlertOrRefund, FlowBuilder, supplierCancelRefund } from '../../rules/src/index.ts';
import { DIALECTS } from '../../server/src/db/testing.ts';
import { eventually, startTestHub, type TestHub } from '../../server/src/testing/test-hub.ts';
import { addConnector, mapCatalog, syncStock } from '../suppliers/support.ts';
import { addFakeShop, addStockedSupplier, eventsOf, hasEvent, orderWhen, placeOrder, publishFlow, supplierOrders } from './support.ts';
import { SHOP } from '../support/small-world.ts';

const OAUTH = { clientId: 'dropline', clientSecret: 'acme-client-secret' };

describe.each(DIALECTS)('exception flows and flow actions on %s', (dialect) => {
  let t: TestHub;
  let shop: FakeShopify;
  let smtp: TestSmtpServer;
  const sims: SimulatedSupplier[] = [];
  const servers: (FakeServer | FakeRestSupplier)[] = [];
  const supplier = async (...args: Parameters<typeof addStockedSupplier> extends [unknown, ...infer R] ? R : never) => {
    const s = await addStockedSupplier(t, ...args);
    sims.push(s);
    return s;
  };
  let customer = 0;
  /** A customer of their own per order, so each test finds its mail. */
  const as = (o: any) => {
    o.email = `customer-${dialect}-${++customer}@mail.example.com`;
  };
  const cancellationsRecorded = async () =>
    (await t.api('GET', `/api/deliveries?connectorId=${SHOP.id}&status=accepted&limit=500`)).body.items.filter((d: any) => d.topic === 'orders/cancelled').length;
  const mailTo = (address: string) => eventually(async () => smtp.messages.find((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === address));

  beforeAll(async () => {
    t = await startTestHub({ dialect, hub: { jobRetryBaseMs: 50 } });
    shop = await addFakeShop(t);
    smtp = await startSmtpServer();
    await addConnector(t, { id: 'mail', type: 'smtp', config: { host: '127.0.0.1', port: smtp.port, from: 'orders@shop.example', fromName: 'Flow Test Shop' } });
  }, 60_000);
  afterEach(async () => {
    for (const s of sims.splice(0)) await s.close();
    for (const s of servers.splice(0)) await s.close();
    for (const c of (await t.api('GET', '/api/connectors?kind=supplier')).body.items) await t.api('DELETE', `/api/connectors/${c.id}`);
  });
  afterAll(async () => {
    await smtp?.close();
    await shop?.close();
    await t?.stop();
  });

  it('backorder → the customer is told about the delay by email', async () => {
    const a = await supplier('sup-a', { skus: ['MUG'], priority: 1 });
    a.stock.set('sup-a-MUG', 0);
    const b = new FlowBuilder({ id: 'backorder-alert', name: 'Backorder alert', trigger: 'supplier_order.backordered' });
    b.connect(b.start, 'out', b.add('notify-customer', { template: 'backorder-delay', channel: 'email' }, { id: 'alert' }));
    const { version } = await publishFlow(t, b.build());

    const order = await placeOrder(shop, [['MUG', 1]], as);
    const o = await orderWhen(t, order.id, hasEvent('notification.sent'));
    const mail = await mailTo(order.email);
    expect(mail.subject).toBe('A delay on order #1001');
    expect(mail.from?.value[0]).toMatchObject({ address: 'orders@shop.example', name: 'Flow Test Shop' });
    expect(mail.text).toContain('temporarily out of stock: IPod Nano - 8gb (green)');
    expect(mail.text).toContain(`/t/`);
    expect(mail.text).toContain('— Flow Test Shop');
    expect(eventsOf(o, 'notification.sent')[0]).toMatchObject({ source: 'mail', data: { channel: 'email', template: 'backorder-delay', to: order.email } });
    // The exception flow's decision is on the timeline with its version; the line still needs a supplier.
    const decided = eventsOf(o, 'order.routed').find((e) => e.data.flowVersion === version && e.data.actions.length);
    expect(decided.data.actions).toEqual([{ type: 'notify-customer', nodeId: 'alert' }]);
    const after = await orderWhen(t, order.id, (x) => eventsOf(x, 'order.exception').some((e) => e.data.code === 'no_supplier'));
    expect(supplierOrders(after)).toEqual([['sup-a', 'backordered']]);
    expect(smtp.messages.filter((m) => m.subject === 'A delay on order #1001' && (m.to as any).value[0].address === order.email)).toHaveLength(1);
  });

  it('backorder with stock expected within the week → the starter template tells the customer about the delay, no refund', async () => {
    const a = await supplier('sup-a', { skus: ['MUG'], priority: 1 });
    a.stock.set('sup-a-MUG', 0);
    a.restockInDays.set('sup-a-MUG', 3);
    await publishFlow(t, backorderAlertOrRefund.build([], { id: 'backorder-soon' }));

    const order = await placeOrder(shop, [['MUG', 1]], as);
    const o = await orderWhen(t, order.id, hasEvent('notification.sent'));
    const [backordered] = eventsOf(o, 'supplier_order.backordered');
    const inDays = (Date.parse(backordered.data.expectedAt) - Date.now()) / 86_400_000;
    expect(inDays).toBeGreaterThan(2.9);
    expect(inDays).toBeLessThanOrEqual(3);
    const decided = eventsOf(o, 'order.routed').find((e) => e.data.actions.length);
    expect(decided.data.actions).toEqual([{ type: 'notify-customer', nodeId: 'alert-delay' }]);
    const mail = await mailTo(order.email);
    expect(mail.subject).toBe('A delay on order #1001');
    expect(shop.admin.refunds.filter((r) => r.orderId === String(order.id))).toEqual([]);
    expect(eventsOf(o, 'refund.issued')).toEqual([]);
  });

  it('backorder → automatic refund of the line through the store (starter template), and the customer is told', async () => {
    const a = await supplier('sup-a', { skus: ['MUG'], priority: 1 });
    a.stock.set('sup-a-MUG', 0);
    await supplier('sup-t', { skus: ['TEE'], priority: 1 });
    await publishFlow(t, backorderAlertOrRefund.build([], { id: 'backorder-refund' }));

    const order = await placeOrder(shop, [['MUG', 1], ['TEE', 1]], as);
    const o = await orderWhen(t, order.id, (x) => hasEvent('refund.issued')(x) && x.status === 'shipped');
    const mugLine = o.lines.find((l: any) => l.sku === 'MUG');
    const refunds = shop.admin.refunds.filter((r) => r.orderId === String(order.id));
    expect(refunds).toHaveLength(1);
    const issued = eventsOf(o, 'refund.issued');
    expect(issued).toHaveLength(1);
    expect(issued[0].data).toMatchObject({ currency: 'USD', lines: [expect.objectContaining({ lineId: mugLine.lineId, quantity: 1 })] });
    expect(Number(issued[0].data.amount)).toBeGreaterThan(0);
    expect(Number(issued[0].data.amount)).toBeLessThan(Number(o.total));
    expect(refunds[0]!.note).toContain('Backordered by the supplier with no date in sight');
    // Refunded lines are settled: not sent to another supplier, no "no supplier" exception.
    const decided = eventsOf(o, 'order.routed').find((e) => e.data.settled.length);
    expect(decided.data.settled).toEqual([expect.objectContaining({ lineId: mugLine.lineId, quantity: 1, nodeId: 'refund-lines' })]);
    expect(eventsOf(o, 'order.exception')).toEqual([]);
    expect(supplierOrders(o).sort()).toEqual([['sup-a', 'backordered'], ['sup-t', 'shipped']]);

    const mail = await mailTo(order.email);
    expect(mail.subject).toBe('A refund for order #1001');
    expect(mail.text).toContain("couldn't source IPod Nano - 8gb (green) in time");
  });

  it("supplier cancel → partial refund through the store for the lines nobody else carries (starter template)", async () => {
    const acme = await startFakeRestSupplier({ stock: { 'AC-MUG': 30 }, auth: { oauth: OAUTH }, webhookSecret: 'whsec-acme', webhookUrl: `${t.url}/webhooks/acme` });
    servers.push(acme);
    await addConnector(t, { id: 'acme', type: 'rest-supplier', config: { ...ACME_WEBHOOKS_CONFIG, baseUrl: acme.url }, secrets: { ...OAUTH, webhookSecret: 'whsec-acme' } });
    await mapCatalog(t, 'acme', [['AC-MUG', 'MUG']], 1);
    expect(await acme.pushInventory()).toBe(202);
    await syncStock(t, 'acme', { MUG: 30 });
    await supplier('sup-t', { skus: ['TEE'], priority: 1 });
    await publishFlow(t, supplierCancelRefund.build([], { id: 'supplier-cancel' }));

    const order = await placeOrder(shop, [['MUG', 2], ['TEE', 1]], as);
    const placed = await orderWhen(t, order.id, (x) => x.supplierOrders.some((so: any) => so.supplierId === 'acme' && so.status === 'placed'));
    const po = placed.supplierOrders.find((so: any) => so.supplierId === 'acme').id;
    // The supplier cancels the purchase order on its side and says so by webhook.
    const acmeOrder = [...acme.orders.values()].find((x) => x.po_number === po)!;
    acmeOrder.state = 'cancelled';
    const body = JSON.stringify({ event: 'order.cancelled', occurred_at: new Date().toISOString(), payload: acmeOrder });
    const sent = await fetch(`${t.url}/webhooks/acme`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-acme-signature': createHmac('sha256', 'whsec-acme').update(body).digest('base64'), 'x-acme-event-id': randomUUID() },
    });
    expect(sent.status).toBe(202);

    const o = await orderWhen(t, order.id, (x) => hasEvent('refund.issued')(x) && hasEvent('notification.sent')(x));
    const mugLine = o.lines.find((l: any) => l.sku === 'MUG');
    expect(eventsOf(o, 'supplier_order.cancelled')[0].data).toMatchObject({ supplierId: 'acme', supplierOrderId: po, reason: 'cancelled by the supplier' });
    const refund = eventsOf(o, 'refund.issued')[0].data;
    expect(refund.lines).toEqual([expect.objectContaining({ lineId: mugLine.lineId, quantity: 2 })]);
    expect(shop.admin.refunds.filter((r) => r.orderId === String(order.id))).toHaveLength(1);
    expect((await mailTo(order.email)).subject).toBe('Part of order #1001 was refunded');
    // The other line is unaffected and the cancelled one is not routed again.
    const done = await orderWhen(t, order.id, (x) => x.supplierOrders.some((so: any) => so.supplierId === 'sup-t' && so.status === 'shipped'));
    expect(supplierOrders(done).sort()).toEqual([['acme', 'cancelled'], ['sup-t', 'shipped']]);
    expect(eventsOf(done, 'order.exception')).toEqual([]);
  });

  it('a supplier order cancelled because the store cancelled the order is not refunded again by the supplier-cancel flow', async () => {
    const a = await supplier('sup-a', { skus: ['MUG'], priority: 1, shipDelayMs: [60_000, 60_000] });
    await publishFlow(t, supplierCancelRefund.build([], { id: 'supplier-cancel' }));
    const order = await placeOrder(shop, [['MUG', 1]], as);
    await orderWhen(t, order.id, (x) => x.status === 'acknowledged');
    const now = new Date().toISOString();
    expect(await shop.deliver('orders/cancelled', { ...order, cancelled_at: now, updated_at: now, cancel_reason: 'customer' })).toBe(202);
    const o = await orderWhen(t, order.id, hasEvent('supplier_order.cancelled'));
    expect(o.status).toBe('cancelled');
    expect([...a.orders.values()][0]!.cancelled).toBe(true);
    const runs = await eventually(async () => {
      const jobs = await t.hub.queue.list({ type: 'flow.run', orderId: o.id, limit: 10 });
      return jobs.length === 1 && jobs.every((j) => j.status === 'done') ? jobs : undefined;
    });
    expect(runs).toHaveLength(1);
    const after = await orderWhen(t, order.id, () => true);
    expect(after.events.map((e: any) => e.type)).not.toContain('refund.issued');
    expect(after.events.map((e: any) => e.type)).not.toContain('notification.sent');
    expect(shop.admin.refunds.filter((r) => r.orderId === String(order.id))).toEqual([]);
    expect((await t.hub.queue.list({ type: 'store.refund', orderId: o.id, limit: 10 })).length).toBe(0);
  });

  it('address validation failure → hold for manual review and ask the customer (offline check); a corrected one is tagged and routed', async () => {
    await supplier('sup-a', { skus: ['MUG'], priority: 1 });
    await supplier('sup-b', { skus: ['MUG'], priority: 2 });
    await publishFlow(t, addressReview.build(['sup-a', 'sup-b'], { id: 'address-review' }));

    const junk = await placeOrder(shop, [['MUG', 1]], (o) => {
      as(o);
      o.shipping_address = { ...o.shipping_address, address1: 'asdf', zip: '4020' };
    });
    const held = await orderWhen(t, junk.id, (x) => hasEvent('order.held')(x) && hasEvent('notification.sent')(x));
    expect(held.status).toBe('held');
    expect(held.supplierOrders).toEqual([]);
    const data = eventsOf(held, 'order.held')[0].data;
    expect(data).toMatchObject({ nodeId: 'hold-address', reason: 'The shipping address could not be validated', flowVersion: 1 });
    expect(data.trace).toEqual(expect.arrayContaining([expect.objectContaining({ nodeId: 'undeliverable', outcome: 'true', facts: { 'addressValidation.verdict': 'undeliverable' } })]));
    expect((await mailTo(junk.email)).subject).toBe('Please confirm your address for order #1001');
    const check = await t.hub.addressChecks.forOrder(held.id);
    expect(check).toMatchObject({ verdict: 'undeliverable', checkedBy: 'offline' });

    // A lower-case state is fixed by the check: the order is tagged, routed, and keeps the address as typed.
    const tidy = await placeOrder(shop, [['MUG', 1]], (o) => {
      as(o);
      o.shipping_address = { ...o.shipping_address, province_code: 'ky' };
    });
    const routed = await orderWhen(t, tidy.id, hasEvent('order.routed'));
    expect(routed.tags).toContain('address-corrected');
    expect(routed.shippingAddress.region).toBe('ky');
    expect(await t.hub.addressChecks.forOrder(routed.id)).toMatchObject({ verdict: 'corrected', corrected: expect.objectContaining({ region: 'KY' }) });
    expect(eventsOf(routed, 'order.routed')[0].data.assignments.map((a: any) => a.supplierId)).toEqual(['sup-a']);
  });

  it('adds a tag in the store and calls an outgoing webhook signed per Standard Webhooks, then routes', async () => {
    await supplier('sup-a', { skus: ['MUG'], priority: 1 });
    const receiver = await startFakeServer(() => ({ status: 204 }));
    servers.push(receiver);
    const b = new FlowBuilder({ id: 'tag-and-call', name: 'Tag and call', trigger: 'order.received' });
    const tag = b.add('add-tag', { tags: ['vip', 'flow-tested'] }, { id: 'tag' });
    // Two calls from one decision, with node ids alike for a long stretch: each is its own message.
    const call = b.add('call-webhook', { url: `${receiver.url}/hooks/dropline` }, { id: 'notify-the-warehouse-system-first' });
    const again = b.add('call-webhook', { url: `${receiver.url}/hooks/audit` }, { id: 'notify-the-warehouse-system-second' });
    const route = b.add('route-failover', { suppliers: ['sup-a'] }, { id: 'route' });
    b.connect(b.start, 'out', tag).connect(tag, 'out', call).connect(call, 'out', again).connect(again, 'out', route).connect(route, 'none', b.add('hold', { reason: 'no supplier' }, { id: 'hold' }));
    await publishFlow(t, b.build());

    const order = await placeOrder(shop, [['MUG', 1]], as);
    const o = await orderWhen(t, order.id, hasEvent('order.routed'));
    expect(o.tags).toEqual(expect.arrayContaining(['vip', 'flow-tested']));
    expect(eventsOf(o, 'order.routed')[0].data.actions).toEqual([
      { type: 'add-tag', nodeId: 'tag' },
      { type: 'call-webhook', nodeId: 'notify-the-warehouse-system-first' },
      { type: 'call-webhook', nodeId: 'notify-the-warehouse-system-second' },
    ]);
    await eventually(async () => shop.orders.get(String(order.id))?.tags?.includes('flow-tested'));
    expect(shop.orders.get(String(order.id))!.tags).toContain('vip');

    const req = await eventually(async () => receiver.requests.find((r) => r.path === '/hooks/dropline'));
    const secret = (await t.api('GET', '/api/flow-settings')).body.webhookSecret as string;
    const id = req.headers['webhook-id']!;
    const timestamp = req.headers['webhook-timestamp']!;
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
    const expected = createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).update(`${id}.${timestamp}.${req.body}`).digest('base64');
    expect(req.headers['webhook-signature']!.split(' ')).toContain(`v1,${expected}`);
    const payload = JSON.parse(req.body);
    expect(payload).toMatchObject({ type: 'flow.webhook', nodeId: 'notify-the-warehouse-system-first', order: { id: o.id, externalId: String(order.id) }, lines: [o.lines[0].lineId] });
    const audit = await eventually(async () => receiver.requests.find((r) => r.path === '/hooks/audit'));
    expect(JSON.parse(audit.body).nodeId).toBe('notify-the-warehouse-system-second');
    expect(audit.headers['webhook-id']).not.toBe(id);
    expect(receiver.requests.filter((r) => r.path === '/hooks/dropline')).toHaveLength(1);
  });

  // Shopify may announce the cancellation by webhook before it answers the call that made it.
  it.each([
    ['the store answers first', false],
    ['the store announces it first', true],
  ])('cancels and refunds a whole order a rule refuses (SKU prefix), in the store: %s', async (_, announceFirst) => {
    if (announceFirst) {
      // Shopify answers the cancel only once the hub has recorded its orders/cancelled webhook.
      const before = await cancellationsRecorded();
      shop.announceBeforeAnswering(() => eventually(async () => (await cancellationsRecorded()) > before));
      onTestFinished(() => shop.announceBeforeAnswering(undefined));
    }
    await supplier('sup-a', { skus: ['MUG', 'RECALLED-1'], priority: 1 });
    const b = new FlowBuilder({ id: 'recall', name: 'Recalled SKUs', trigger: 'order.received' });
    const recalled = b.add('condition', { condition: { fact: 'order.lines[].sku', operator: 'skuStartsWith', value: ['RECALLED-'] } }, { id: 'recalled' });
    const refund = b.add('cancel-refund', { mode: 'full', reason: 'A recalled item' }, { id: 'refund-all' });
    const told = b.add('notify-customer', { template: 'order-cancelled', channel: 'email' }, { id: 'tell' });
    const route = b.add('route-failover', { suppliers: ['sup-a'] }, { id: 'route' });
    b.connect(b.start, 'out', recalled).connect(recalled, 'true', refund).connect(refund, 'out', told).connect(recalled, 'false', route).connect(route, 'none', b.add('hold', { reason: 'no supplier' }, { id: 'hold' }));
    await publishFlow(t, b.build());

    const order = await placeOrder(shop, [['RECALLED-1', 1]], as);
    const o = await orderWhen(t, order.id, (x) => x.status === 'cancelled' && hasEvent('refund.issued')(x) && hasEvent('notification.sent')(x));
    expect(eventsOf(o, 'order.cancelled')).toHaveLength(1);
    expect(eventsOf(o, 'order.cancelled')[0].data).toMatchObject({ by: 'rule', reason: 'A recalled item' });
    expect(eventsOf(o, 'refund.issued')[0].data.amount).toBe(o.total);
    expect(o.supplierOrders).toEqual([]);
    expect((await mailTo(order.email)).subject).toBe('Order #1001 was cancelled');
    expect(shop.admin.refunds.filter((r) => r.orderId === String(order.id))).toHaveLength(1);
  });
});
