/**
 * @module `/api/suppliers/{id}/…`: a supplier's agreement (every change a new version, with history),
 * its capacity today, and its terms as the facts routing rules read. A supplier is a connector of kind
 * `supplier`; its agreement is keyed by the connector id.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { NotFoundError } from '@dropline/connectors/sdk';
import type { ConnectorService } from '../../connectors/connector-service.ts';
import type { Database } from '../../db/database.ts';
import type { AgreementRepository, AgreementVersion } from '../../suppliers/agreement-repository.ts';
import type { SupplierCapacity } from '../../suppliers/capacity.ts';
import type { SupplierFacts } from '../../suppliers/supplier-facts.ts';
import type { ApiEnv } from '../api-env.ts';
import { iso, problemResponses } from '../schemas.ts';

const security = [{ bearer: [] }];
const tags = ['Suppliers'];
const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'acme-supply' }) });

const AgreementSchema = z
  .object({
    supplierId: z.string(),
    version: z.number().int(),
    terms: z.record(z.string(), z.unknown()).openapi({
      description:
        'turnaround.shipWithinHours, acknowledgment {windowMinutes, failoverOnTimeout}, cutoff {time "HH:MM", timeZone (IANA)}, shipping {methods[], carriers[]}, brandedPackaging, inventoryFeed {cron, format, staleAfterMinutes?}, pricing {costBasis, currency, mapEnforced, volumeDiscounts[]}, returns {windowDays, restockingFeePercent, returnAddress, refundDays}, capacity {ordersPerDay, peakOverrides[{from, to, ordersPerDay}]}, region',
    }),
    author: z.string(),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('SupplierAgreement');

const PutAgreementSchema = z
  .object({
    terms: z.record(z.string(), z.unknown()),
    note: z.string().max(2000).optional(),
    author: z.string().min(1).max(200).optional().openapi({ description: 'Who made the change (default: the caller’s role)' }),
  })
  .openapi('PutSupplierAgreement');

const CapacitySchema = z
  .object({ supplierId: z.string(), day: z.string(), limit: z.number().int().nullable(), peak: z.boolean(), placed: z.number().int(), left: z.number().int().nullable() })
  .openapi('SupplierCapacity');

const FactsSchema = z.record(z.string(), z.unknown()).openapi('SupplierFacts', { description: 'The agreement as facts for routing rules' });

export function supplierRoutes(deps: { db: Database; connectors: ConnectorService; agreements: AgreementRepository; capacity: SupplierCapacity; facts: SupplierFacts }) {
  const app = new OpenAPIHono<ApiEnv>();

  const requireSupplier = async (id: string) => {
    const c = await deps.connectors.get(id).catch(() => undefined);
    if (!c || c.kind !== 'supplier') throw new NotFoundError(`no supplier "${id}"`, 'supplier_not_found');
    return c;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/suppliers/{id}/agreement',
      tags,
      security,
      summary: 'The agreement in force (its latest version)',
      request: { params: IdParam },
      responses: { 200: { description: 'Agreement', content: { 'application/json': { schema: AgreementSchema } } }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireSupplier(id);
      const current = await deps.agreements.current(deps.db.q, id);
      if (!current) throw new NotFoundError(`supplier "${id}" has no agreement yet`, 'agreement_not_found');
      return c.json(view(current), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/suppliers/{id}/agreement',
      tags,
      security,
      summary: 'Store new terms as the next version (earlier versions are kept)',
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: PutAgreementSchema } } } },
      responses: {
        201: { description: 'The new version, now in force', content: { 'application/json': { schema: AgreementSchema } } },
        ...problemResponses(401, 404, 409, 422),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      await requireSupplier(id);
      const saved = await deps.agreements.put(id, body.terms, body.author ?? c.var.role, body.note);
      c.header('location', `/api/suppliers/${id}/agreement/versions/${saved.version}`);
      return c.json(view(saved), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/suppliers/{id}/agreement/versions',
      tags,
      security,
      summary: 'Every version of the agreement, newest first',
      request: { params: IdParam },
      responses: { 200: { description: 'Versions', content: { 'application/json': { schema: z.object({ items: z.array(AgreementSchema) }) } } }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireSupplier(id);
      return c.json({ items: (await deps.agreements.versions(id)).map(view) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/suppliers/{id}/agreement/versions/{version}',
      tags,
      security,
      summary: 'One version of the agreement',
      request: { params: IdParam.extend({ version: z.coerce.number().int().positive().openapi({ param: { name: 'version', in: 'path' } }) }) },
      responses: { 200: { description: 'Version', content: { 'application/json': { schema: AgreementSchema } } }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      const { id, version } = c.req.valid('param');
      await requireSupplier(id);
      const found = (await deps.agreements.versions(id)).find((v) => v.version === version);
      if (!found) throw new NotFoundError(`supplier "${id}" has no agreement version ${version}`, 'agreement_not_found');
      return c.json(view(found), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/suppliers/{id}/capacity',
      tags,
      security,
      summary: 'Orders taken today against the agreed daily capacity (peak-season overrides applied)',
      request: { params: IdParam },
      responses: { 200: { description: 'Capacity', content: { 'application/json': { schema: CapacitySchema } } }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireSupplier(id);
      return c.json(await deps.capacity.today(deps.db.q, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/suppliers/{id}/facts',
      tags,
      security,
      summary: 'The terms as routing rules see them (cost, lead time, region, cut-off, capacity left today)',
      request: {
        params: IdParam,
        query: z.object({ sku: z.string().optional(), quantity: z.coerce.number().int().positive().optional() }),
      },
      responses: { 200: { description: 'Facts', content: { 'application/json': { schema: FactsSchema } } }, ...problemResponses(400, 401, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireSupplier(id);
      return c.json({ ...(await deps.facts.forSupplier(id, c.req.valid('query'))) }, 200);
    },
  );

  return app;
}

function view(a: AgreementVersion) {
  return { supplierId: a.supplierId, version: a.version, terms: a.terms as Record<string, unknown>, author: a.author, note: a.note, createdAt: iso(a.createdAt)! };
}
