/**
 * @module Starter: hold orders that look like fraud (many orders from one email or IP in a day, or billing
 * and shipping in different countries) before any supplier sees them; route the rest by failover.
 */
import { FlowBuilder } from './flow-builder.ts';
import { requireSuppliers, type FlowTemplate } from './template.ts';

export const fraudHold: FlowTemplate<{ maxOrdersPerDay: number }> = {
  id: 'fraud-hold',
  title: 'Fraud hold',
  description:
    'Holds an order for review when the same email or IP placed more than 3 orders in 24 hours (fraud velocity), or when it bills to one country and ships to another; other orders route by failover.',
  trigger: 'order.received',
  supplierSlots: [{ title: 'Primary supplier' }, { title: 'Secondary supplier' }],
  build(suppliers, options = {}) {
    requireSuppliers(fraudHold, suppliers);
    const max = options.maxOrdersPerDay ?? 3;
    const b = new FlowBuilder({ id: options.id ?? fraudHold.id, name: options.name ?? fraudHold.title, trigger: fraudHold.trigger });
    const suspicious = b.add(
      'condition',
      {
        condition: {
          any: [
            { fact: 'customer.recentOrders.count', params: { by: 'email', windowHours: 24 }, operator: 'greaterThan', value: max },
            { fact: 'customer.recentOrders.count', params: { by: 'ip', windowHours: 24 }, operator: 'greaterThan', value: max },
            {
              all: [
                { fact: 'order.billingAddress.country', operator: 'isPresent' },
                { fact: 'order.shippingAddress.country', operator: 'notEqual', valueFact: { fact: 'order.billingAddress.country' } },
              ],
            },
          ],
        },
      },
      { id: 'looks-like-fraud', label: 'Velocity or country mismatch' },
    );
    const tag = b.add('add-tag', { tags: ['fraud-review'] }, { id: 'tag-fraud' });
    const hold = b.add('hold', { reason: 'Possible fraud: order velocity over the limit or billing and shipping countries differ' }, { id: 'hold-fraud' });
    const route = b.add('route-failover', { suppliers: [...suppliers] }, { id: 'failover' });
    const noSupplier = b.add('hold', { reason: 'No supplier in the failover chain can take the order' }, { id: 'hold-no-supplier' });
    b.connect(b.start, 'out', suspicious)
      .connect(suspicious, 'true', tag)
      .connect(tag, 'out', hold)
      .connect(suspicious, 'false', route)
      .connect(route, 'none', noSupplier);
    return b.build();
  },
};
