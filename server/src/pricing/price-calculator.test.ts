import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { ceilWithEnding, nearestWithEnding, retailPrice, selectRule, type PricingRule } from './price-calculator.ts';

let seq = 0;
const rule = (r: Partial<PricingRule>): PricingRule => ({
  id: `r${++seq}`,
  name: r.name ?? `rule ${seq}`,
  supplierId: null,
  brand: null,
  category: null,
  markup: '2',
  discountPercent: null,
  discountAmount: null,
  ending: null,
  createdAt: seq,
  ...r,
});

describe('retail price', () => {
  it('is cost × markup in decimal arithmetic, rounded half-up to cents', () => {
    expect(retailPrice(rule({ markup: '1.1' }), { cost: '0.1', currency: 'USD' })).toEqual({ price: '0.11', floor: null });
    expect(retailPrice(rule({ markup: '1.35' }), { cost: '10.10', currency: 'USD' }).price).toBe('13.64'); // 13.635 → 13.64
    expect(retailPrice(rule({ markup: '3' }), { cost: '33.33', currency: 'JPY' }).price).toBe('100');
  });

  it('takes a percentage discount, then an amount', () => {
    expect(retailPrice(rule({ markup: '2', discountPercent: '10', discountAmount: '1.00' }), { cost: '10.00', currency: 'USD' }).price).toBe('17.00');
  });

  it('rounds to the nearest price with the ending, halfway up', () => {
    expect(retailPrice(rule({ markup: '2', ending: '0.99' }), { cost: '11.70', currency: 'USD' }).price).toBe('22.99'); // 23.40 → 22.99
    expect(retailPrice(rule({ markup: '2', ending: '0.99' }), { cost: '11.76', currency: 'USD' }).price).toBe('23.99'); // 23.52 → 23.99
    expect(nearestWithEnding(new Big('23.49'), '0.99', 2).toFixed(2)).toBe('23.99'); // exactly halfway between 22.99 and 23.99
    expect(nearestWithEnding(new Big('0.20'), '0.99', 2).toFixed(2)).toBe('0.99'); // nothing below 0.99 that is ≥ 0
    expect(nearestWithEnding(new Big('5.95'), '.95', 2).toFixed(2)).toBe('5.95');
  });

  it('never goes below the MAP: up to the next price with the ending at or above it', () => {
    const r = rule({ markup: '1.5', ending: '0.99' });
    expect(retailPrice(r, { cost: '10.00', map: '19.50', currency: 'USD' })).toEqual({ price: '19.99', floor: 'map' });
    expect(retailPrice(r, { cost: '10.00', map: '19.00', currency: 'USD' })).toEqual({ price: '19.99', floor: 'map' });
    expect(retailPrice(rule({ markup: '1.5' }), { cost: '10.00', map: '19.50', currency: 'USD' })).toEqual({ price: '19.50', floor: 'map' });
  });

  it('ignores the MAP when the agreement does not enforce it', () => {
    expect(retailPrice(rule({ markup: '1.5' }), { cost: '10.00', map: '19.50', currency: 'USD', mapEnforced: false })).toEqual({ price: '15.00', floor: null });
  });

  it('never goes below cost, even with a large discount or a low markup', () => {
    expect(retailPrice(rule({ markup: '1.2', discountPercent: '30' }), { cost: '10.00', currency: 'USD' })).toEqual({ price: '10.00', floor: 'cost' });
    expect(retailPrice(rule({ markup: '1', discountAmount: '5' }), { cost: '3.00', currency: 'USD' })).toEqual({ price: '3.00', floor: 'cost' });
    expect(retailPrice(rule({ markup: '1.03', ending: '0.99' }), { cost: '10.00', currency: 'USD' })).toEqual({ price: '10.99', floor: 'cost' }); // 10.30 → 9.99 → up to 10.99
    expect(ceilWithEnding(new Big('10.49'), '0.49', 2).toFixed(2)).toBe('10.49');
  });

  it('a MAP below cost does not lower the floor', () => {
    expect(retailPrice(rule({ markup: '0.5' }), { cost: '10.00', map: '8.00', currency: 'USD' })).toEqual({ price: '10.00', floor: 'cost' });
  });
});

describe('rule selection', () => {
  const product = { supplierId: 'acme', vendor: 'Nordic Mugs', productType: 'Kitchen', tags: ['gift', 'Sale'] };

  it('takes the rule with the most matching conditions', () => {
    const rules = [rule({ name: 'default' }), rule({ name: 'brand', brand: 'nordic mugs' }), rule({ name: 'brand+category', brand: 'Nordic Mugs', category: 'kitchen' })];
    expect(selectRule(rules, product)?.name).toBe('brand+category');
  });

  it('with equal counts: supplier before brand before category', () => {
    const rules = [rule({ name: 'category', category: 'Kitchen' }), rule({ name: 'brand', brand: 'Nordic Mugs' }), rule({ name: 'supplier', supplierId: 'acme' })];
    expect(selectRule(rules, product)?.name).toBe('supplier');
    expect(selectRule(rules.slice(0, 2), product)?.name).toBe('brand');
  });

  it('matches a category by product type or by tag, case-insensitively', () => {
    expect(selectRule([rule({ name: 'sale', category: 'sale' })], product)?.name).toBe('sale');
    expect(selectRule([rule({ name: 'toys', category: 'Toys' })], product)).toBeUndefined();
  });

  it('skips rules any of whose conditions fail, and falls back to the default', () => {
    const rules = [rule({ name: 'default' }), rule({ name: 'other supplier + brand', supplierId: 'globex', brand: 'Nordic Mugs' })];
    expect(selectRule(rules, product)?.name).toBe('default');
  });

  it('the older rule wins a tie', () => {
    const older = rule({ name: 'older', brand: 'Nordic Mugs' });
    const newer = rule({ name: 'newer', brand: 'Nordic Mugs' });
    expect(selectRule([newer, older], product)?.name).toBe('older');
  });
});
