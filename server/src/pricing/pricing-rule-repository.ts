/** @module Pricing rules, stored and edited through the API (see price-calculator.ts for how one applies). */
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { NotFoundError } from '@dropline/connectors/sdk';
import type { Database } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { PricingRule } from './price-calculator.ts';

const Decimal = z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative decimal such as "1.8"');

export const PricingRuleInputSchema = z
  .object({
    name: z.string().trim().min(1),
    supplierId: z.string().min(1).nullish(),
    brand: z.string().trim().min(1).nullish(),
    category: z.string().trim().min(1).nullish(),
    markup: Decimal.refine((v) => Number(v) > 0, 'a markup is above zero'),
    discountPercent: Decimal.refine((v) => Number(v) < 100, 'a discount is below 100%').nullish(),
    discountAmount: Decimal.nullish(),
    ending: z
      .string()
      .regex(/^0?\.\d{1,3}$/, 'expected the fraction a price ends in, such as "0.99" or ".95"')
      .nullish(),
  })
  .strict();
export type PricingRuleInput = z.input<typeof PricingRuleInputSchema>;

type Row = typeof import('../db/schema-sqlite.ts').pricingRules.$inferSelect;

export class PricingRuleRepository {
  constructor(private readonly db: Database) {}

  async list(): Promise<PricingRule[]> {
    const t = this.db.t.pricingRules;
    return (await this.db.q.select().from(t).orderBy(asc(t.createdAt), asc(t.id))).map(toRule);
  }

  async get(id: string): Promise<PricingRule> {
    const t = this.db.t.pricingRules;
    const [row] = await this.db.q.select().from(t).where(eq(t.id, id));
    if (!row) throw new NotFoundError(`no pricing rule "${id}"`, 'pricing_rule_not_found');
    return toRule(row);
  }

  async create(input: z.output<typeof PricingRuleInputSchema>, now = Date.now()): Promise<PricingRule> {
    const row: Row = { id: newId('prl', now), ...normalise(input), createdAt: now, updatedAt: now };
    await this.db.transaction((tx) => tx.insert(this.db.t.pricingRules).values(row));
    return toRule(row);
  }

  async replace(id: string, input: z.output<typeof PricingRuleInputSchema>, now = Date.now()): Promise<PricingRule> {
    const t = this.db.t.pricingRules;
    const rows = await this.db.transaction((tx) => tx.update(t).set({ ...normalise(input), updatedAt: now }).where(eq(t.id, id)).returning());
    if (!rows[0]) throw new NotFoundError(`no pricing rule "${id}"`, 'pricing_rule_not_found');
    return toRule(rows[0]);
  }

  async delete(id: string): Promise<void> {
    const t = this.db.t.pricingRules;
    const rows = await this.db.transaction((tx) => tx.delete(t).where(eq(t.id, id)).returning({ id: t.id }));
    if (!rows[0]) throw new NotFoundError(`no pricing rule "${id}"`, 'pricing_rule_not_found');
  }
}

function normalise(input: z.output<typeof PricingRuleInputSchema>) {
  return {
    name: input.name,
    supplierId: input.supplierId ?? null,
    brand: input.brand ?? null,
    category: input.category ?? null,
    markup: input.markup,
    discountPercent: input.discountPercent ?? null,
    discountAmount: input.discountAmount ?? null,
    ending: input.ending ? (input.ending.startsWith('.') ? `0${input.ending}` : input.ending) : null,
  };
}

function toRule(row: Row): PricingRule {
  return {
    id: row.id,
    name: row.name,
    supplierId: row.supplierId,
    brand: row.brand,
    category: row.category,
    markup: row.markup,
    discountPercent: row.discountPercent,
    discountAmount: row.discountAmount,
    ending: row.ending,
    createdAt: Number(row.createdAt),
  };
}
