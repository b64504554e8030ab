/**
 * @module The types a fact can have, and which types stand in for which.
 *
 * Operators declare the fact types they fit; validation uses {@link fitsType} so that, say, a SKU fact takes
 * every string operator as well as the SKU glob, but a money fact never takes the float comparisons.
 */
import { z } from 'zod';
import { CountryCodeSchema, CurrencyCodeSchema, MoneySchema, UtcTimestampSchema } from '@dropline/connectors/model';

export const FACT_TYPES = [
  'string',
  'number',
  'boolean',
  /** A decimal amount as a string ("598.94"), compared in decimals only. */
  'money',
  'currency',
  'country',
  'sku',
  /** An ISO 8601 instant ("2026-03-08T14:00:00.000Z"). */
  'instant',
  /** A supplier's daily cut-off: `{ time: "14:00", timeZone: "America/New_York", days? }`. */
  'cutoff',
  'string[]',
  /** A string from a fixed list (`values` on the fact). */
  'enum',
  /** A line's ordered quantity with the stock each candidate supplier reported: `{ quantity, stock }`. */
  'availability',
] as const;
export type FactType = (typeof FACT_TYPES)[number];

/** Types whose values are strings with extra meaning: string operators fit them too. */
const STRING_LIKE: ReadonlySet<FactType> = new Set(['string', 'currency', 'country', 'sku', 'enum']);

/** Whether a fact of type `actual` can be used where an operator wants `wanted`. */
export function fitsType(actual: FactType, wanted: FactType): boolean {
  if (actual === wanted) return true;
  return wanted === 'string' && STRING_LIKE.has(actual);
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const CutoffSchema = z
  .object({
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour)'),
    timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone such as "America/New_York"'),
    /** Days the supplier ships; on other days every time counts as after the cut-off. All days when absent. */
    days: z.array(z.enum(WEEKDAYS)).min(1).optional(),
  })
  .meta({ title: 'Cut-off', ui: { widget: 'cutoff' } });
export type Cutoff = z.output<typeof CutoffSchema>;

const timeZones = new Map<string, boolean>();
export function isTimeZone(name: string): boolean {
  let ok = timeZones.get(name);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      ok = true;
    } catch {
      ok = false;
    }
    timeZones.set(name, ok);
  }
  return ok;
}

/** The schema a literal value of a fact type must satisfy (right-hand side of `equal`, items of `in`, …). */
export function valueSchemaFor(type: FactType, values?: readonly string[]): z.ZodType {
  switch (type) {
    case 'string':
    case 'sku':
      return z.string();
    case 'number':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'money':
      return MoneySchema;
    case 'currency':
      return CurrencyCodeSchema;
    case 'country':
      return CountryCodeSchema;
    case 'instant':
      return UtcTimestampSchema;
    case 'cutoff':
      return CutoffSchema;
    case 'enum':
      return values && values.length > 0 ? z.enum(values as [string, ...string[]]) : z.string();
    case 'string[]':
      return z.array(z.string());
    case 'availability':
      return z.never();
  }
}
