import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { countryIn, countryNotIn } from './country.ts';
import { operatorFits, operatorValueSchema } from './define-operator.ts';

describe('country operators', () => {
  it('match codes in any case', () => {
    expect(countryIn.evaluate('US', ['CA', 'US'])).toBe(true);
    expect(countryIn.evaluate('us', ['US'])).toBe(true);
    expect(countryIn.evaluate('DE', ['US'])).toBe(false);
    expect(countryNotIn.evaluate('DE', ['US'])).toBe(true);
  });

  it('a missing country is in no list and out of none', () => {
    expect(countryIn.evaluate(undefined, ['US'])).toBe(false);
    expect(countryNotIn.evaluate(undefined, ['US'])).toBe(false);
    expect(countryNotIn.evaluate('', ['US'])).toBe(false);
  });

  it('take a non-empty list of ISO codes, normalised to upper case', () => {
    const schema = operatorValueSchema(countryIn, 'country') as z.ZodType;
    expect(schema.parse(['us', 'ca'])).toEqual(['US', 'CA']);
    expect(schema.safeParse([]).success).toBe(false);
    expect(schema.safeParse(['USA']).success).toBe(false);
    expect(operatorFits(countryIn, 'country')).toBe(true);
    expect(operatorFits(countryIn, 'string')).toBe(false);
  });
});
