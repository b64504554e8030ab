/**
 * @module Bulk import of catalog mappings (supplier SKU → store SKU), from JSON or a CSV with a column
 * mapping. A row names its store SKU directly or by barcode: a GTIN that matches exactly one store SKU.
 *
 * An import is partial by design: a supplier's 20,000-line item list should not fail on one bad barcode.
 * Good rows are applied, bad ones come back with the field (and CSV line and column) at fault.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { MoneySchema, type FieldIssue } from '@dropline/connectors/model';
import { ValidationError } from '@dropline/connectors/sdk';
import type { Database } from '../db/database.ts';
import type { CatalogItemInput, CatalogRepository } from './catalog-repository.ts';
import { checkGtin } from './gtin.ts';
import type { StoreProductRepository } from './store-product-repository.ts';

export const MappingRowSchema = z.object({
  supplierId: z.string().trim().min(1),
  supplierSku: z.string().trim().min(1),
  sku: z.string().trim().min(1).nullish(),
  gtin: z.string().trim().nullish(),
  priority: z.coerce.number().int().nonnegative().optional(),
  cost: MoneySchema.nullish(),
  currency: z.string().trim().length(3).nullish(),
  msrp: MoneySchema.nullish(),
  map: MoneySchema.nullish(),
});
export type MappingRow = z.input<typeof MappingRowSchema>;

export const MAPPING_FIELDS = Object.keys(MappingRowSchema.shape) as (keyof MappingRow)[];

export interface RejectedRow {
  /** 0-based index in the JSON array, or the CSV line number (1-based, header is line 1). */
  row: number;
  field: string;
  /** The CSV column the field came from. */
  column?: string;
  message: string;
}

export interface ImportResult {
  applied: number;
  rejected: RejectedRow[];
}

const BATCH = 1_000;

/** Validates `items` for a strict write (PUT /api/catalog/items): any bad GTIN fails the request, naming `items[i].gtin`. */
export function normaliseCatalogItems(items: CatalogItemInput[]): CatalogItemInput[] {
  const issues: FieldIssue[] = [];
  const out = items.map((item, i) => {
    if (!item.gtin) return item;
    const r = checkGtin(item.gtin);
    if (!r.ok) {
      issues.push({ field: `items[${i}].gtin`, message: r.message });
      return item;
    }
    return { ...item, gtin: r.gtin };
  });
  if (issues.length) throw new ValidationError(`${issues.length} invalid GTIN(s): ${issues[0]!.field}: ${issues[0]!.message}`, issues);
  return out;
}

export class CatalogImport {
  constructor(
    private readonly deps: { db: Database; catalog: CatalogRepository; products: StoreProductRepository },
  ) {}

