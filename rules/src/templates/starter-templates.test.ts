import { describe, expect, it } from 'vitest';
import { createInMemoryFactProvider } from '../facts/in-memory-fact-provider.ts';
import { validateFlow } from '../validation/validate-flow.ts';
import { candidate, routingInput, sampleOrder } from '../testing/sample-order.ts';
import { NOW, placed, runFlow, steps } from '../testing/run-flow.ts';
import { STARTER_TEMPLATES, addressReview, backorderAlertOrRefund, fraudHold, geographicRouting, primarySecondaryFailover, skuCostSpeedRouting, supplierCancelRefund } from './starter-templates.ts';
import type { Decision, FlowAction } from '../runtime/decision.ts';

const SUPPLIERS = ['us-east', 'eu-west', 'apac'];
const order = sampleOrder();
const shipTo = (country: string) => sampleOrder((o) => ({ ...o, shippingAddress: { ...o.shippingAddress!, country, region: undefined }, billingAddress: { ...o.billingAddress!, country } }));
const types = (d: Decision) => d.actions.map((a) => a.type);

describe('starter templates', () => {
  it('each builds a valid flow from the node declarations, with id, title and description', () => {
    expect(STARTER_TEMPLATES.map((t) => t.id)).toEqual([
      'primary-secondary-failover',
      'geographic-routing',
      'sku-cost-speed',
      'fraud-hold',
      'address-review',
      'backorder-alert-or-refund',
      'supplier-cancel-refund',
    ]);
    for (const t of STARTER_TEMPLATES) {
      const flow = t.build(SUPPLIERS, { id: `tpl-${t.id}` });
      expect(validateFlow(flow, { knownSuppliers: SUPPLIERS })).toMatchObject({ ok: true });
      expect(flow).toMatchObject({ id: `tpl-${t.id}`, trigger: t.trigger, name: t.title });
      expect(t.description.length).toBeGreaterThan(40);
    }
    expect(() => geographicRouting.build(['only-one'])).toThrow(/needs 3 supplier/);
    expect(() => primarySecondaryFailover.build(['a', 'a'])).toThrow(/twice/);
  });

  describe('primary / secondary failover', () => {
    const flow = primarySecondaryFailover.build(['us-east', 'eu-west']);
    const both = [candidate('us-east', { priority: 1 }), candidate('eu-west', { priority: 2 })];

    it('primary when it has stock, secondary when not', async () => {
      expect(placed(await runFlow(flow, routingInput(order, { all: both })))).toEqual(['IPOD2008GREEN→us-east', 'IPOD2008RED→us-east', 'IPOD2008BLACK→us-east']);
      const input = routingInput(order, { candidates: { IPOD2008RED: [candidate('us-east', { stock: 0 }), candidate('eu-west')] }, all: both });
      expect(placed(await runFlow(flow, input), input)).toEqual(['IPOD2008GREEN→us-east', 'IPOD2008RED→eu-west', 'IPOD2008BLACK→us-east']);
    });

    it('after the primary rejects, the secondary; after both fail, hold', async () => {
      const rejected = { '518995019': [{ supplierId: 'us-east', reason: 'rejected this line earlier' }] };
      expect(placed(await runFlow(flow, routingInput(order, { all: both, excluded: rejected, lines: ['518995019'], attempt: 2 })))).toEqual(['IPOD2008RED→eu-west']);
      const bothFailed = { '518995019': [...rejected['518995019'], { supplierId: 'eu-west', reason: 'backordered this line earlier' }] };
      const d = await runFlow(flow, routingInput(order, { all: both, excluded: bothFailed, lines: ['518995019'], attempt: 3 }));
      expect(d).toMatchObject({ kind: 'hold', nodeId: 'hold-no-supplier' });
    });
  });

  describe('geographic routing', () => {
    const flow = geographicRouting.build(SUPPLIERS);
    const all = SUPPLIERS.map((s) => candidate(s));

    it('ships from the region of the address', async () => {
      expect(placed(await runFlow(flow, routingInput(order, { all })))[0]).toBe('IPOD2008GREEN→us-east');
      expect(placed(await runFlow(flow, routingInput(shipTo('DE'), { all })))[0]).toBe('IPOD2008GREEN→eu-west');
      expect(placed(await runFlow(flow, routingInput(shipTo('JP'), { all })))[0]).toBe('IPOD2008GREEN→apac');
    });

    it('falls back to the other suppliers, and holds when none can ship', async () => {
      const d = await runFlow(flow, routingInput(order, { all: [candidate('us-east', { stock: 0 }), candidate('eu-west'), candidate('apac')] }));
      expect(placed(d)[0]).toBe('IPOD2008GREEN→eu-west');
      expect(steps(d, 'line assigned')[0]!.note).toBe('fallback for US-KY');
      expect(await runFlow(flow, routingInput(order, { all: [candidate('us-east', { stock: 0 })] }))).toMatchObject({ kind: 'hold', nodeId: 'hold-no-supplier' });
    });
  });

  describe('SKU-level cost / speed', () => {
    const flow = skuCostSpeedRouting.build(SUPPLIERS);
    const facts = createInMemoryFactProvider({ terms: { 'us-east': { leadTimeDays: 5 }, 'eu-west': { leadTimeDays: 2 }, apac: { leadTimeDays: 9 } } });
    const withExpress = sampleOrder((o) => ({ ...o, lines: o.lines.map((l, i) => (i === 0 ? { ...l, sku: 'EXPRESS-IPOD' } : l)) }));
    const priced = [candidate('us-east', { cost: '120.00' }), candidate('eu-west', { cost: '150.00' }), candidate('apac', { cost: '99.50' })];

    it('express SKUs to the fastest, the rest to the cheapest', async () => {
      const input = routingInput(withExpress, { all: priced });
      expect(placed(await runFlow(flow, input, { facts }), input)).toEqual(['EXPRESS-IPOD→eu-west', 'IPOD2008RED→apac', 'IPOD2008BLACK→apac']);
    });

    it('lines with no stock report still find a supplier that carries them', async () => {
      const input = routingInput(order, { all: [candidate('apac', { stock: null }), candidate('us-east', { stock: null })] });
      const d = await runFlow(flow, input, { facts });
      expect(placed(d, input)).toEqual(['IPOD2008GREEN→us-east', 'IPOD2008RED→us-east', 'IPOD2008BLACK→us-east']);
      expect(await runFlow(flow, routingInput(order, { all: [] }), { facts })).toMatchObject({ kind: 'hold' });
    });
  });

  describe('fraud hold', () => {
    const flow = fraudHold.build(['us-east', 'eu-west']);
    const all = [candidate('us-east'), candidate('eu-west')];
    const velocity = (n: number) =>
      createInMemoryFactProvider({
        pastOrders: Array.from({ length: n }, (_, i) => ({ orderId: `old-${i}`, placedAt: new Date(Date.parse(NOW) - (i + 1) * 3_600_000).toISOString(), total: '50.00', currency: 'USD', email: 'bob.norman@mail.example.com' })),
      });

    it('holds when the same email ordered more than 3 times in 24 hours, tagging it first', async () => {
      const d = await runFlow(flow, routingInput(order, { all }), { facts: velocity(4) });
      expect(d).toMatchObject({ kind: 'hold', nodeId: 'hold-fraud' });
      expect(types(d)).toEqual(['add-tag', 'hold']);
      expect(steps(d, 'condition', 'looks-like-fraud')[0]!.facts).toMatchObject({ 'customer.recentOrders.count(email, 24)': 4 });
    });

    it('holds when billing and shipping countries differ', async () => {
      const abroad = sampleOrder((o) => ({ ...o, billingAddress: { ...o.billingAddress!, country: 'NG' } }));
      expect(await runFlow(flow, routingInput(abroad, { all }), { facts: velocity(0) })).toMatchObject({ kind: 'hold', reason: expect.stringContaining('Possible fraud') });
    });

    it('routes the rest', async () => {
      const d = await runFlow(flow, routingInput(order, { all }), { facts: velocity(3) });
      expect(placed(d)).toEqual(['IPOD2008GREEN→us-east', 'IPOD2008RED→us-east', 'IPOD2008BLACK→us-east']);
      const noBilling = sampleOrder((o) => ({ ...o, billingAddress: undefined }));
      expect((await runFlow(flow, routingInput(noBilling, { all }), { facts: velocity(0) })).kind).toBe('assign');
    });
  });

  describe('address validation → manual review', () => {
    const flow = addressReview.build(['us-east', 'eu-west']);
    const all = [candidate('us-east')];
    const verdict = (v: 'deliverable' | 'corrected' | 'undeliverable') => createInMemoryFactProvider({ addresses: () => ({ verdict: v }) });

    it('undeliverable: hold and ask the customer', async () => {
      const d = await runFlow(flow, routingInput(order, { all }), { facts: verdict('undeliverable') });
      expect(d).toMatchObject({ kind: 'hold', reason: 'The shipping address could not be validated' });
      expect(d.actions.map((a) => (a.type === 'notify-customer' ? a.template : a.type))).toEqual(['hold', 'confirm-address']);
    });

    it('corrected: tag and route; deliverable: route', async () => {
      const corrected = await runFlow(flow, routingInput(order, { all }), { facts: verdict('corrected') });
      expect(types(corrected)).toEqual(['add-tag']);
      expect(placed(corrected)).toHaveLength(3);
      const fine = await runFlow(flow, routingInput(order, { all }), { facts: verdict('deliverable') });
      expect(types(fine)).toEqual([]);
      expect(placed(fine)).toHaveLength(3);
    });
  });

  describe('backorder → alert or refund', () => {
    const flow = backorderAlertOrRefund.build([]);
    const event = (expectedAt?: string) => ({
      type: 'supplier_order.backordered' as const,
      data: { supplierId: 'us-east', supplierOrderId: 'PO-1', lines: [{ lineId: '518995019', sku: 'IPOD2008RED', quantity: 1 }], ...(expectedAt ? { expectedAt } : {}) },
    });
    const backordered = (candidates: ReturnType<typeof candidate>[], expectedAt?: string) =>
      routingInput(order, { lines: ['518995019'], all: candidates, excluded: { '518995019': [{ supplierId: 'us-east', reason: 'backordered this line earlier' }] }, event: event(expectedAt) });

    it('another supplier carries the line: leave it to failover', async () => {
      const d = await runFlow(flow, backordered([candidate('eu-west')], '2026-04-30T00:00:00Z'));
      expect(d.actions).toEqual([{ type: 'add-tag', nodeId: 'tag-failover', tags: ['backorder-failover'], lines: ['518995019'] }]);
    });

    it('nobody else has it, back soon: tell the customer about the delay', async () => {
      const d = await runFlow(flow, backordered([], '2026-03-14T00:00:00Z'));
      expect(d.actions).toEqual([{ type: 'notify-customer', nodeId: 'alert-delay', template: 'backorder-delay', channel: 'email', to: 'bob.norman@mail.example.com', lines: ['518995019'] }]);
    });

    it('nobody else has it, not soon (or no date): refund the line and tell the customer', async () => {
      for (const expectedAt of ['2026-05-01T00:00:00Z', undefined]) {
        const d = await runFlow(flow, backordered([], expectedAt));
        expect(types(d)).toEqual(['cancel-refund', 'notify-customer']);
        expect(d.actions[0]).toMatchObject({ mode: 'partial', amount: '199.65', lines: [{ lineId: '518995019', quantity: 1, amount: '199.65' }] });
        expect(d.settled).toEqual([{ lineId: '518995019', sku: 'IPOD2008RED', quantity: 1, nodeId: 'refund-lines' }]);
      }
    });
  });

  describe('supplier cancel → partial refund', () => {
    const flow = supplierCancelRefund.build([]);
    const cancelledInput = (candidates: ReturnType<typeof candidate>[]) =>
      routingInput(order, {
        lines: ['466157049', '703073504'],
        all: candidates,
        event: { type: 'supplier_order.cancelled', data: { supplierId: 'us-east', supplierOrderId: 'PO-2', reason: 'discontinued', lines: [] } },
      });

    it('refunds the cancelled lines through the store and tells the customer', async () => {
      const d = await runFlow(flow, cancelledInput([]));
      expect(types(d)).toEqual(['cancel-refund', 'notify-customer']);
      const refund = d.actions[0] as Extract<FlowAction, { type: 'cancel-refund' }>;
      // The order's 598.94 splits 199.65 + 199.65 + 199.64 (largest remainders, ties to the first lines).
      expect(refund).toMatchObject({ amount: '399.29', reason: 'Cancelled by the supplier', lines: [{ lineId: '466157049', amount: '199.65' }, { lineId: '703073504', amount: '199.64' }] });
    });

    it('leaves lines another supplier carries to failover', async () => {
      const d = await runFlow(flow, cancelledInput([candidate('eu-west')]));
      expect(types(d)).toEqual(['add-tag']);
      expect(d.settled).toEqual([]);
    });
  });
});
