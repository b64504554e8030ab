import { describe, expect, it } from 'vitest';
import { formatMoney } from './format-money.ts';

describe('formatMoney', () => {
  it('shows the amount in its currency', () => {
    expect(formatMoney('161.04', 'USD')).toBe('$161.04');
    expect(formatMoney('12', 'EUR')).toBe('€12.00');
    expect(formatMoney('1500', 'JPY')).toBe('¥1,500');
  });

  it('shows what it cannot format as it came', () => {
    expect(formatMoney('12.00', 'US')).toBe('12.00 US');
    expect(formatMoney('abc', 'USD')).toBe('abc USD');
  });
});
