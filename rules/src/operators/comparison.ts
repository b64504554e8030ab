/**
 * @module json-rules-engine's built-in comparisons, re-declared with the fact types they fit.
 *
 * Same names and meaning as the engine's defaults, which these replace on every engine we build so that
 * compiled conditions and the engine share one implementation. Unlike the defaults they never throw on a
 * value of the wrong shape (`in` with a non-list), and the numeric ones only take numbers: money is compared
 * with the decimal operators instead.
 */
import { z } from 'zod';
import { defineOperator } from './define-operator.ts';

const SCALARS = ['string', 'number', 'boolean'] as const;

export const equal = defineOperator({
  name: 'equal',
  title: 'is',
  description: 'The fact equals the value exactly.',
  fits: [...SCALARS],
  value: { kind: 'same' },
  evaluate: (a, b) => a === b,
});

export const notEqual = defineOperator({
  name: 'notEqual',
  title: 'is not',
  description: 'The fact differs from the value (a missing fact differs from every value).',
  fits: [...SCALARS],
  value: { kind: 'same' },
  evaluate: (a, b) => a !== b,
});

export const isIn = defineOperator({
  name: 'in',
  title: 'is one of',
  description: 'The fact equals one of the listed values.',
  fits: ['string', 'number'],
  value: { kind: 'list' },
  evaluate: (a, b) => Array.isArray(b) && a !== undefined && a !== null && b.includes(a),
});

export const notIn = defineOperator({
  name: 'notIn',
  title: 'is none of',
  description: 'The fact equals none of the listed values (a missing fact is in no list).',
  fits: ['string', 'number'],
  value: { kind: 'list' },
  evaluate: (a, b) => Array.isArray(b) && !b.includes(a),
});

export const contains = defineOperator({
  name: 'contains',
  title: 'contains',
  description: 'The list (tags, candidate suppliers) contains the value.',
  fits: ['string[]'],
  value: { kind: 'schema', schema: nonEmptyString(), title: 'Value' },
  evaluate: (a, b) => Array.isArray(a) && a.includes(b),
});

export const doesNotContain = defineOperator({
  name: 'doesNotContain',
  title: 'does not contain',
  description: 'The list does not contain the value (a missing list contains nothing).',
  fits: ['string[]'],
  value: { kind: 'schema', schema: nonEmptyString(), title: 'Value' },
  evaluate: (a, b) => !Array.isArray(a) || !a.includes(b),
});

const isNumber = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);

export const lessThan = defineOperator({
  name: 'lessThan',
  title: '<',
  description: 'The number is less than the value.',
  fits: ['number'],
  value: { kind: 'same' },
  evaluate: (a, b) => isNumber(a) && isNumber(b) && a < b,
});

export const lessThanInclusive = defineOperator({
  name: 'lessThanInclusive',
  title: '≤',
  description: 'The number is at most the value.',
  fits: ['number'],
  value: { kind: 'same' },
  evaluate: (a, b) => isNumber(a) && isNumber(b) && a <= b,
});

export const greaterThan = defineOperator({
  name: 'greaterThan',
  title: '>',
  description: 'The number is greater than the value.',
  fits: ['number'],
  value: { kind: 'same' },
  evaluate: (a, b) => isNumber(a) && isNumber(b) && a > b,
});

export const greaterThanInclusive = defineOperator({
  name: 'greaterThanInclusive',
  title: '≥',
  description: 'The number is at least the value.',
  fits: ['number'],
  value: { kind: 'same' },
  evaluate: (a, b) => isNumber(a) && isNumber(b) && a >= b,
});

function nonEmptyString() {
  return z.string().min(1);
}
