/**
 * @module Money comparisons in decimals: "0.10" equals "0.1", "100.005" is more than "100.00", and no amount
 * ever passes through a binary float. Both sides must be decimal strings; anything else does not match.
 */
import { money } from '@dropline/connectors/model';
import { defineOperator, type OperatorDefinition } from './define-operator.ts';

function compareMoney(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
  if (typeof a !== 'string' || typeof b !== 'string') return undefined;
  const left = a.trim();
  const right = b.trim();
  if (!money.isDecimal(left) || !money.isDecimal(right)) return undefined;
  return money.compare(left, right);
}

function moneyOperator(name: string, title: string, description: string, test: (c: -1 | 0 | 1) => boolean): OperatorDefinition {
  return defineOperator({
    name,
    title,
    description,
    fits: ['money'],
    value: { kind: 'same' },
    evaluate: (a, b) => {
      const c = compareMoney(a, b);
      return c !== undefined && test(c);
    },
  });
}

export const moneyEqual = moneyOperator('moneyEqual', '= amount', 'The amount equals the value ("10" equals "10.00").', (c) => c === 0);
export const moneyNotEqual = moneyOperator('moneyNotEqual', '≠ amount', 'The amount differs from the value.', (c) => c !== 0);
export const moneyGreaterThan = moneyOperator('moneyGreaterThan', '> amount', 'The amount is more than the value.', (c) => c > 0);
export const moneyGreaterThanInclusive = moneyOperator('moneyGreaterThanInclusive', '≥ amount', 'The amount is at least the value.', (c) => c >= 0);
export const moneyLessThan = moneyOperator('moneyLessThan', '< amount', 'The amount is less than the value.', (c) => c < 0);
export const moneyLessThanInclusive = moneyOperator('moneyLessThanInclusive', '≤ amount', 'The amount is at most the value.', (c) => c <= 0);
