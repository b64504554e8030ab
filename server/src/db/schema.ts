/**
 * @module Every table, as one object: the core tables and each feature's own (one file per feature in
 * tables/). A feature adding tables adds its `define…Tables` here and its table names to the exports of
 * schema-sqlite.ts and schema-pg.ts (drizzle-kit reads migrations from those named exports).
 */
import type { ColumnBuilders } from './column-builders.ts';
import { defineCatalogTables } from './tables/catalog.ts';
import { defineCoreTables } from './tables/core.ts';
import { defineFlowTables } from './tables/flows.ts';
import { defineSubscriptionTables } from './tables/subscriptions.ts';
import { defineSupplierTables } from './tables/suppliers.ts';

export { sqliteBuilders, type ColumnBuilders } from './column-builders.ts';

export function defineSchema(b: ColumnBuilders) {
  return { ...defineCoreTables(b), ...defineSupplierTables(b), ...defineCatalogTables(b), ...defineSubscriptionTables(b), ...defineFlowTables(b) };
}

export type Schema = ReturnType<typeof defineSchema>;
