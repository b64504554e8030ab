/**
 * @module `defineOperator`: one comparison a condition can use, declared once for the engine, the compiled
 * conditions, validation and the editor.
 *
 * The same `evaluate` function is registered on json-rules-engine and called by compiled conditions, so both
 * evaluation modes agree by construction. Operators never throw: a missing or malformed fact value simply
 * does not match (json-rules-engine would otherwise reject the whole run).
 */
import { z } from 'zod';
import { fitsType, valueSchemaFor, type FactType } from '../facts/fact-types.ts';

/**
 * What the right-hand side of a condition is:
 * - `none`: nothing (`isPresent`);
 * - `same`: one value of the fact's own type (`equal`), or another fact of that type;
 * - `list`: a non-empty list of values of the fact's type (`in`);
 * - `schema`: a fixed shape (`hasStockAt` takes a supplier id), optionally also given by a fact of `factType`.
 */
export type OperatorValue =
  | { kind: 'none' }
  | { kind: 'same' }
  | { kind: 'list' }
  | { kind: 'schema'; schema: z.ZodType; factType?: FactType; title: string };

export interface OperatorDefinition {
  /** The name used in rules (`greaterThan`, `skuMatches`); json-rules-engine's built-in names keep their meaning. */
  name: string;
  title: string;
  description: string;
  /** Fact types the operator applies to (see `fitsType`: string operators also fit SKUs, countries, …). */
  fits: readonly FactType[];
  value: OperatorValue;
  evaluate(factValue: unknown, value: unknown): boolean;
}

export function defineOperator(def: OperatorDefinition): OperatorDefinition {
  if (!/^[a-z][A-Za-z]*$/.test(def.name)) throw new Error(`operator name "${def.name}" must be camelCase`);
  return def;
}

export function operatorFits(op: OperatorDefinition, type: FactType): boolean {
  return op.fits.some((wanted) => fitsType(type, wanted));
}

/** The schema the literal value of a condition must satisfy, or null when the operator takes none. */
export function operatorValueSchema(op: OperatorDefinition, type: FactType, values?: readonly string[]): z.ZodType | null {
  switch (op.value.kind) {
    case 'none':
      return null;
    case 'same':
      return valueSchemaFor(type, values);
    case 'list':
      return z.array(valueSchemaFor(type, values)).min(1, 'expected at least one value');
    case 'schema':
      return op.value.schema;
  }
}

/** The type another fact must have to stand on the right-hand side, or null when only literals are allowed. */
export function operatorValueFactType(op: OperatorDefinition, type: FactType): FactType | null {
  switch (op.value.kind) {
    case 'same':
      return type;
    case 'schema':
      return op.value.factType ?? null;
    default:
      return null;
  }
}
