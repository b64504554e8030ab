/** @module Whether a supplier reported enough stock for the line's ordered quantity. */
import { z } from 'zod';
import { defineOperator } from './define-operator.ts';

/** The value of an `availability` fact: the quantity still to place and each candidate's reported stock. */
export interface Availability {
  quantity: number;
  /** Per supplier id: last reported stock, null when the supplier never reported it. */
  stock: Record<string, number | null>;
}

export const hasStockAt = defineOperator({
  name: 'hasStockAt',
  title: 'has stock at supplier',
  description: 'The supplier carries the SKU and reported at least the ordered quantity (unknown stock does not count).',
  fits: ['availability'],
  value: { kind: 'schema', schema: z.string().min(1).meta({ ui: { widget: 'supplier' } }), title: 'Supplier' },
  evaluate: (a, b) => {
    if (typeof b !== 'string' || a === null || typeof a !== 'object') return false;
    const { quantity, stock } = a as Availability;
    const s = Object.hasOwn(stock, b) ? stock[b] : undefined;
    return typeof s === 'number' && s >= quantity;
  },
});
