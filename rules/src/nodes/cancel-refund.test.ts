import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import type { CanonicalOrder } from '@dropline/connectors/model';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { candidate, routingInput, sampleOrder } from '../testing/sample-order.ts';
import { runFlow, steps } from '../testing/run-flow.ts';
import type { NodeSettingsInput } from './registry.ts';
import { lineWorth } from './cancel-refund.ts';
import type { FlowAction } from '../runtime/decision.ts';

function refundFlow(settings: NodeSettingsInput<'cancel-refund'>, trigger: 'order.received' | 'supplier_order.cancelled' = 'supplier_order.cancelled') {
  const b = new FlowBuilder({ id: 'refund', name: 'Refund', trigger });
  b.connect(b.start, 'out', b.add('cancel-refund', settings, { id: 'refund' }));
  return b.build();
}

const cancelled = (lines: string[]) => ({ type: 'supplier_order.cancelled' as const, data: { supplierId: 'a', supplierOrderId: 'PO-1', lines: lines.map((lineId) => ({ lineId, sku: null, quantity: 1 })) } });
type Refund = Extract<FlowAction, { type: 'cancel-refund' }>;

describe('cancel and refund node', () => {
  it('partial: refunds the lines that reached it, with their share of the order discount and tax', async () => {
    // 3 × 199.00, order discount 10.00, tax 11.94, total 598.94: one line is worth 199 − 3.33 + 3.98.
    const input = routingInput(sampleOrder(), { lines: ['518995019'], event: cancelled(['518995019']) });
    const d = await runFlow(refundFlow({ reason: 'Cancelled by the supplier' }), input);
    const refund = d.actions[0] as Refund;
    expect(refund).toEqual({
      type: 'cancel-refund',
      nodeId: 'refund',
      mode: 'partial',
      reason: 'Cancelled by the supplier',
      currency: 'USD',
      amount: '199.65',
      shipping: '0.00',
      lines: [{ lineId: '518995019', sku: 'IPOD2008RED', quantity: 1, amount: '199.65' }],
      cancelOrder: false,
    });
    expect(d.settled).toEqual([{ lineId: '518995019', sku: 'IPOD2008RED', quantity: 1, nodeId: 'refund' }]);
    expect(steps(d, 'action', 'refund')[0]!.note).toBe('cancel and refund 1 line(s), 199.65 USD: Cancelled by the supplier');
  });

  it('refunding every line one by one adds up to the order total, to the cent', async () => {
    const order = sampleOrder();
    const amounts: string[] = [];
    for (const lineId of order.lines.map((l) => l.lineId)) {
      const d = await runFlow(refundFlow({ reason: 'x' }), routingInput(order, { lines: [lineId], event: cancelled([lineId]) }));
      amounts.push((d.actions[0] as Refund).amount);
    }
    // 199.6467 each would round to 199.65 three times (598.95); the allocation gives one of them 199.64.
    expect(amounts.sort()).toEqual(['199.64', '199.65', '199.65']);
    expect(amounts.reduce((a, b) => a.plus(b), new Big(0)).toFixed(2)).toBe(order.total);
  });

  it('without tax, and for part of a line', async () => {
    const order = sampleOrder((o) => ({ ...o, lines: [{ ...o.lines[0]!, quantity: 3, totalDiscount: '0.30' }], subtotal: '597.00', discountTotal: '0.30', taxTotal: '0', total: '596.70' }));
    const input = routingInput(order, { event: cancelled(['466157049']) });
    input.lines[0]!.quantity = 2;
    const d = await runFlow(refundFlow({ reason: 'x', includeTax: false }), input);
    // (3 × 199.00 − 0.30) × 2 / 3 = 397.80
    expect((d.actions[0] as Refund).lines).toEqual([{ lineId: '466157049', sku: 'IPOD2008GREEN', quantity: 2, amount: '397.80' }]);
  });

  it('rounds to the currency: none for JPY, three places for BHD', () => {
    const jpy = lineWorth(sampleOrder((o) => ({ ...o, currency: 'JPY', lines: o.lines.map((l) => ({ ...l, unitPrice: '1000' })), discountTotal: '100', taxTotal: '0', total: '2900' })), true);
    expect([...jpy.values()].map((w) => w.amount.toFixed(0))).toEqual(['967', '967', '966']);
    const bhd = lineWorth(sampleOrder((o) => ({ ...o, currency: 'BHD', lines: o.lines.map((l) => ({ ...l, unitPrice: '1.000' })), discountTotal: '0', taxTotal: '0.100', total: '3.100' })), true);
    expect([...bhd.values()].map((w) => w.amount.toFixed(3))).toEqual(['1.034', '1.033', '1.033']);
  });

  it('full: cancels the order and refunds its total', async () => {
    const d = await runFlow(refundFlow({ mode: 'full', reason: 'Fraud confirmed' }, 'order.received'), routingInput(sampleOrder(), { all: [candidate('a')] }));
    const refund = d.actions[0] as Refund;
    expect(refund).toMatchObject({ mode: 'full', amount: '598.94', shipping: '0.00', cancelOrder: true, currency: 'USD' });
    expect(refund.lines.map((l) => l.amount)).toEqual(['199.65', '199.65', '199.64']);
    // Refunded lines are settled: neither placed nor reported as without a supplier.
    expect(d).toMatchObject({ kind: 'assign', assignments: [], unassigned: [] });
    expect(d.settled.map((s) => s.lineId)).toEqual(['466157049', '518995019', '703073504']);
  });

  it('money stays decimal end to end (0.1 + 0.2)', () => {
    const order: CanonicalOrder = sampleOrder((o) => ({
      ...o,
      lines: [
        { ...o.lines[0]!, unitPrice: '0.10' },
        { ...o.lines[1]!, unitPrice: '0.20' },
      ],
      subtotal: '0.30',
      discountTotal: '0',
      taxTotal: '0',
      total: '0.30',
    }));
    const w = lineWorth(order, true);
    expect([...w.values()].reduce((a, b) => a.plus(b.amount), new Big(0)).toFixed(2)).toBe('0.30');
  });
});
