/**
 * @module Every operator a condition can use, and how they are put on a json-rules-engine engine.
 */
import { Operator, type Engine } from 'json-rules-engine';
import { z } from 'zod';
import type { FactType } from '../facts/fact-types.ts';
import { contains, doesNotContain, equal, greaterThan, greaterThanInclusive, isIn, lessThan, lessThanInclusive, notEqual, notIn } from './comparison.ts';
import { countryIn, countryNotIn } from './country.ts';
import { afterCutoff, beforeCutoff } from './cutoff.ts';
import type { OperatorDefinition } from './define-operator.ts';
import { moneyEqual, moneyGreaterThan, moneyGreaterThanInclusive, moneyLessThan, moneyLessThanInclusive, moneyNotEqual } from './money.ts';
import { isAbsent, isPresent } from './presence.ts';
import { skuMatches, skuStartsWith } from './sku.ts';
import { hasStockAt } from './stock.ts';

export const OPERATORS: readonly OperatorDefinition[] = [
  equal,
  notEqual,
  isIn,
  notIn,
  lessThan,
  lessThanInclusive,
  greaterThan,
  greaterThanInclusive,
  contains,
  doesNotContain,
  isPresent,
  isAbsent,
  countryIn,
  countryNotIn,
  skuMatches,
  skuStartsWith,
  hasStockAt,
  moneyEqual,
  moneyNotEqual,
  moneyGreaterThan,
  moneyGreaterThanInclusive,
  moneyLessThan,
  moneyLessThanInclusive,
  beforeCutoff,
  afterCutoff,
];

const BY_NAME = new Map(OPERATORS.map((o) => [o.name, o]));

export function findOperator(name: string): OperatorDefinition | undefined {
  return BY_NAME.get(name);
}

/** Puts every operator on the engine, replacing its defaults of the same name (same meaning, typed inputs). */
export function registerOperators(engine: Engine): void {
  for (const op of OPERATORS) engine.addOperator(new Operator(op.name, (a: unknown, b: unknown) => op.evaluate(a, b)));
}

export interface OperatorInfo {
  name: string;
  title: string;
  description: string;
  fits: readonly FactType[];
  value: 'none' | 'same' | 'list' | 'schema';
  /** JSON Schema of the value, for `schema` operators (the others take the fact's own type). */
  valueSchema?: unknown;
  valueTitle?: string;
  /** A fact of this type may stand on the right-hand side instead of a literal. */
  valueFactType?: FactType | 'same';
}

/** The operators as JSON, for the editor's condition form. */
export function describeOperators(): OperatorInfo[] {
  return OPERATORS.map((op) => ({
    name: op.name,
    title: op.title,
    description: op.description,
    fits: op.fits,
    value: op.value.kind,
    ...(op.value.kind === 'schema'
      ? {
          valueSchema: z.toJSONSchema(op.value.schema, { io: 'input', unrepresentable: 'any' }),
          valueTitle: op.value.title,
          ...(op.value.factType ? { valueFactType: op.value.factType } : {}),
        }
      : {}),
    ...(op.value.kind === 'same' ? { valueFactType: 'same' as const } : {}),
  }));
}
