/**
 * @module Starter (exception flow on `supplier_order.backordered`): lines another supplier carries are left
 * to failover; for the others, a customer alert when the stock is expected soon, else an automatic refund.
 */
import { FlowBuilder } from './flow-builder.ts';
import type { FlowTemplate } from './template.ts';

export const backorderAlertOrRefund: FlowTemplate<{ maxWaitDays: number }> = {
  id: 'backorder-alert-or-refund',
  title: 'Backorder: alert or refund',
  description:
    'When a supplier backorders lines: lines another supplier carries are tagged and left to failover. For the rest, the customer is told about the delay when the supplier expects stock within 7 days; otherwise those lines are cancelled and refunded and the customer is told.',
  trigger: 'supplier_order.backordered',
  supplierSlots: [],
  build(_suppliers, options = {}) {
    const days = options.maxWaitDays ?? 7;
    const b = new FlowBuilder({ id: options.id ?? backorderAlertOrRefund.id, name: options.name ?? backorderAlertOrRefund.title, trigger: backorderAlertOrRefund.trigger });
    const elsewhere = b.add('condition', { condition: { fact: 'order.lines[].candidateCount', operator: 'greaterThan', value: 0 } }, { id: 'other-supplier', label: 'Another supplier carries it' });
    const tag = b.add('add-tag', { tags: ['backorder-failover'] }, { id: 'tag-failover' });
    const soon = b.add('condition', { condition: { fact: 'event.expectedInDays', operator: 'lessThanInclusive', value: days } }, { id: 'expected-soon', label: `Back in stock within ${days} days` });
    const alert = b.add('notify-customer', { template: 'backorder-delay', channel: 'email' }, { id: 'alert-delay' });
    const refund = b.add('cancel-refund', { mode: 'partial', reason: 'Backordered by the supplier with no date in sight' }, { id: 'refund-lines' });
    const told = b.add('notify-customer', { template: 'backorder-refund', channel: 'email' }, { id: 'alert-refund' });
    b.connect(b.start, 'out', elsewhere)
      .connect(elsewhere, 'true', tag)
      .connect(elsewhere, 'false', soon)
      .connect(soon, 'true', alert)
      .connect(soon, 'false', refund)
      .connect(refund, 'out', told);
    return b.build();
  },
};
