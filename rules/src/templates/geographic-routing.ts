/** @module Starter: route by ship-to region to the nearest supplier, with the others as fallback. */
import { FlowBuilder } from './flow-builder.ts';
import { requireSuppliers, type FlowTemplate } from './template.ts';

export const NORTH_AMERICA = ['US', 'CA', 'MX'];
export const EUROPE = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL',
  'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'GB', 'CH', 'NO', 'IS',
];
export const ASIA_PACIFIC = ['AU', 'NZ', 'JP', 'KR', 'CN', 'HK', 'TW', 'SG', 'MY', 'TH', 'PH', 'ID', 'VN', 'IN'];

export const geographicRouting: FlowTemplate = {
  id: 'geographic-routing',
  title: 'Geographic routing',
  description:
    'Orders ship from the supplier nearest to the customer: North America, Europe or Asia-Pacific; the other suppliers are the fallback, and when none can take a line the order is held.',
  trigger: 'order.received',
  supplierSlots: [{ title: 'North America supplier' }, { title: 'Europe supplier' }, { title: 'Asia-Pacific supplier' }],
  build(suppliers, options = {}) {
    requireSuppliers(geographicRouting, suppliers);
    const [na, eu, apac] = suppliers as [string, string, string];
    const b = new FlowBuilder({ id: options.id ?? geographicRouting.id, name: options.name ?? geographicRouting.title, trigger: geographicRouting.trigger });
    const route = b.add(
      'route-nearest',
      {
        areas: [
          { label: 'North America', countries: NORTH_AMERICA, suppliers: [na] },
          { label: 'Europe', countries: EUROPE, suppliers: [eu] },
          { label: 'Asia-Pacific', countries: ASIA_PACIFIC, suppliers: [apac] },
        ],
        fallback: [...suppliers],
      },
      { id: 'nearest' },
    );
    const hold = b.add('hold', { reason: 'No supplier can ship to this address' }, { id: 'hold-no-supplier' });
    b.connect(b.start, 'out', route).connect(route, 'none', hold);
    return b.build();
  },
};
