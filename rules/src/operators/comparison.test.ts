import { describe, expect, it } from 'vitest';
import { contains, doesNotContain, equal, greaterThan, greaterThanInclusive, isIn, lessThan, lessThanInclusive, notEqual, notIn } from './comparison.ts';
import { operatorFits } from './define-operator.ts';

describe('comparison operators', () => {
  it('equal / notEqual compare strictly', () => {
    expect(equal.evaluate('US', 'US')).toBe(true);
    expect(equal.evaluate(1, '1')).toBe(false);
    expect(notEqual.evaluate('US', 'CA')).toBe(true);
    expect(notEqual.evaluate(undefined, 'CA')).toBe(true);
  });

  it('in / notIn take lists and never throw on a non-list', () => {
    expect(isIn.evaluate('b', ['a', 'b'])).toBe(true);
    expect(isIn.evaluate('c', ['a', 'b'])).toBe(false);
    expect(isIn.evaluate(undefined, [undefined])).toBe(false);
    expect(isIn.evaluate('a', 'abc')).toBe(false);
    expect(notIn.evaluate('c', ['a', 'b'])).toBe(true);
    expect(notIn.evaluate('a', 'not a list')).toBe(false);
  });

  it('contains / doesNotContain look into lists', () => {
    expect(contains.evaluate(['vip', 'wholesale'], 'vip')).toBe(true);
    expect(contains.evaluate('vip', 'vip')).toBe(false);
    expect(doesNotContain.evaluate(['wholesale'], 'vip')).toBe(true);
    expect(doesNotContain.evaluate(undefined, 'vip')).toBe(true);
  });

  it('numeric comparisons take numbers only (money has its own operators)', () => {
    expect(lessThan.evaluate(2, 3)).toBe(true);
    expect(lessThan.evaluate(3, 3)).toBe(false);
    expect(lessThanInclusive.evaluate(3, 3)).toBe(true);
    expect(greaterThan.evaluate(4, 3)).toBe(true);
    expect(greaterThanInclusive.evaluate(3, 3)).toBe(true);
    expect(greaterThan.evaluate('4', 3)).toBe(false);
    expect(greaterThan.evaluate(Number.NaN, 3)).toBe(false);
    expect(greaterThan.evaluate(undefined, 3)).toBe(false);
  });

  it('declares the fact types it fits', () => {
    expect(operatorFits(equal, 'country')).toBe(true);
    expect(operatorFits(equal, 'sku')).toBe(true);
    expect(operatorFits(greaterThan, 'money')).toBe(false);
    expect(operatorFits(greaterThan, 'number')).toBe(true);
    expect(operatorFits(contains, 'string[]')).toBe(true);
    expect(operatorFits(contains, 'string')).toBe(false);
  });
});
