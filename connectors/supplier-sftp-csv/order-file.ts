/** @module Our purchase order as the supplier's CSV: one row per line, columns as configured. */
import { stringify } from 'csv-stringify/sync';
import type { PlaceOrderInput } from '../sdk/actions.ts';
import type { CsvSupplierConfig } from './config.ts';
import { orderLineRecords } from './order-fields.ts';

export function renderOrderFile(orders: CsvSupplierConfig['orders'], input: PlaceOrderInput): string {
  const rows = orderLineRecords(input).map((record) => orders.columns.map((c) => (c.field ? record[c.field] : (c.value ?? ''))));
  return stringify(rows, {
    delimiter: orders.delimiter,
    header: orders.header,
    columns: orders.columns.map((c) => c.header),
    // CRLF: what spreadsheet tools and most suppliers' importers expect (RFC 4180).
    record_delimiter: 'windows',
    // A leading "=", "+", "-" or "@" is a formula to a spreadsheet; suppliers open these files in one.
    cast: { string: (value) => (/^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value) },
  });
}
