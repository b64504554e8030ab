/** @module A purchase order as the hub hands it to a supplier connector, for the file-trading connectors' tests. */
import type { PlaceOrderInput } from '../sdk/actions.ts';

export const SAMPLE_PO: PlaceOrderInput = {
  supplierOrderId: 'PO-4P0Q1ZVCXQ1X',
  order: {
    id: 'ord_1',
    number: '#1001',
    currency: 'USD',
    placedAt: '2026-03-01T10:15:00.000Z',
    shippingAddress: { name: 'Bob Norman', line1: 'Chestnut Street 92', line2: 'Apt "B", 2nd floor', city: 'Louisville', region: 'KY', postalCode: '40202', country: 'US', phone: '+1 555 0100' },
    customer: { email: 'bob@example.com', firstName: 'Bob', lastName: 'Norman' },
    shippingMethod: 'Standard',
  },
  lines: [
    { lineId: '11', sku: 'MUG', supplierSku: 'NW-MUG-01', title: 'Mug, blue', quantity: 2, unitCost: '4.10' },
    { lineId: '12', sku: 'TEE', supplierSku: 'NW-TEE-02', title: '=HYPERLINK("x")', quantity: 1 },
  ],
};
