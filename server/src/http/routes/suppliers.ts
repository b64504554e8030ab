/**
 * @module `/api/suppliers/{id}/…`: a supplier's agreement (every change a new version, with history),
 * its capacity today, its terms as the facts routing rules read, and its scorecard against them. A supplier is a connector of kind
 * `supplier`; its agreement is keyed by the connector id.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { NotFoundError, ValidationError } from '@dropline/connectors/sdk';
import type { ConnectorService } from '../../connectors/connector-service.ts';
import type { Database } from '../../db/database.ts';
import type { AgreementRepository, AgreementVersion } from '../../suppliers/agreement-repository.ts';
import type { SupplierCapacity } from '../../suppliers/capacity.ts';
import type { SupplierFacts } from '../../suppliers/supplier-facts.ts';
import { MAX_PERIOD_DAYS, type SupplierScorecard } from '../../suppliers/supplier-scorecard.ts';
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

const DeadlineScoreSchema = {
  onTime: z.number().int(),
  late: z.number().int(),
  missed: z.number().int().openapi({ description: 'Past the deadline with nothing yet' }),
  open: z.number().int().openapi({ description: 'Nothing yet, the deadline still ahead' }),
  onTimeRate: z.number().nullable().openapi({ description: 'onTime ÷ (onTime + late + missed); null when none is due' }),
};

const ScorecardSchema = z
  .object({
    supplierId: z.string(),
    from: z.string(),
    to: z.string(),
    agreementVersions: z.array(z.number().int()).openapi({ description: 'The versions the period’s orders were judged by, each order by the one in force when it was placed' }),
    orders: z.object({ placed: z.number().int(), acknowledged: z.number().int(), shipped: z.number().int(), backordered: z.number().int(), rejected: z.number().int(), cancelled: z.number().int() }),
    acknowledgment: z.object({
      ...DeadlineScoreSchema,
      windowMinutes: z.number().openapi({ description: 'The window of the agreement in force now' }),
      medianMinutes: z.number().nullable().openapi({ description: 'Placement to acknowledgment, over the acknowledged orders' }),
    }),
    shipping: z.object({
      ...DeadlineScoreSchema,
      shipWithinHours: z.number().openapi({ description: 'The turnaround of the agreement in force now' }),
      medianHours: z.number().nullable().openapi({ description: 'Placement to shipment, over the shipped orders' }),
    }),
    inventoryFeed: z
      .object({
        cron: z.string(),
        expected: z.number().int().openapi({ description: 'Runs the schedule in force now sets in the period (up to now)' }),
        received: z.number().int(),
        lastFeedAt: z.string().nullable(),
        allowedAgeMinutes: z.number(),
        fresh: z.boolean(),
      })
      .nullable()
      .openapi({ description: 'Null when the agreement sets no feed schedule' }),
    capacity: z.object({
      ordersPerDay: z.number().int().nullable(),
      busiestDay: z.object({ day: z.string(), orders: z.number().int(), limit: z.number().int().nullable() }).nullable(),
      daysOverLimit: z.number().int(),
    }),
  })
  .openapi('SupplierScorecard');

const DAY_MS = 86_400_000;

export function supplierRoutes(deps: {
  db: Database;
  connectors: ConnectorService;
  agreements: AgreementRepository;
  capacity: SupplierCapacity;
  facts: SupplierFacts;
  scorecard: SupplierScorecard;
}) {
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

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/suppliers/{id}/scorecard',
      tags,
      security,
      summary: 'What the supplier did against its agreement: acknowledgments, shipments, feeds and daily capacity',
      description: `Orders placed in [from, to) (default: the last 30 days), each judged by the agreement version in force when it was placed; feeds received in the period against the runs the schedule expects. At most ${MAX_PERIOD_DAYS} days.`,
      request: {
        params: IdParam,
        query: z.object({
          from: z.string().datetime({ offset: true }).optional().openapi({ example: '2026-11-01T00:00:00Z' }),
          to: z.string().datetime({ offset: true }).optional().openapi({ example: '2026-12-01T00:00:00Z' }),
        }),
      },
      responses: { 200: { description: 'Scorecard', content: { 'application/json': { schema: ScorecardSchema } } }, ...problemResponses(400, 401, 404, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await requireSupplier(id);
      const q = c.req.valid('query');
      const now = Date.now();
      const to = q.to ? Date.parse(q.to) : now;
      const from = q.from ? Date.parse(q.from) : to - 30 * DAY_MS;
      if (!(from < to)) throw new ValidationError('"from" must be before "to"', [{ field: 'from', message: 'must be before "to"' }]);
      if (to - from > MAX_PERIOD_DAYS * DAY_MS) throw new ValidationError(`a scorecard covers at most ${MAX_PERIOD_DAYS} days`, [{ field: 'to', message: `at most ${MAX_PERIOD_DAYS} days after "from"` }]);
      const s = await deps.scorecard.forSupplier(id, from, to, now);
      return c.json({ ...s, from: iso(s.from)!, to: iso(s.to)!, inventoryFeed: s.inventoryFeed && { ...s.inventoryFeed, lastFeedAt: iso(s.inventoryFeed.lastFeedAt) } }, 200);
    },
  );

  return app;
}

function view(a: AgreementVersion) {
  return { supplierId: a.supplierId, version: a.version, terms: a.terms as Record<string, unknown>, author: a.author, note: a.note, createdAt: iso(a.createdAt)! };
}
