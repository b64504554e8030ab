/**
 * @module Configuration of `sftp-csv-supplier`: where the supplier's folders are, how our order file
 * is laid out (column by column), and which columns of their files say what.
 */
import { z } from 'zod';
import { CurrencyCodeSchema } from '../model/currencies.ts';
import { ORDER_FIELDS } from './order-fields.ts';
import { SftpConnectionSchema } from './sftp-client.ts';

const folder = (title: string, fallback: string) =>
  z.string().regex(/^\/[^\0]*$/, 'expected an absolute path such as /outbound/acks').default(fallback).meta({ title });

export const OrderColumnSchema = z
  .object({
    header: z.string().min(1).meta({ title: 'Column header' }),
    field: z.enum(ORDER_FIELDS).optional().meta({ title: 'Order field' }),
    value: z.string().optional().meta({ title: 'Fixed value', description: 'The same text in every row (an account number, say)' }),
  })
  .refine((c) => (c.field === undefined) !== (c.value === undefined), { message: 'give either a field or a fixed value', path: ['field'] });

export const DEFAULT_ORDER_COLUMNS: z.input<typeof OrderColumnSchema>[] = [
  { header: 'PO Number', field: 'po' },
  { header: 'Order Date', field: 'placedDate' },
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
];

/** Header names are matched case- and space-insensitively. */
const column = (title: string, fallback: string) => z.string().min(1).default(fallback).meta({ title });
const optionalColumn = (title: string) => z.string().min(1).optional().meta({ title });

const statusList = (fallback: string[]) => z.array(z.string().min(1)).min(1).default(fallback);

export const csvSupplierConfig = SftpConnectionSchema.extend({
  pollIntervalSeconds: z.number().int().min(1).default(300).meta({ title: 'Poll every (seconds)' }),
  minFileAgeSeconds: z
    .number()
    .int()
    .min(0)
    .default(10)
    .meta({ title: 'Leave new files for (seconds)', description: 'A file is read only once it is this old, in case the supplier is still writing it', ui: { advanced: true } }),
  maxFilesPerPoll: z.number().int().min(1).default(200).meta({ title: 'Files per poll, at most', ui: { advanced: true } }),
  archiveFolder: folder('Archive folder', '/archive').meta({ description: 'Processed files move here (a subfolder per kind); unreadable ones to its failed/ subfolder' }),
  orders: z
    .object({
      folder: folder('Order folder', '/in'),
      fileName: z
        .string()
        .regex(/\{po\}/, 'the file name must contain {po}: one file per purchase order, named after it')
        .default('{po}.csv')
        .meta({ title: 'File name', description: 'Template; {po} is the purchase-order number, {orderNumber} the store’s order number' }),
      delimiter: z.string().length(1).default(',').meta({ title: 'Delimiter' }),
      header: z.boolean().default(true).meta({ title: 'Header row' }),
      columns: z.array(OrderColumnSchema).min(1).default(DEFAULT_ORDER_COLUMNS as never).meta({ title: 'Columns', ui: { widget: 'table' } }),
    })
    .prefault({}),
  acknowledgments: z
    .object({
      folder: folder('Acknowledgment folder', '/out/acks'),
      delimiter: z.string().length(1).default(','),
      columns: z
        .object({
          po: column('PO number column', 'PO Number'),
          sku: column('Item column', 'Item'),
          quantity: column('Quantity column', 'Quantity'),
          status: column('Status column', 'Status'),
          lineId: optionalColumn('Line id column'),
          reason: optionalColumn('Reason column'),
          reference: optionalColumn('Supplier order reference column'),
        })
        .prefault({}),
      statuses: z
        .object({
          accepted: statusList(['accepted', 'A', 'IA']),
          backordered: statusList(['backordered', 'B', 'IB']),
          rejected: statusList(['rejected', 'R', 'IR']),
        })
        .prefault({})
        .meta({ title: 'Status values', description: 'What the status column says for each outcome (any case)' }),
    })
    .optional(),
  shipments: z
    .object({
      folder: folder('Shipment folder', '/out/shipments'),
      delimiter: z.string().length(1).default(','),
      columns: z
        .object({
          po: column('PO number column', 'PO Number'),
          sku: column('Item column', 'Item'),
          quantity: column('Quantity column', 'Quantity'),
          carrier: column('Carrier column', 'Carrier'),
          trackingNumber: column('Tracking number column', 'Tracking Number'),
          service: optionalColumn('Service column'),
          shippedAt: optionalColumn('Ship date column'),
        })
        .prefault({}),
    })
    .optional(),
  inventory: z
    .object({
      folder: folder('Inventory folder', '/out/inventory'),
      delimiter: z.string().length(1).default(','),
      full: z.boolean().default(true).meta({ title: 'Full feed', description: 'Each file lists everything the supplier carries (items missing from it are out of stock)' }),
      currency: CurrencyCodeSchema.optional().meta({ title: 'Cost currency', description: 'Set to read costs from the cost column' }),
      columns: z
        .object({
          sku: column('Item column', 'Item'),
          quantity: column('Quantity column', 'Quantity'),
          warehouse: optionalColumn('Warehouse column'),
          cost: optionalColumn('Cost column'),
        })
        .prefault({}),
    })
    .optional(),
});
export type CsvSupplierConfig = z.output<typeof csvSupplierConfig>;
