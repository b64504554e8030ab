export * from './countries.ts';
export * from './currencies.ts';
export * as money from './money.ts';
export { MoneySchema, type Money } from './money.ts';
export * from './time.ts';
export * from './order.ts';
export * from './events.ts';
export * from './validation.ts';
