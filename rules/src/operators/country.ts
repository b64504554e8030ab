/** @module Country in / not in a list of ISO 3166-1 alpha-2 codes, whatever case the fact came in. */
import { z } from 'zod';
import { CountryCodeSchema } from '@dropline/connectors/model';
import { defineOperator } from './define-operator.ts';

const CountryList = z.array(CountryCodeSchema).min(1, 'expected at least one country').meta({ ui: { widget: 'country-list' } });

function inList(fact: unknown, list: unknown): boolean | undefined {
  if (typeof fact !== 'string' || fact === '' || !Array.isArray(list)) return undefined;
  const code = fact.trim().toUpperCase();
  return list.some((c) => typeof c === 'string' && c.toUpperCase() === code);
}

export const countryIn = defineOperator({
  name: 'countryIn',
  title: 'is in countries',
  description: 'The country is one of the listed countries.',
  fits: ['country'],
  value: { kind: 'schema', schema: CountryList, title: 'Countries' },
  evaluate: (a, b) => inList(a, b) === true,
});

export const countryNotIn = defineOperator({
  name: 'countryNotIn',
  title: 'is not in countries',
  description: 'The country is known and none of the listed countries (a missing country matches neither operator).',
  fits: ['country'],
  value: { kind: 'schema', schema: CountryList, title: 'Countries' },
  evaluate: (a, b) => inList(a, b) === false,
});
