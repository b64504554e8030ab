/**
 * @module Starter (exception flow on `supplier_order.cancelled`): lines another supplier carries are left to
 * failover; the others are refunded through the store (partial refund) and the customer is told.
 */
import { FlowBuilder } from './flow-builder.ts';
import type { FlowTemplate } from './template.ts';

export const supplierCancelRefund: FlowTemplate = {
  id: 'supplier-cancel-refund',
  title: 'Supplier cancel → partial refund',
  description:
    'When a supplier cancels lines: those another supplier carries are tagged and left to failover; the others are cancelled and refunded (their price, discount and tax share) through the store, and the customer is told.',
  trigger: 'supplier_order.cancelled',
  supplierSlots: [],
  build(_suppliers, options = {}) {
    const b = new FlowBuilder({ id: options.id ?? supplierCancelRefund.id, name: options.name ?? supplierCancelRefund.title, trigger: supplierCancelRefund.trigger });
    const elsewhere = b.add('condition', { condition: { fact: 'order.lines[].candidateCount', operator: 'greaterThan', value: 0 } }, { id: 'other-supplier', label: 'Another supplier carries it' });
    const tag = b.add('add-tag', { tags: ['supplier-cancelled-failover'] }, { id: 'tag-failover' });
    const refund = b.add('cancel-refund', { mode: 'partial', reason: 'Cancelled by the supplier' }, { id: 'refund-lines' });
    const told = b.add('notify-customer', { template: 'partial-refund', channel: 'email' }, { id: 'tell-customer' });
    b.connect(b.start, 'out', elsewhere).connect(elsewhere, 'true', tag).connect(elsewhere, 'false', refund).connect(refund, 'out', told);
    return b.build();
  },
};
