/**
 * @module Starter: per line by SKU, express SKUs to the fastest supplier and everything else to the
 * cheapest; lines neither can place go to any supplier that carries them, even without a stock report.
 */
import { FlowBuilder } from './flow-builder.ts';
import { requireSuppliers, type FlowTemplate } from './template.ts';

export const skuCostSpeedRouting: FlowTemplate<{ fastSkus: string[] }> = {
  id: 'sku-cost-speed',
  title: 'SKU-level cost / speed routing',
  description:
    'Per line: SKUs that must arrive fast (EXPRESS-* by default) go to the supplier with the shortest lead time, all others to the cheapest supplier with stock. Lines neither can place try every supplier that carries them; the rest are held.',
  trigger: 'order.received',
  supplierSlots: [{ title: 'Supplier', description: 'Any suppliers to choose from; the first is also the last resort' }],
  build(suppliers, options = {}) {
    requireSuppliers(skuCostSpeedRouting, suppliers);
    const b = new FlowBuilder({ id: options.id ?? skuCostSpeedRouting.id, name: options.name ?? skuCostSpeedRouting.title, trigger: skuCostSpeedRouting.trigger });
    const bySku = b.add(
      'route-by-sku',
      { rules: [{ skus: options.fastSkus ?? ['EXPRESS-*'], strategy: 'fastest' }], otherwise: 'cheapest' },
      { id: 'by-sku' },
    );
    const anyCarrier = b.add('route-failover', { suppliers: [...suppliers], stock: 'allow-unknown' }, { id: 'any-supplier' });
    const hold = b.add('hold', { reason: 'No supplier can take a line' }, { id: 'hold-no-supplier' });
    b.connect(b.start, 'out', bySku).connect(bySku, 'none', anyCarrier).connect(anyCarrier, 'none', hold);
    return b.build();
  },
};
