/**
 * @module Which input a condition's value gets, from the fact's type and the operator: an amount for money,
 * countries for a country list, SKU patterns as tags, a supplier from the configured connectors, a cut-off,
 * or nothing for `is present`. And the check the rules package applies to that value, so the form can say
 * what is wrong before validation of the whole flow runs.
 */
import { COUNTRY_CODES, isCountryCode } from '@dropline/connectors/model';
import { findOperator, operatorValueSchema, type FactInfo, type FactType, type OperatorInfo } from '@dropline/rules';
import type { JsonSchema } from './json-schema.ts';

export type ValueKind =
  | { kind: 'none' }
  | { kind: 'money' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'text'; placeholder?: string; uppercase?: boolean }
  | { kind: 'instant' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'country' }
  | { kind: 'country-list' }
  | { kind: 'tags'; placeholder?: string; numeric?: boolean; suggestions?: readonly string[] }
  | { kind: 'supplier' }
  | { kind: 'cutoff' };

function single(type: FactType, values: readonly string[] | undefined): ValueKind {
  switch (type) {
    case 'money':
      return { kind: 'money' };
    case 'number':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'country':
      return { kind: 'country' };
    case 'currency':
      return { kind: 'text', placeholder: 'USD', uppercase: true };
    case 'sku':
      return { kind: 'text', placeholder: 'SKU' };
    case 'instant':
      return { kind: 'instant' };
    case 'enum':
      return values?.length ? { kind: 'enum', values } : { kind: 'text' };
    case 'cutoff':
      return { kind: 'cutoff' };
    case 'string[]':
      return { kind: 'tags' };
    default:
      return { kind: 'text' };
  }
}

export function valueKind(fact: Pick<FactInfo, 'type' | 'values'>, op: OperatorInfo): ValueKind {
  switch (op.value) {
    case 'none':
      return { kind: 'none' };
    case 'same':
      return single(fact.type, fact.values);
    case 'list':
      return fact.type === 'number' ? { kind: 'tags', numeric: true } : { kind: 'tags', ...(fact.values ? { suggestions: fact.values } : {}) };
    case 'schema': {
      const schema = (op.valueSchema ?? {}) as JsonSchema;
      const widget = schema.ui?.widget ?? schema.items?.ui?.widget;
      if (widget === 'country-list') return { kind: 'country-list' };
      if (widget === 'supplier') return { kind: 'supplier' };
      if (widget === 'cutoff') return { kind: 'cutoff' };
      if (widget === 'tags' || schema.type === 'array') return { kind: 'tags', ...(schema.ui?.placeholder ? { placeholder: schema.ui.placeholder } : {}) };
      return { kind: 'text' };
    }
  }
}

/** What is wrong with a literal value for this fact and operator, or undefined when it fits. */
export function valueProblem(fact: Pick<FactInfo, 'type' | 'values'>, operator: string, value: unknown): string | undefined {
  const op = findOperator(operator);
  if (!op) return undefined;
  const schema = operatorValueSchema(op, fact.type, fact.values);
  if (!schema) return undefined;
  if (value === undefined) return 'enter a value';
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

let displayNames: Intl.DisplayNames | undefined;

/** "DE" → "Germany" (the code itself where the browser has no name for it). */
export function countryName(code: string): string {
  try {
    displayNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return displayNames.of(code) ?? code;
  } catch {
    return code;
  }
}

export interface CountryOption {
  code: string;
  name: string;
}

let countryOptions: CountryOption[] | undefined;

export function countries(): CountryOption[] {
  countryOptions ??= COUNTRY_CODES.map((code) => ({ code, name: countryName(code) })).sort((a, b) => a.name.localeCompare(b.name));
  return countryOptions;
}

/** A country typed as a code or a name ("de", "Germany"), as its code; undefined when it is neither. */
export function parseCountry(text: string): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (isCountryCode(t.toUpperCase())) return t.toUpperCase();
  const lower = t.toLowerCase();
  return countries().find((c) => c.name.toLowerCase() === lower)?.code;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** An amount as the hub stores money: a decimal string ("1,234.50" → "1234.50"); undefined if not one. */
export function parseMoney(text: string): string | undefined {
  const t = text.trim().replace(/[\s,]/g, '');
  return DECIMAL.test(t) ? t : undefined;
}

/**
 * Why a SKU pattern would never match, or undefined: SKUs have no spaces, and braces must close. Plain
 * SKUs and globs (`IPOD-*`, `CASE-{S,M,L}`) are both patterns.
 */
export function skuPatternProblem(pattern: string): string | undefined {
  if (!pattern.trim()) return 'empty pattern';
  if (/\s/.test(pattern.trim())) return 'a SKU has no spaces';
  let depth = 0;
  for (const ch of pattern) {
    if (ch === '{') depth++;
    if (ch === '}' && --depth < 0) return 'a "}" without its "{"';
  }
  return depth === 0 ? undefined : 'a "{" is not closed';
}
