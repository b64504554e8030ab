/**
 * @module Money as decimal strings.
 *
 * Amounts travel as strings ("598.94") and are computed with big.js, never with binary floats:
 * 0.1 + 0.2 must stay 0.3 when it is somebody's refund.
 */
import Big from 'big.js';
import { z } from 'zod';
import { minorUnits } from './currencies.ts';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A decimal amount as a string, e.g. "19.99". Numbers are accepted on input and turned into strings. */
export const MoneySchema = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const s = typeof v === 'number' ? numberToDecimal(v) : v.trim();
    if (!DECIMAL.test(s)) {
      ctx.addIssue({ code: 'custom', message: `expected a decimal amount such as "19.99", got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return s;
  })
  .meta({ title: 'Amount', type: 'string', format: 'decimal', ui: { widget: 'money' } });

export type Money = string;

function numberToDecimal(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return new Big(n).toString();
}

export function isDecimal(s: string): boolean {
  return DECIMAL.test(s);
}

export function add(...amounts: Money[]): Money {
  return amounts.reduce((sum, a) => sum.plus(a), new Big(0)).toString();
}

export function sub(a: Money, b: Money): Money {
  return new Big(a).minus(b).toString();
}

export function mul(a: Money, factor: Money | number): Money {
  return new Big(a).times(factor).toString();
}

/** -1, 0 or 1, like a comparator. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  return new Big(a).cmp(b) as -1 | 0 | 1;
}

/** Rounds half-up to the currency's minor units and always shows them: format("5", "USD") → "5.00". */
export function toCurrencyPrecision(amount: Money, currency: string): Money {
  return new Big(amount).round(minorUnits(currency), Big.roundHalfUp).toFixed(minorUnits(currency));
}
