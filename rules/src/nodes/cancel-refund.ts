/**
 * @module Cancel and refund. `partial`: the lines that reached this node (the backordered ones, the ones no
 * supplier could take) are cancelled and refunded. `full`: the order is cancelled and its total refunded.
 *
 * What a line is worth: its price × quantity less its own discount, less its share of the order-level
 * discount, plus its share of the tax (shares in proportion to the lines' net amounts). The shares are
 * allocated across all lines of the order with largest remainders, so refunding every line one by one adds
 * up to exactly what refunding them together would: no cent lost or refunded twice. All decimals, rounded
 * half-up to the currency's minor units, never floats.
 */
import Big from 'big.js';
import { z } from 'zod';
import { minorUnits, money, type CanonicalOrder } from '@dropline/connectors/model';
import type { RefundLine, SettledLine } from '../runtime/decision.ts';
import { defineNode } from './define-node.ts';

export const cancelRefund = defineNode({
  type: 'cancel-refund',
  category: 'action',
  title: 'Cancel and refund',
  description: 'Cancels and refunds the lines that got here (partial) or the whole order (full), through the store.',
  settings: z
    .object({
      mode: z.enum(['partial', 'full']).default('partial').meta({ title: 'Refund', ui: { widget: 'select' } }),
      reason: z.string().trim().min(1, 'expected a reason').max(500).meta({ title: 'Reason', description: 'Recorded with the refund and shown to the customer by the store' }),
      includeTax: z.boolean().default(true).meta({ title: "Refund the lines' share of tax" }),
      cancelOrder: z.boolean().default(false).meta({ title: 'Also cancel the order in the store', description: 'Always done for a full refund' }),
    })
    .strict(),
  outputs: () => ['out'],
  execute(s, ctx) {
    const order = ctx.run.order;
    const units = minorUnits(order.currency);
    const fixed = (b: Big) => b.round(units, Big.roundHalfUp).toFixed(units);
    const worth = lineWorth(order, s.includeTax);
    const refundLine = (lineId: string, sku: string | null, quantity: number): RefundLine => {
      const w = worth.get(lineId);
      const amount = !w ? new Big(0) : quantity === w.quantity ? w.amount : w.amount.times(quantity).div(w.quantity);
      return { lineId, sku, quantity, amount: fixed(amount) };
    };

    const open = ctx.lines.filter((l) => l.doneBy === undefined && l.quantity > 0);
    const settled: SettledLine[] = open.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, nodeId: ctx.nodeId }));
    for (const l of open) l.doneBy = ctx.nodeId;

    if (s.mode === 'full') {
      const lines = order.lines.map((l) => refundLine(l.lineId, l.sku, l.quantity));
      const amount = money.toCurrencyPrecision(order.total, order.currency);
      ctx.trace.action(ctx.nodeId, 'cancel-refund', `cancel the order and refund ${amount} ${order.currency}: ${s.reason}`, { amount, currency: order.currency });
      return {
        outputs: { out: ctx.lines },
        settled,
        action: { type: 'cancel-refund', nodeId: ctx.nodeId, mode: 'full', reason: s.reason, currency: order.currency, amount, shipping: money.toCurrencyPrecision(order.shippingTotal, order.currency), lines, cancelOrder: true },
      };
    }
    if (open.length === 0) {
      ctx.trace.action(ctx.nodeId, 'cancel-refund', 'nothing to refund: no open line reached this node');
      return { outputs: { out: ctx.lines } };
    }
    const lines = open.map((l) => refundLine(l.lineId, l.sku, l.quantity));
    const amount = fixed(lines.reduce((sum, l) => sum.plus(l.amount), new Big(0)));
    ctx.trace.action(ctx.nodeId, 'cancel-refund', `cancel and refund ${lines.length} line(s), ${amount} ${order.currency}: ${s.reason}`, {
      amount,
      currency: order.currency,
      lines: lines.map((l) => `${l.lineId}×${l.quantity}=${l.amount}`),
    });
    return {
      outputs: { out: ctx.lines },
      settled,
      action: { type: 'cancel-refund', nodeId: ctx.nodeId, mode: 'partial', reason: s.reason, currency: order.currency, amount, shipping: fixed(new Big(0)), lines, cancelOrder: s.cancelOrder },
    };
  },
});

/** What each order line (at its full quantity) is worth, allocated to the cent across the order. */
export function lineWorth(order: CanonicalOrder, includeTax: boolean): Map<string, { quantity: number; amount: Big }> {
  const units = minorUnits(order.currency);
  const nets = order.lines.map((l) => new Big(l.unitPrice).times(l.quantity).minus(l.totalDiscount));
  const netSum = nets.reduce((a, b) => a.plus(b), new Big(0));
  const lineDiscounts = order.lines.reduce((a, l) => a.plus(l.totalDiscount), new Big(0));
  // Order-level discount: what the order discounts beyond its lines' own discounts.
  const beyondLines = new Big(order.discountTotal).minus(lineDiscounts);
  const orderDiscount = beyondLines.gt(0) ? beyondLines : new Big(0);
  const exact = nets.map((net) => {
    if (netSum.lte(0)) return net;
    let v = net.minus(orderDiscount.times(net).div(netSum));
    if (includeTax) v = v.plus(new Big(order.taxTotal).times(net).div(netSum));
    return v;
  });
  // Largest remainders: round the total once, floor each share, hand out the leftover minor units.
  const unit = new Big(1).div(new Big(10).pow(units));
  const target = exact.reduce((a, b) => a.plus(b), new Big(0)).round(units, Big.roundHalfUp);
  const floors = exact.map((v) => v.round(units, Big.roundDown));
  let left = target.minus(floors.reduce((a, b) => a.plus(b), new Big(0))).div(unit).toNumber();
  const byRemainder = exact.map((v, i) => ({ i, rest: v.minus(floors[i]!) })).sort((a, b) => b.rest.cmp(a.rest) || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    floors[i] = floors[i]!.plus(unit);
    left--;
  }
  return new Map(order.lines.map((l, i) => [l.lineId, { quantity: l.quantity, amount: floors[i]! }]));
}
