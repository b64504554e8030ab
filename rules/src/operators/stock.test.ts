import { describe, expect, it } from 'vitest';
import { operatorFits } from './define-operator.ts';
import { hasStockAt } from './stock.ts';

describe('hasStockAt', () => {
  const availability = { quantity: 3, stock: { a: 3, b: 2, c: null } };

  it('holds when the supplier reported at least the quantity', () => {
    expect(hasStockAt.evaluate(availability, 'a')).toBe(true);
    expect(hasStockAt.evaluate(availability, 'b')).toBe(false);
  });

  it('unknown stock and non-candidates do not count', () => {
    expect(hasStockAt.evaluate(availability, 'c')).toBe(false);
    expect(hasStockAt.evaluate(availability, 'd')).toBe(false);
    expect(hasStockAt.evaluate(availability, 'constructor')).toBe(false);
    expect(hasStockAt.evaluate(undefined, 'a')).toBe(false);
  });

  it('fits availability facts only', () => {
    expect(operatorFits(hasStockAt, 'availability')).toBe(true);
    expect(operatorFits(hasStockAt, 'number')).toBe(false);
  });
});