  /** Rows as objects (JSON). `rowNumber(i)` maps an index to what the caller reports (CSV line). */
  async importRows(rows: unknown[], options: { rowNumber?: (i: number) => number; columnOf?: (field: string) => string | undefined; now?: number } = {}): Promise<ImportResult> {
    const now = options.now ?? Date.now();
    const at = options.rowNumber ?? ((i: number) => i);
    const rejected: RejectedRow[] = [];
    const reject = (i: number, field: string, message: string) => {
      const column = options.columnOf?.(field);
      rejected.push({ row: at(i), field, ...(column ? { column } : {}), message });
    };
    let applied = 0;
    for (let start = 0; start < rows.length; start += BATCH) {
      const parsed: { i: number; row: z.output<typeof MappingRowSchema>; gtin: string | null }[] = [];
      rows.slice(start, start + BATCH).forEach((raw, k) => {
        const i = start + k;
        const r = MappingRowSchema.safeParse(raw);
        if (!r.success) {
          const issue = r.error.issues[0]!;
          reject(i, issue.path.join('.') || '(row)', issue.message);
          return;
        }
        let gtin: string | null = null;
        if (r.data.gtin) {
          const g = checkGtin(r.data.gtin);
          if (!g.ok) return reject(i, 'gtin', g.message);
          gtin = g.gtin;
        }
        if (!r.data.sku && !gtin) return reject(i, 'sku', 'give the store SKU or a barcode (gtin) that identifies it');
        parsed.push({ i, row: r.data, gtin });
      });
      applied += await this.deps.db.transaction(async (tx) => {
        const byBarcode = await this.deps.products.skusByBarcode(tx, parsed.filter((p) => !p.row.sku && p.gtin).map((p) => p.gtin!));
        const items: CatalogItemInput[] = [];
        const prices: Map<string, { sku: string; msrp?: string; map?: string }[]> = new Map();
        for (const { i, row, gtin } of parsed) {
          let sku = row.sku ?? undefined;
          if (!sku) {
            const skus = byBarcode.get(gtin!) ?? [];
            if (skus.length === 0) {
              reject(i, 'gtin', 'no store product has this barcode');
              continue;
            }
            if (skus.length > 1) {
              reject(i, 'gtin', `barcode matches several store SKUs (${skus.join(', ')}); give the SKU`);
              continue;
            }
            sku = skus[0]!;
          }
          items.push({ supplierId: row.supplierId, supplierSku: row.supplierSku, sku, gtin, priority: row.priority, cost: row.cost ?? null, currency: row.currency ?? null });
          if (row.msrp || row.map) {
            const list = prices.get(row.supplierId) ?? [];
            list.push({ sku: row.supplierSku, ...(row.msrp ? { msrp: row.msrp } : {}), ...(row.map ? { map: row.map } : {}) });
            prices.set(row.supplierId, list);
          }
        }
        await this.deps.catalog.upsertItems(tx, items, now);
        for (const [supplierId, list] of prices) await this.deps.catalog.applyItemPrices(tx, supplierId, list, now);
        return items.length;
      });
    }
    rejected.sort((a, b) => a.row - b.row);
    return { applied, rejected };
  }

  /**
   * A CSV with a header line. `columns` maps a mapping field to its header (`{ "supplierSku": "Item #",
   * "gtin": "UPC" }`); fields not mapped are read from a header of their own name. `constants` fills
   * fields the file doesn't have (the supplier id of a supplier's own item list).
   */
  async importCsv(text: string, columns: Partial<Record<keyof MappingRow, string>>, constants: Partial<MappingRow> = {}, now?: number): Promise<ImportResult> {
    let records: Record<string, string>[];
    try {
      records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
    } catch (err) {
      throw new ValidationError(`the CSV could not be read: ${(err as Error).message}`, [{ field: 'file', message: (err as Error).message }], 'csv_invalid');
    }
    const headers = records.length ? Object.keys(records[0]!) : [];
    for (const [field, header] of Object.entries(columns)) {
      if (!MAPPING_FIELDS.includes(field as keyof MappingRow)) {
        throw new ValidationError(`unknown mapping field "${field}"`, [{ field: `columns.${field}`, message: `expected one of: ${MAPPING_FIELDS.join(', ')}` }]);
      }
      if (records.length && !headers.includes(header!)) {
        throw new ValidationError(`the CSV has no column "${header}"`, [{ field: `columns.${field}`, message: `no column "${header}"; the file has: ${headers.join(', ')}` }]);
      }
    }
    const columnOf = (field: string) => columns[field as keyof MappingRow] ?? (headers.includes(field) ? field : undefined);
    const rows = records.map((rec) => {
      const row: Record<string, unknown> = { ...constants };
      for (const field of MAPPING_FIELDS) {
        const header = columnOf(field);
        const value = header ? rec[header] : undefined;
        if (value !== undefined && value !== '') row[field] = value;
      }
      return row;
    });
    // Line numbers as a spreadsheet shows them: the header is line 1.
    return this.importRows(rows, { rowNumber: (i) => i + 2, columnOf, now });
  }
}
