/**
 * @module Starter: validate the shipping address first. Undeliverable → hold for manual review and ask the
 * customer; corrected → tag and route; deliverable → route.
 */
import { FlowBuilder } from './flow-builder.ts';
import { requireSuppliers, type FlowTemplate } from './template.ts';

export const addressReview: FlowTemplate = {
  id: 'address-review',
  title: 'Address validation → manual review',
  description:
    'Checks the shipping address with the address service before routing. An undeliverable address holds the order for review and asks the customer to confirm it; a corrected one is tagged; then the order routes by failover.',
  trigger: 'order.received',
  supplierSlots: [{ title: 'Primary supplier' }, { title: 'Secondary supplier' }],
  build(suppliers, options = {}) {
    requireSuppliers(addressReview, suppliers);
    const b = new FlowBuilder({ id: options.id ?? addressReview.id, name: options.name ?? addressReview.title, trigger: addressReview.trigger });
    const bad = b.add('condition', { condition: { fact: 'addressValidation.verdict', operator: 'equal', value: 'undeliverable' } }, { id: 'undeliverable' });
    const hold = b.add('hold', { reason: 'The shipping address could not be validated' }, { id: 'hold-address' });
    const ask = b.add('notify-customer', { template: 'confirm-address', channel: 'email' }, { id: 'ask-customer' });
    const corrected = b.add('condition', { condition: { fact: 'addressValidation.verdict', operator: 'equal', value: 'corrected' } }, { id: 'corrected' });
    const tag = b.add('add-tag', { tags: ['address-corrected'] }, { id: 'tag-corrected' });
    const route = b.add('route-failover', { suppliers: [...suppliers] }, { id: 'failover' });
    const noSupplier = b.add('hold', { reason: 'No supplier in the failover chain can take the order' }, { id: 'hold-no-supplier' });
    b.connect(b.start, 'out', bad)
      .connect(bad, 'true', hold)
      .connect(hold, 'out', ask)
      .connect(bad, 'false', corrected)
      .connect(corrected, 'true', tag)
      .connect(tag, 'out', route)
      .connect(corrected, 'false', route)
      .connect(route, 'none', noSupplier);
    return b.build();
  },
};
