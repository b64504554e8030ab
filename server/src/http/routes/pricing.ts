/**
 * @module `/api/pricing`: pricing rules (markup, discounts, ending; per supplier, brand or category —
 * the most specific wins), a preview of what would change, and the push that sends only that.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { PriceRun } from '../../pricing/price-run.ts';
import { PricingRuleInputSchema, type PricingRuleRepository } from '../../pricing/pricing-rule-repository.ts';
import type { PricingRule } from '../../pricing/price-calculator.ts';
import type { ApiEnv } from '../api-env.ts';
import { iso, problemResponses } from '../schemas.ts';

const security = [{ bearer: [] }];
const tags = ['Pricing'];
const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

const RuleInput = PricingRuleInputSchema.openapi('PricingRuleInput');
const RuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    supplierId: z.string().nullable(),
    brand: z.string().nullable(),
    category: z.string().nullable(),
    markup: z.string(),
    discountPercent: z.string().nullable(),
    discountAmount: z.string().nullable(),
    ending: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('PricingRule');

const ScopeSchema = z
  .object({ storeId: z.string().optional(), skus: z.array(z.string()).max(10_000).optional(), limit: z.number().int().min(1).max(10_000).default(1_000) })
  .openapi('PricingScope');

const ChangeSchema = z
  .object({
    storeId: z.string(),
    sku: z.string(),
    old: z.string().nullable(),
    new: z.string(),
    compareAtPrice: z.string().nullable(),
    rule: z.object({ id: z.string(), name: z.string() }),
    supplierId: z.string(),
    cost: z.string(),
    map: z.string().nullable(),
    floor: z.enum(['map', 'cost']).nullable().openapi({ description: 'What lifted the price, if the MAP or the cost did' }),
  })
  .openapi('PriceChange');

export function pricingRoutes(deps: { rules: PricingRuleRepository; run: PriceRun; onJobs: () => void }) {
  const app = new OpenAPIHono<ApiEnv>();
  const view = (r: PricingRule) => ({ ...r, createdAt: iso(r.createdAt)! });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/pricing/rules',
      tags,
      security,
      summary: 'Pricing rules',
      responses: { 200: { description: 'Rules', content: { 'application/json': { schema: z.object({ items: z.array(RuleSchema) }) } } }, ...problemResponses(401) },
    }),
    async (c) => c.json({ items: (await deps.rules.list()).map(view) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/pricing/rules',
      tags,
      security,
      summary: 'Add a rule (no conditions = the default rule)',
      request: { body: { required: true, content: { 'application/json': { schema: RuleInput } } } },
      responses: { 201: { description: 'Created', content: { 'application/json': { schema: RuleSchema } } }, ...problemResponses(401, 422) },
    }),
    async (c) => {
      const rule = await deps.rules.create(c.req.valid('json'));
      c.header('location', `/api/pricing/rules/${rule.id}`);
      return c.json(view(rule), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/pricing/rules/{id}',
      tags,
      security,
      summary: 'Replace a rule',
      request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: RuleInput } } } },
      responses: { 200: { description: 'Replaced', content: { 'application/json': { schema: RuleSchema } } }, ...problemResponses(401, 404, 422) },
    }),
    async (c) => c.json(view(await deps.rules.replace(c.req.valid('param').id, c.req.valid('json'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/pricing/rules/{id}',
      tags,
      security,
      summary: 'Delete a rule',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(401, 404) },
    }),
    async (c) => {
      await deps.rules.delete(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/pricing/preview',
      tags,
      security,
      summary: 'The retail prices that would change: SKU, old, new, the rule that applied',
      request: { body: { required: false, content: { 'application/json': { schema: ScopeSchema } } } },
      responses: {
        200: {
          description: 'Changes',
          content: { 'application/json': { schema: z.object({ total: z.number().int(), unpriced: z.number().int(), items: z.array(ChangeSchema) }) } },
        },
        ...problemResponses(401, 422),
      },
    }),
    async (c) => {
      // No body (or not JSON) means everything, with the default limit.
      const scope = (c.req.valid('json') as z.output<typeof ScopeSchema> | undefined) ?? ScopeSchema.parse({});
      return c.json(await deps.run.preview(scope, scope.limit), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/pricing/push',
      tags,
      security,
      summary: 'Queue the changed prices to the stores (only what changed; stores whose connector can update prices)',
      request: { body: { required: false, content: { 'application/json': { schema: ScopeSchema } } } },
      responses: {
        202: { description: 'Queued', content: { 'application/json': { schema: z.object({ runId: z.string(), queued: z.number().int(), jobs: z.number().int() }) } } },
        ...problemResponses(401, 422),
      },
    }),
    async (c) => {
      // No body (or not JSON) means everything, with the default limit.
      const scope = (c.req.valid('json') as z.output<typeof ScopeSchema> | undefined) ?? ScopeSchema.parse({});
      const out = await deps.run.push(scope);
      if (out.jobs) deps.onJobs();
      return c.json(out, 202);
    },
  );

  return app;
}
