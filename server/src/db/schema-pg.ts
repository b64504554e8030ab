/** @module The tables on PostgreSQL (named exports for drizzle-kit), from the one declaration in schema.ts. */
import { bigint, bigserial, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { defineSchema, type ColumnBuilders } from './schema.ts';

/**
 * The PostgreSQL builders take the same arguments as the SQLite ones. The cast is the one place where the
 * two dialects' types meet: repositories are typed against the SQLite tables and run on either.
 */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const pgBuilders = {
  table: pgTable,
  index,
  uniqueIndex,
  primaryKey,
  text: (name: string) => text(name),
  int: (name: string) => integer(name),
  ms: (name: string) => bigint(name, { mode: 'number' }),
  bool: (name: string) => boolean(name),
  json: (name: string) => jsonb(name),
  bytes: (name: string) => bytea(name),
  serial: (name: string) => bigserial(name, { mode: 'number' }).primaryKey(),
} as unknown as ColumnBuilders;

export const { connectors, deliveries, jobs, orders, events, supplierOrders, shipments, catalogItems, supplierStock, connectorState, supplierAgreements, alerts, storeProducts, catalogItemPrices, supplierFeedRuns, pricingRules, stockDigests, stockDigestPages, stockGenerations, stockChanges, subscriptions, subscriptionDeliveries, subscriptionAttempts, flows, flowVersions, shadowDecisions } = defineSchema(pgBuilders);
