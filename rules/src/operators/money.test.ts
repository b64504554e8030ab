import { describe, expect, it } from 'vitest';
import { moneyEqual, moneyGreaterThan, moneyGreaterThanInclusive, moneyLessThan, moneyLessThanInclusive, moneyNotEqual } from './money.ts';
import { operatorFits } from './define-operator.ts';

describe('money operators', () => {
  it('compare in decimals, whatever the scale', () => {
    expect(moneyEqual.evaluate('10', '10.00')).toBe(true);
    expect(moneyEqual.evaluate('0.10', '0.1')).toBe(true);
    expect(moneyNotEqual.evaluate('10.01', '10')).toBe(true);
    expect(moneyGreaterThan.evaluate('100.005', '100.00')).toBe(true);
    expect(moneyGreaterThan.evaluate('100.00', '100')).toBe(false);
    expect(moneyGreaterThanInclusive.evaluate('100.00', '100')).toBe(true);
    expect(moneyLessThan.evaluate('-0.01', '0')).toBe(true);
    expect(moneyLessThanInclusive.evaluate('-0', '0')).toBe(true);
  });

  it('never go through floats: 0.1 + 0.2 is 0.3, and big amounts keep every digit', () => {
    // As floats, 0.1 + 0.2 = 0.30000000000000004 > 0.3.
    expect(moneyGreaterThan.evaluate(String(0.1 + 0.2), '0.3')).toBe(true); // the float string really is bigger
    expect(moneyEqual.evaluate('0.30', '0.3')).toBe(true);
    // 2^53 + 1 cannot be a double: as floats these two would be equal.
    expect(moneyGreaterThan.evaluate('9007199254740993.00', '9007199254740992')).toBe(true);
    expect(moneyLessThan.evaluate('12345678901234567890.001', '12345678901234567890.01')).toBe(true);
  });

  it('do not match malformed or non-string amounts', () => {
    expect(moneyEqual.evaluate(10, '10')).toBe(false);
    expect(moneyGreaterThan.evaluate('1e3', '1')).toBe(false);
    expect(moneyGreaterThan.evaluate('12,50', '1')).toBe(false);
    expect(moneyLessThan.evaluate(undefined, '1')).toBe(false);
    expect(moneyNotEqual.evaluate(undefined, '1')).toBe(false);
    expect(moneyEqual.evaluate(' 5.00 ', '5')).toBe(true);
  });

  it('fit money facts only', () => {
    expect(operatorFits(moneyGreaterThan, 'money')).toBe(true);
    expect(operatorFits(moneyGreaterThan, 'number')).toBe(false);
    expect(operatorFits(moneyGreaterThan, 'string')).toBe(false);
  });
});
