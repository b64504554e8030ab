/** @module Starter: primary, then secondary (then any others), then hold for a person. */
import { FlowBuilder } from './flow-builder.ts';
import { requireSuppliers, type FlowTemplate } from './template.ts';

export const primarySecondaryFailover: FlowTemplate = {
  id: 'primary-secondary-failover',
  title: 'Primary / secondary failover',
  description:
    'Every line goes to the primary supplier if it has stock, else the secondary, and so on. When a supplier rejects or backorders, the order comes back without it and the next one takes over; when none is left, the order is held for review.',
  trigger: 'order.received',
  supplierSlots: [{ title: 'Primary supplier' }, { title: 'Secondary supplier' }],
  build(suppliers, options = {}) {
    requireSuppliers(primarySecondaryFailover, suppliers);
    const b = new FlowBuilder({ id: options.id ?? primarySecondaryFailover.id, name: options.name ?? primarySecondaryFailover.title, trigger: primarySecondaryFailover.trigger });
    const route = b.add('route-failover', { suppliers: [...suppliers] }, { id: 'failover' });
    const hold = b.add('hold', { reason: 'No supplier in the failover chain can take the order' }, { id: 'hold-no-supplier' });
    b.connect(b.start, 'out', route).connect(route, 'none', hold);
    return b.build();
  },
};
