/**
 * @module What a retailer writes to connect a CSV supplier (here one whose files look like the fake's,
 * FAKE_CSV_LAYOUT): host and folders, the columns of our order file, and which of their columns say what.
 */
import type { z } from 'zod';
import type { csvSupplierConfig } from './config.ts';

export const EXAMPLE_CSV_SUPPLIER_CONFIG = {
  host: 'sftp.northwind-wholesale.example',
  port: 22,
  username: 'dropline',
  pollIntervalSeconds: 300,
  archiveFolder: '/archive',
  orders: {
    folder: '/in',
    fileName: 'DROPLINE_{po}.csv',
    columns: [
      { header: 'Account', value: 'NW-20417' },
      { header: 'PO Number', field: 'po' },
      { header: 'Line', field: 'lineNumber' },
      { header: 'Item', field: 'supplierSku' },
      { header: 'Description', field: 'title' },
      { header: 'Quantity', field: 'quantity' },
      { header: 'Unit Cost', field: 'unitCost' },
      { header: 'Ship To Name', field: 'shipName' },
      { header: 'Address 1', field: 'shipAddress1' },
      { header: 'Address 2', field: 'shipAddress2' },
      { header: 'City', field: 'shipCity' },
      { header: 'State', field: 'shipRegion' },
      { header: 'Postal Code', field: 'shipPostalCode' },
      { header: 'Country', field: 'shipCountry' },
      { header: 'Phone', field: 'shipPhone' },
      { header: 'Ship Method', field: 'shippingMethod' },
    ],
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
