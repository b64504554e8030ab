/** @module What a retailer writes to connect an EDI supplier: the SFTP host, folders and partner ids. */
import type { z } from 'zod';
import type { ediSupplierConfig } from './config.ts';

export const EXAMPLE_EDI_SUPPLIER_CONFIG = {
  host: 'edi.summit-distribution.example',
  port: 22,
  username: 'DROPLINE',
  pollIntervalSeconds: 300,
  folders: { outbound: '/inbound', inbound: '/outbound', archive: '/archive' },
  interchange: {
    senderQualifier: 'ZZ',
    senderId: 'DROPLINERTL',
    receiverQualifier: '12',
    receiverId: '8005551234',
    usage: 'P',
    version: '00401',
    groupVersion: '004010',
  },
  purchaseOrderType: 'DS',
  currency: 'USD',
  inventoryFull: false,
} satisfies z.input<typeof ediSupplierConfig>;
