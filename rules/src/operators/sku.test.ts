import { describe, expect, it } from 'vitest';
import { operatorFits } from './define-operator.ts';
import { skuMatches, skuStartsWith } from './sku.ts';

describe('SKU operators', () => {
  it('match globs', () => {
    expect(skuMatches.evaluate('IPOD2008GREEN', ['IPOD*'])).toBe(true);
    expect(skuMatches.evaluate('IPOD2008GREEN', ['IPAD*'])).toBe(false);
    expect(skuMatches.evaluate('CASE-M', ['CASE-{S,M,L}'])).toBe(true);
    expect(skuMatches.evaluate('CASE-XL', ['CASE-{S,M,L}'])).toBe(false);
    expect(skuMatches.evaluate('A1', ['A?'])).toBe(true);
    expect(skuMatches.evaluate('BOOK-1', ['IPOD*', 'BOOK-*'])).toBe(true);
  });

  it('treat SKUs as names, not paths: * crosses slashes, dots are ordinary', () => {
    expect(skuMatches.evaluate('ACME/TOOL/1', ['ACME/*'])).toBe(true);
    expect(skuMatches.evaluate('.hidden-sku', ['*'])).toBe(true);
  });

  it('match prefixes case-sensitively', () => {
    expect(skuStartsWith.evaluate('IPOD2008RED', ['IPOD', 'IPAD'])).toBe(true);
    expect(skuStartsWith.evaluate('ipod2008red', ['IPOD'])).toBe(false);
  });

  it('do not match lines without a SKU', () => {
    expect(skuMatches.evaluate(null, ['*'])).toBe(false);
    expect(skuStartsWith.evaluate(null, [''])).toBe(false);
    expect(operatorFits(skuMatches, 'sku')).toBe(true);
    expect(operatorFits(skuMatches, 'string')).toBe(false);
  });
});
