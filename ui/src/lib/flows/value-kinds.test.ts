import { describe, expect, it } from 'vitest';
import { operatorInfo } from './catalogue.ts';
import { factFor } from './fact-catalogue.ts';
import { parseCountry, parseMoney, skuPatternProblem, valueKind, valueProblem } from './value-kinds.ts';

const fact = (path: string) => factFor('order.received', path)!;

describe('value kinds', () => {
  it('picks the input for the fact type and operator', () => {
    expect(valueKind(fact('order.total'), operatorInfo('moneyGreaterThan')!)).toEqual({ kind: 'money' });
    expect(valueKind(fact('order.shippingAddress.country'), operatorInfo('countryIn')!)).toEqual({ kind: 'country-list' });
    expect(valueKind(fact('order.total'), operatorInfo('isPresent')!)).toEqual({ kind: 'none' });
  });

  it('checks values like the rules package does', () => {
    expect(valueProblem(fact('order.total'), 'moneyGreaterThan', '500')).toBeUndefined();
    expect(valueProblem(fact('order.total'), 'moneyGreaterThan', 'lots')).toBeDefined();
    expect(valueProblem(fact('order.shippingAddress.country'), 'countryIn', ['XX'])).toBeDefined();
    expect(valueProblem(fact('order.shippingAddress.country'), 'countryIn', ['DE'])).toBeUndefined();
  });

  it('reads money, countries and SKU patterns as people type them', () => {
    expect(parseMoney('1,234.50')).toBe('1234.50');
    expect(parseMoney('12e3')).toBeUndefined();
    expect(parseCountry('de')).toBe('DE');
    expect(parseCountry('Germany')).toBe('DE');
    expect(parseCountry('Atlantis')).toBeUndefined();
    expect(skuPatternProblem('CASE-{S,M')).toBe('a "{" is not closed');
    expect(skuPatternProblem('DL MUG')).toBe('a SKU has no spaces');
    expect(skuPatternProblem('DL-MUG-*')).toBeUndefined();
  });
});
