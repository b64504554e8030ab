/** @module Amounts for display: the model's decimal strings with their currency ("$161.04", "€12.00"). */
import { LOCALE } from './locale.ts';

/**
 * Display only: the amount is shown, never computed with, so a float is fine here.
 * @example formatMoney('161.04', 'USD') // "$161.04"
 */
export function formatMoney(amount: string, currency: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return `${amount} ${currency}`;
  try {
    return new Intl.NumberFormat(LOCALE, { style: 'currency', currency }).format(value);
  } catch {
    // A code Intl does not know: show it plainly rather than fail the page.
    return `${amount} ${currency}`;
  }
}
