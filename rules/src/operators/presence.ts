/** @module Whether a fact has a value at all: an optional address field, a verdict a service gave or not. */
import { FACT_TYPES } from '../facts/fact-types.ts';
import { defineOperator } from './define-operator.ts';

const isPresentValue = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

export const isPresent = defineOperator({
  name: 'isPresent',
  title: 'is present',
  description: 'The fact has a value (not missing, not empty).',
  fits: [...FACT_TYPES],
  value: { kind: 'none' },
  evaluate: (a) => isPresentValue(a),
});

export const isAbsent = defineOperator({
  name: 'isAbsent',
  title: 'is missing',
  description: 'The fact has no value (missing, null, empty text or an empty list).',
  fits: [...FACT_TYPES],
  value: { kind: 'none' },
  evaluate: (a) => !isPresentValue(a),
});
