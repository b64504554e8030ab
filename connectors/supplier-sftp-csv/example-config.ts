/**
 * @module What a retailer writes to connect a CSV supplier (here one whose files look like the fake's,
 * FAKE_CSV_LAYOUT): host and folders, the columns of our order file, and which of their columns say what.
 */
import type { z } from 'zod';
import { DEFAULT_ORDER_COLUMNS, type csvSupplierConfig } from './config.ts';

export const EXAMPLE_CSV_SUPPLIER_CONFIG = {
  host: 'sftp.northwind-wholesale.example',
  port: 22,
  username: 'dropline',
  pollIntervalSeconds: 300,
  archiveFolder: '/archive',
  orders: {
    folder: '/in',
    fileName: 'DROPLINE_{po}.csv',
    // The default columns less the order date, after a fixed account column this supplier asks for.
    columns: [{ header: 'Account', value: 'NW-20417' }, ...DEFAULT_ORDER_COLUMNS.filter((c) => c.field !== 'placedDate')],
  },
  acknowledgments: {
    folder: '/out/acks',
    columns: { po: 'PO_NUMBER', sku: 'VENDOR_SKU', quantity: 'QTY', status: 'ACK_CODE', reason: 'NOTE', reference: 'SO_NUMBER' },
    statuses: { accepted: ['IA'], backordered: ['IB'], rejected: ['IR'] },
  },
  shipments: {
    folder: '/out/shipments',
    columns: { po: 'PO_NUMBER', sku: 'VENDOR_SKU', quantity: 'QTY_SHIPPED', carrier: 'CARRIER', trackingNumber: 'TRACKING_NO', shippedAt: 'SHIP_DATE' },
  },
  inventory: {
    folder: '/out/inventory',
    full: true,
    currency: 'USD',
    columns: { sku: 'VENDOR_SKU', quantity: 'QTY_AVAILABLE', cost: 'UNIT_COST' },
  },
} satisfies z.input<typeof csvSupplierConfig>;
