import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvSupplierConfig } from './config.ts';
import { EXAMPLE_CSV_SUPPLIER_CONFIG } from './example-config.ts';
import { fileNameFor } from './order-fields.ts';
import { renderOrderFile } from './order-file.ts';
import { SAMPLE_PO } from './sample-po.ts';


describe('CSV order file', () => {
  const config = csvSupplierConfig.parse({ ...EXAMPLE_CSV_SUPPLIER_CONFIG, host: 'h', username: 'u' });

  it('writes one row per line with the configured columns, fixed values and header', () => {
    const text = renderOrderFile(config.orders, SAMPLE_PO);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ Account: 'NW-20417', 'PO Number': 'PO-4P0Q1ZVCXQ1X', Line: '1', Item: 'NW-MUG-01', Quantity: '2', 'Unit Cost': '4.10', 'Address 2': 'Apt "B", 2nd floor', State: 'KY', Country: 'US' });
    expect(rows[1]).toMatchObject({ Line: '2', Item: 'NW-TEE-02', Quantity: '1', 'Unit Cost': '' });
    expect(text.split('\r\n')[0]).toBe('Account,PO Number,Line,Item,Description,Quantity,Unit Cost,Ship To Name,Address 1,Address 2,City,State,Postal Code,Country,Phone,Ship Method');
  });

  it('keeps a spreadsheet from reading a title as a formula', () => {
    const rows = parse(renderOrderFile(config.orders, SAMPLE_PO), { columns: true }) as Record<string, string>[];
    expect(rows[1]!.Description).toBe(`'=HYPERLINK("x")`);
  });

  it('uses the default layout, another delimiter and no header when told', () => {
    const plain = csvSupplierConfig.parse({ host: 'h', username: 'u', orders: { delimiter: ';', header: false } });
    const lines = renderOrderFile(plain.orders, SAMPLE_PO).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.split(';').slice(0, 6)).toEqual(['PO-4P0Q1ZVCXQ1X', '2026-03-01', '1', 'NW-MUG-01', 'Mug, blue', '2']);
  });

  it('names the file after the PO, safely, and refuses a template without {po}', () => {
    expect(fileNameFor('DROPLINE_{po}_{orderNumber}.csv', SAMPLE_PO)).toBe('DROPLINE_PO-4P0Q1ZVCXQ1X__1001.csv');
    expect(csvSupplierConfig.safeParse({ host: 'h', username: 'u', orders: { fileName: 'orders.csv' } }).success).toBe(false);
    expect(csvSupplierConfig.safeParse({ host: 'h', username: 'u', orders: { columns: [{ header: 'X' }] } }).success).toBe(false);
  });
});
