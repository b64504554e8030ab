/** @module `/api/catalog`: which supplier items fulfil which store SKUs, and the stock suppliers report. */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Database } from '../../db/database.ts';
import { normaliseCatalogItems } from '../../catalog/catalog-import.ts';
import type { CatalogRepository } from '../../catalog/catalog-repository.ts';
import type { ApiEnv } from '../api-env.ts';
import { CatalogItemSchema, problemResponses } from '../schemas.ts';

const security = [{ bearer: [] }];
const tags = ['Catalog'];

const CandidateSchema = CatalogItemSchema.extend({ stock: z.number().int().nullable(), stockUpdatedAt: z.string().nullable() }).openapi('CatalogCandidate');

export function catalogRoutes(deps: { db: Database; catalog: CatalogRepository }) {
  const app = new OpenAPIHono<ApiEnv>();

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/catalog/items',
      tags,
      security,
      summary: 'Add or change catalog mappings (supplier SKU → store SKU, priority, cost)',
      request: { body: { required: true, content: { 'application/json': { schema: z.object({ items: z.array(CatalogItemSchema).max(10_000) }) } } } },
      responses: { 200: { description: 'Applied', content: { 'application/json': { schema: z.object({ applied: z.number().int() }) } } }, ...problemResponses(401, 422) },
    }),
    async (c) => {
      const { items } = c.req.valid('json');
      // A bad barcode fails the request naming `items[i].gtin`; good ones are stored as GTIN-14.
      const valid = normaliseCatalogItems(items);
      await deps.db.transaction((tx) => deps.catalog.upsertItems(tx, valid, Date.now()));
      return c.json({ applied: items.length }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/catalog/items',
      tags,
      security,
      summary: 'Suppliers for store SKUs, with their reported stock',
      request: { query: z.object({ sku: z.string().openapi({ description: 'Comma-separated store SKUs' }) }) },
      responses: { 200: { description: 'Mappings', content: { 'application/json': { schema: z.object({ items: z.array(CandidateSchema) }) } } }, ...problemResponses(400, 401) },
    }),
    async (c) => {
      const skus = c.req.valid('query').sku.split(',').map((s) => s.trim()).filter(Boolean);
      const rows = await deps.catalog.candidates(deps.db.q, skus);
      return c.json({ items: rows.map((r) => ({ ...r, stockUpdatedAt: r.stockUpdatedAt === null ? null : new Date(r.stockUpdatedAt).toISOString() })) }, 200);
    },
  );

  return app;
}
