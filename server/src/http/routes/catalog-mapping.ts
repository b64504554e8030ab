/**
 * @module `/api/catalog/products`, `/api/catalog/import` and `/api/catalog/unmatched`: the stores'
 * products (barcode, brand, category, price, safety buffer), bulk mapping imports (JSON, or CSV with a
 * column mapping), and what the mapping leaves out.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { ValidationError } from '@dropline/connectors/sdk';
import type { CatalogImport, ImportResult } from '../../catalog/catalog-import.ts';
import { MappingRowSchema } from '../../catalog/catalog-import.ts';
import { StoreProductInputSchema, validateStoreProducts, type StoreProductRepository, type StoreProductRow } from '../../catalog/store-product-repository.ts';
import { unmatchedReport } from '../../catalog/unmatched-report.ts';
import type { ConnectorService } from '../../connectors/connector-service.ts';
import type { Database } from '../../db/database.ts';
import { inventoryParticipants, type InventorySync } from '../../inventory/inventory-sync.ts';
import { newId } from '../../ids.ts';
import type { ApiEnv } from '../api-env.ts';
import { iso, problemResponses } from '../schemas.ts';

const security = [{ bearer: [] }];
const tags = ['Catalog'];

const StoreProductSchema = StoreProductInputSchema.extend({
  storeId: z.string(),
  pushedQuantity: z.number().int().nullable(),
  pushedPrice: z.string().nullable(),
  updatedAt: z.string(),
}).openapi('StoreProduct');

const ImportResultSchema = z
  .object({
    applied: z.number().int(),
    rejected: z.array(z.object({ row: z.number().int(), field: z.string(), column: z.string().optional(), message: z.string() })),
  })
  .openapi('CatalogImportResult');

const CsvImportForm = z.object({
  file: z.any().optional().openapi({ type: 'string', format: 'binary', description: 'The CSV, with a header line' }),
  columns: z.string().optional().openapi({ description: 'JSON: mapping field → CSV header, e.g. {"supplierSku":"Item #","gtin":"UPC","cost":"Unit Cost"}' }),
  supplierId: z.string().optional().openapi({ description: 'For every row, when the file has no supplier column' }),
  currency: z.string().optional(),
});

export function catalogMappingRoutes(deps: { db: Database; products: StoreProductRepository; imports: CatalogImport; sync: InventorySync; connectors: ConnectorService }) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/catalog/products',
      tags,
      security,
      summary: 'Add or change store products (fields left out keep their value); quantities are recomputed for them',
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ storeId: z.string().min(1), items: z.array(z.record(z.string(), z.unknown())).max(10_000) }) } },
        },
      },
      responses: {
        200: { description: 'Applied', content: { 'application/json': { schema: z.object({ applied: z.number().int(), pushed: z.number().int() }) } } },
        ...problemResponses(401, 404, 422),
      },
    }),
    async (c) => {
      const { storeId, items } = c.req.valid('json');
      const store = await deps.connectors.get(storeId);
      if (store.kind !== 'store') throw new ValidationError(`connector "${storeId}" is not a store`, [{ field: 'storeId', message: `a ${store.kind} connector` }]);
      const parsed = validateStoreProducts(items);
      const who = await inventoryParticipants(deps.connectors);
      const key = newId('prd');
      const out = await deps.db.transaction(async (tx) => {
        await deps.products.upsert(tx, storeId, parsed, Date.now());
        return deps.sync.syncStoreSkus(tx, parsed.map((p) => p.sku), who, key);
      });
      return c.json({ applied: parsed.length, pushed: out.pushed }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/catalog/products',
      tags,
      security,
      summary: 'Store products, by store and SKU',
      request: {
        query: z.object({
          storeId: z.string().optional(),
          sku: z.string().optional().openapi({ description: 'Comma-separated SKUs' }),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
      responses: { 200: { description: 'Products', content: { 'application/json': { schema: z.object({ items: z.array(StoreProductSchema) }) } } }, ...problemResponses(400, 401) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const skus = q.sku?.split(',').map((s) => s.trim()).filter(Boolean);
      const rows = await deps.products.list({ storeId: q.storeId, skus, limit: q.limit });
      return c.json({ items: rows.map(productView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/catalog/import',
      tags,
      security,
      summary: 'Bulk import mappings: supplier SKU → store SKU, given directly or by barcode (GTIN); bad rows come back, good ones apply',
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ items: z.array(z.record(z.string(), z.unknown())).max(50_000) }) } } } },
      responses: { 200: { description: 'Result', content: { 'application/json': { schema: ImportResultSchema } } }, ...problemResponses(401, 422) },
    }),
    async (c) => c.json(await deps.imports.importRows(c.req.valid('json').items), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/catalog/import/csv',
      tags,
      security,
      summary: 'Bulk import mappings from a CSV with a column mapping (multipart form, or a text/csv body with `columns` and `supplierId` in the query)',
      description: `Mapping fields: ${Object.keys(MappingRowSchema.shape).join(', ')}. Rejected rows name their CSV line (the header is line 1), field and column.`,
      request: {
        query: z.object({ columns: z.string().optional(), supplierId: z.string().optional(), currency: z.string().optional() }),
        body: { required: true, content: { 'multipart/form-data': { schema: CsvImportForm }, 'text/csv': { schema: z.string() } } },
      },
      responses: { 200: { description: 'Result', content: { 'application/json': { schema: ImportResultSchema } } }, ...problemResponses(400, 401, 422) },
    }),
    async (c) => {
      const type = c.req.header('content-type') ?? '';
      let text: string;
      let fields: { columns?: string; supplierId?: string; currency?: string };
      if (type.toLowerCase().startsWith('multipart/form-data')) {
        const form = c.req.valid('form') as z.output<typeof CsvImportForm>;
        if (!(form.file instanceof File)) throw new ValidationError('the form has no file', [{ field: 'file', message: 'required: the CSV file' }]);
        text = await form.file.text();
        fields = form;
      } else {
        text = await c.req.text();
        fields = c.req.valid('query');
      }
      let columns: Record<string, string> = {};
      if (fields.columns) {
        try {
          columns = z.record(z.string(), z.string()).parse(JSON.parse(fields.columns));
        } catch {
          throw new ValidationError('columns is not a JSON object of field → header', [{ field: 'columns', message: 'expected {"supplierSku": "Item #", …}' }]);
        }
      }
      const constants = { ...(fields.supplierId ? { supplierId: fields.supplierId } : {}), ...(fields.currency ? { currency: fields.currency } : {}) };
      const result: ImportResult = await deps.imports.importCsv(text, columns, constants);
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/catalog/unmatched',
      tags,
      security,
      summary: 'Store SKUs no supplier carries, and supplier items that reach no store SKU',
      request: { query: z.object({ storeId: z.string().optional(), supplierId: z.string().optional(), limit: z.coerce.number().int().min(1).max(5000).default(500) }) },
      responses: {
        200: {
          description: 'Report',
          content: {
            'application/json': {
              schema: z
                .object({
                  storeSkus: z.object({ total: z.number().int(), items: z.array(z.object({ storeId: z.string(), sku: z.string(), title: z.string().nullable(), barcode: z.string().nullable() })) }),
                  supplierItems: z.object({
                    total: z.number().int(),
                    items: z.array(z.object({ supplierId: z.string(), supplierSku: z.string(), sku: z.string().nullable(), reason: z.enum(['store_sku_unknown', 'not_mapped']) })),
                  }),
                })
                .openapi('UnmatchedReport'),
            },
          },
        },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => c.json(await unmatchedReport(deps.db, c.req.valid('query')), 200),
  );

  return app;
}

function productView(p: StoreProductRow) {
  return { ...p, tags: p.tags, updatedAt: iso(p.updatedAt)! };
}
