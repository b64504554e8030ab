/** @module The tables on SQLite (named exports for drizzle-kit). */
import { defineSchema, sqliteBuilders } from './schema.ts';

export const { connectors, deliveries, jobs, orders, events, supplierOrders, shipments, catalogItems, supplierStock, connectorState, supplierAgreements, alerts, storeProducts, catalogItemPrices, supplierFeedRuns, pricingRules, stockDigests, stockDigestPages, stockGenerations, stockChanges, subscriptions, subscriptionDeliveries, subscriptionAttempts, flows, flowVersions, shadowDecisions } = defineSchema(sqliteBuilders);
