/**
 * @module Inventory: upload a supplier's stock feed (a CSV body, streamed: a million rows run in bounded
 * memory), fetch one now through the connector, see the feed history, and see a SKU's availability
 * across suppliers with what its stores were last sent.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { Readable } from 'node:stream';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '@dropline/connectors/sdk';
import type { ConnectorService } from '../../connectors/connector-service.ts';
import type { Database } from '../../db/database.ts';
import { ingestCsvFeed, type FeedColumns } from '../../inventory/feed-ingest.ts';
import { inventoryParticipants, type InventorySync } from '../../inventory/inventory-sync.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { newId } from '../../ids.ts';
import { SUPPLIER_JOB_TYPES } from '../../suppliers/supplier-job-types.ts';
import type { ApiEnv } from '../api-env.ts';
import { iso, problemResponses } from '../schemas.ts';

const security = [{ bearer: [] }];
const tags = ['Inventory'];
const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

const FeedResultSchema = z
  .object({
    feedId: z.string(),
    rows: z.number().int(),
    invalid: z.number().int(),
    errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
    stockChanged: z.number().int(),
    costsChanged: z.number().int(),
    zeroed: z.number().int(),
    pushed: z.number().int().openapi({ description: 'Store quantities queued for pushing' }),
    jobs: z.number().int(),
    ms: z.number().int(),
  })
  .openapi('InventoryFeedResult');

export function inventoryRoutes(deps: { db: Database; sync: InventorySync; connectors: ConnectorService; queue: JobQueue; onJobs: () => void }) {
  const app = new OpenAPIHono<ApiEnv>();

  const requireSupplier = async (id: string) => {
    const c = await deps.connectors.get(id).catch(() => undefined);
    if (!c || c.kind !== 'supplier') throw new NotFoundError(`no supplier "${id}"`, 'supplier_not_found');
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/suppliers/{id}/inventory-feed',
      tags,
      security,
      summary: 'Ingest a stock feed (CSV of SKU, quantity, cost): only changes are stored, only changed store quantities are queued',
      description:
        'The body is read as a stream. A header line naming `sku`, `quantity` (or `qty`) and `cost` is recognised; otherwise the columns are taken in that order, or as `columns` says (JSON of header names or 0-based positions). `full=true` also zeroes items the feed does not list.',
      request: {
        params: IdParam,
        query: z.object({ full: z.enum(['true', 'false']).default('false'), columns: z.string().optional() }),
        body: { required: true, content: { 'text/csv': { schema: z.string() } } },
      },
      responses: {
        200: { description: 'Ingested', content: { 'application/json': { schema: FeedResultSchema } } },
        ...problemResponses(400, 401, 404, 422),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      await requireSupplier(id);
      let columns: FeedColumns | undefined;
      if (q.columns) {
        const parsed = z
          .object({ sku: z.union([z.string(), z.number().int()]), quantity: z.union([z.string(), z.number().int()]), cost: z.union([z.string(), z.number().int()]).optional() })
          .safeParse(safeJson(q.columns));
        if (!parsed.success) throw new ValidationError('columns is not {"sku", "quantity", "cost"?} of header names or positions', [{ field: 'columns', message: 'invalid' }]);
        columns = parsed.data;
      }
      const body = c.req.raw.body;
      if (!body) throw new ValidationError('the feed is empty', [{ field: 'body', message: 'required' }]);
      const feedId = newId('feed');
      const result = await ingestCsvFeed(deps, Readable.fromWeb(body as import('node:stream/web').ReadableStream), {
        supplierId: id,
        feedId,
        source: 'upload',
        participants: await inventoryParticipants(deps.connectors),
        columns,
        full: q.full === 'true',
        // A long upload (by its declared size; rows run about 20 bytes) is checked against a snapshot from the start.
        expectedRows: Math.floor(Number(c.req.header('content-length') ?? 0) / 20),
      });
      if (result.jobs) deps.onJobs();
      return c.json({ feedId, ...result }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/suppliers/{id}/inventory-feed/fetch',
      tags,
      security,
      summary: 'Fetch the supplier’s feed now through its connector (as the schedule would)',
      request: { params: IdParam },
      responses: { 202: { description: 'Queued', content: { 'application/json': { schema: z.object({ job: z.number().int() }) } } }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireSupplier(id);
      const [job] = await deps.db.transaction((tx) =>
        deps.queue.enqueue(tx, [{ type: SUPPLIER_JOB_TYPES.fetchInventory, payload: { supplierId: id }, dedupeKey: `fetch-inventory:${id}:manual:${newId('f')}`, maxAttempts: 5 }]),
      );
      deps.onJobs();
      return c.json({ job: job! }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/suppliers/{id}/inventory-feed/runs',
      tags,
      security,
      summary: 'The supplier’s recent feeds: rows, changes, quantities queued for stores',
      request: { params: IdParam, query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }) },
      responses: {
        200: {
          description: 'Feed runs',
          content: {
            'application/json': {
              schema: z.object({
                items: z.array(z.object({ id: z.number().int(), source: z.string(), rows: z.number().int(), changed: z.number().int(), pushed: z.number().int(), startedAt: z.string(), finishedAt: z.string() })),
              }),
            },
          },
        },
        ...problemResponses(401, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireSupplier(id);
      const t = deps.db.t.supplierFeedRuns;
      const rows = await deps.db.q.select().from(t).where(eq(t.supplierId, id)).orderBy(desc(t.id)).limit(c.req.valid('query').limit);
      return c.json({ items: rows.map((r) => ({ id: r.id, source: r.source, rows: r.rows, changed: r.changed, pushed: r.pushed, startedAt: iso(r.startedAt)!, finishedAt: iso(r.finishedAt)! })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/inventory/availability',
      tags,
      security,
      summary: 'Availability of store SKUs across suppliers, and the quantity each store should show and was last sent',
      request: { query: z.object({ sku: z.string().openapi({ description: 'Comma-separated store SKUs (at most 500)' }) }) },
      responses: {
        200: {
          description: 'Availability',
          content: {
            'application/json': {
              schema: z.object({
                items: z.array(
                  z.object({
                    sku: z.string(),
                    available: z.number().int(),
                    suppliers: z.array(z.object({ supplierId: z.string(), supplierSku: z.string(), priority: z.number().int(), stock: z.number().int().nullable(), enabled: z.boolean() })),
                    stores: z.array(z.object({ storeId: z.string(), safetyBuffer: z.number().int(), quantity: z.number().int(), pushedQuantity: z.number().int().nullable() })),
                  }),
                ),
              }),
            },
          },
        },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const skus = [...new Set(c.req.valid('query').sku.split(',').map((s) => s.trim()).filter(Boolean))].slice(0, 500);
      const who = await inventoryParticipants(deps.connectors);
      const enabled = new Set(who.suppliers);
      const { catalogItems: ci, supplierStock: ss, storeProducts: sp } = deps.db.t;
      const mapped = skus.length
        ? await deps.db.q
            .select({ sku: ci.sku, supplierId: ci.supplierId, supplierSku: ci.supplierSku, priority: ci.priority, stock: ss.quantity })
            .from(ci)
            .leftJoin(ss, and(eq(ss.supplierId, ci.supplierId), eq(ss.supplierSku, ci.supplierSku)))
            .where(inArray(ci.sku, skus))
            .orderBy(ci.sku, ci.priority, ci.supplierId)
        : [];
      const products = skus.length ? await deps.db.q.select().from(sp).where(inArray(sp.sku, skus)).orderBy(sp.storeId) : [];
      return c.json(
        {
          items: skus.map((sku) => {
            const suppliers = mapped.filter((m) => m.sku === sku).map((m) => ({ supplierId: m.supplierId, supplierSku: m.supplierSku, priority: m.priority, stock: m.stock, enabled: enabled.has(m.supplierId) }));
            const available = suppliers.reduce((n, s) => n + (s.enabled ? Math.max(0, s.stock ?? 0) : 0), 0);
            const stores = products
              .filter((p) => p.sku === sku)
              .map((p) => ({ storeId: p.storeId, safetyBuffer: p.safetyBuffer, quantity: Math.max(0, available - p.safetyBuffer), pushedQuantity: p.pushedQuantity }));
            return { sku, available, suppliers, stores };
          }),
        },
        200,
      );
    },
  );

  return app;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
