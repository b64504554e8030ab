import { describe, expect, it } from 'vitest';
import { AgreementTermsSchema } from './agreement-terms.ts';
import { capacityLimit } from './capacity.ts';
import { volumeDiscountPercent } from './supplier-facts.ts';
import { localDate, startOfLocalDay } from './zoned-time.ts';

describe('capacity limits', () => {
  const terms = AgreementTermsSchema.parse({
    capacity: { ordersPerDay: 100, peakOverrides: [{ from: '2026-11-20', to: '2026-12-24', ordersPerDay: 250 }, { from: '2026-12-25', to: '2026-12-26', ordersPerDay: 0 }] },
  });

  it('uses the base limit outside peak season and the override inside it (inclusive)', () => {
    expect(capacityLimit(terms, '2026-11-19')).toEqual({ limit: 100, peak: false });
    expect(capacityLimit(terms, '2026-11-20')).toEqual({ limit: 250, peak: true });
    expect(capacityLimit(terms, '2026-12-24')).toEqual({ limit: 250, peak: true });
    expect(capacityLimit(terms, '2026-12-25')).toEqual({ limit: 0, peak: true });
  });

  it('has no limit without capacity terms', () => {
    expect(capacityLimit(AgreementTermsSchema.parse({}), '2026-01-01')).toEqual({ limit: null, peak: false });
  });

  it('refuses a range that ends before it starts', () => {
    const r = AgreementTermsSchema.safeParse({ capacity: { ordersPerDay: 1, peakOverrides: [{ from: '2026-12-02', to: '2026-12-01', ordersPerDay: 5 }] } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path.join('.')).toBe('capacity.peakOverrides.0.to');
  });

  it('counts the day in the supplier’s time zone', () => {
    const at = Date.parse('2026-06-01T02:00:00Z'); // still 31 May in Los Angeles
    expect(localDate(at, 'America/Los_Angeles')).toBe('2026-05-31');
    expect(new Date(startOfLocalDay(at, 'America/Los_Angeles')).toISOString()).toBe('2026-05-31T07:00:00.000Z');
    expect(localDate(at, 'Asia/Tokyo')).toBe('2026-06-01');
  });
});

describe('volume discounts', () => {
  it('takes the tier with the largest minimum at or below the quantity', () => {
    const terms = AgreementTermsSchema.parse({ pricing: { volumeDiscounts: [{ minQuantity: 10, percent: '5' }, { minQuantity: 50, percent: '12.5' }] } });
    expect(volumeDiscountPercent(terms, 9)).toBeNull();
    expect(volumeDiscountPercent(terms, 10)).toBe('5');
    expect(volumeDiscountPercent(terms, 120)).toBe('12.5');
  });
});
