/**
 * @module Route to the nearest supplier or warehouse for the ship-to country (and region): a table of
 * countries (optionally narrowed to regions such as US states) with the suppliers that serve them, nearest
 * first, and a fallback list for everywhere else.
 */
import { z } from 'zod';
import { CountryCodeSchema } from '@dropline/connectors/model';
import { StockPolicySchema, SupplierIdSchema, firstThatCan, place, routeLines, summarise } from '../runtime/routing-choice.ts';
import { checkSupplierIds } from '../validation/check-condition.ts';
import type { NodeIssue } from '../validation/issues.ts';
import { defineNode } from './define-node.ts';

const SupplierList = z.array(SupplierIdSchema).meta({ ui: { widget: 'supplier-list', sortable: true } });

const AreaSchema = z
  .object({
    label: z.string().max(100).optional().meta({ title: 'Area' }),
    countries: z.array(CountryCodeSchema).min(1, 'expected at least one country').meta({ title: 'Countries', ui: { widget: 'country-list' } }),
    regions: z
      .array(z.string().trim().toUpperCase().min(1))
      .optional()
      .meta({ title: 'Regions', description: 'State or province codes ("CA", "NY"); empty for the whole countries' }),
    suppliers: SupplierList.min(1, 'expected at least one supplier').meta({ title: 'Suppliers, nearest first' }),
  })
  .strict();

export const routeNearest = defineNode({
  type: 'route-nearest',
  category: 'action',
  routes: true,
  title: 'Route to nearest supplier',
  description: 'Picks suppliers by the ship-to country and region from a table, nearest first, with a fallback.',
  settings: z
    .object({
      areas: z.array(AreaSchema).min(1, 'expected at least one area').meta({ title: 'Areas', description: 'The first area that contains the ship-to address is used' }),
      fallback: SupplierList.default([]).meta({ title: 'Fallback', description: 'Tried after the area suppliers, and for addresses in no area' }),
      stock: StockPolicySchema,
    })
    .strict(),
  outputs: () => ['out', 'none'],
  check(s, ctx) {
    const issues: NodeIssue[] = [];
    s.areas.forEach((a, i) => issues.push(...checkSupplierIds(a.suppliers, `areas[${i}].suppliers`, ctx)));
    issues.push(...checkSupplierIds(s.fallback, 'fallback', ctx));
    return issues;
  },
  execute(s, ctx) {
    const address = ctx.run.order.shippingAddress;
    const country = address?.country;
    const region = address?.region?.toUpperCase();
    const index = country ? s.areas.findIndex((a) => a.countries.includes(country) && (!a.regions?.length || (region !== undefined && a.regions.includes(region)))) : -1;
    const area = index >= 0 ? s.areas[index] : undefined;
    const ranked = [...new Set([...(area?.suppliers ?? []), ...s.fallback])];
    const where = country ? `${country}${region ? `-${region}` : ''}` : 'no ship-to address';
    const areaName = area ? (area.label ?? `area ${index + 1}`) : 'no area';
    ctx.trace.action(ctx.nodeId, 'route-nearest', `ship-to ${where}: ${areaName}`, { country, region, area: area?.label ?? (area ? index + 1 : null) });
    return routeLines(ctx, (line) => {
      const reasons: string[] = [];
      const hit = firstThatCan(ctx, line, ranked, s.stock, reasons);
      if (!hit) {
        line.lastReason = summarise(ranked.length ? `no supplier for ${where} can take it` : `no supplier serves ${where}`, reasons);
        return [];
      }
      const fromArea = area !== undefined && area.suppliers.includes(hit.candidate.supplierId);
      return [place(ctx, line, hit.candidate, fromArea ? `nearest for ${where} (${areaName}, #${hit.rank + 1})` : `fallback for ${where}`, { country, region })];
    });
  },
});
