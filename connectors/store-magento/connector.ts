/**
 * @module Magento 2 / Adobe Commerce store connector.
 *
 * Inbound: Magento Open Source sends no webhooks, so the connector polls `GET /V1/orders` by `updated_at`
 * with a cursor kept in its state (see poll-orders.ts): each new order version enters the inbox as its own
 * delivery, deduplicated across restarts. Stale versions are told apart by `updated_at`.
 *
 * Outbound: the REST API with an integration access token: `ship` with tracks, credit memos, cancel,
 * order comments, stock items and bulk prices.
 */
import { z } from 'zod';
import { defineConnector } from '../sdk/define-connector.ts';
import { setMagentoInventory, updateMagentoPrices } from './catalog-push.ts';
import { createMagentoShipment } from './fulfil.ts';
import { annotateMagentoOrder, cancelMagentoOrder } from './order-changes.ts';
import { acknowledgeMagentoOrders, pollMagentoOrders } from './poll-orders.ts';
import { createMagentoCreditMemo } from './refund.ts';

const config = z.object({
  baseUrl: z.url().meta({ title: 'Store URL', description: 'The store\'s base URL; the API is under /rest/V1', ui: { placeholder: 'https://shop.example.com' } }),
  storeCode: z
    .string()
    .regex(/^[a-z0-9_]+$/)
    .optional()
    .meta({ title: 'Store view code', description: 'Calls /rest/{code}/V1 instead of the default store view', ui: { advanced: true } }),
  pollIntervalSeconds: z.number().int().min(1).max(3600).default(60).meta({ title: 'Poll every (seconds)' }),
  since: z
    .iso.datetime({ offset: true })
    .optional()
    .meta({ title: 'Import orders updated since', description: 'Empty: only orders updated after the first poll', ui: { advanced: true } }),
  pageSize: z.number().int().min(1).max(300).default(50).meta({ title: 'Orders per page', ui: { advanced: true } }),
  maxPagesPerPoll: z.number().int().min(1).max(100).default(20).meta({ title: 'Pages per poll', ui: { advanced: true } }),
  overlapSeconds: z.number().int().min(0).max(600).default(10).meta({ title: 'Re-read window (seconds)', description: 'Each poll re-reads this much before the cursor, for late commits', ui: { advanced: true } }),
});

const secrets = z.object({
  accessToken: z.string().min(1).meta({ title: 'Integration access token', ui: { widget: 'password' } }),
});

export const magento = defineConnector({
  type: 'magento',
  kind: 'store',
  title: 'Magento 2 / Adobe Commerce',
  description: 'Orders in by polling the REST API; shipments with tracking, credit memos, cancellations, comments, stock and prices back.',
  config,
  secrets,
  poll: {
    intervalMs: (c) => c.pollIntervalSeconds * 1000,
    run: pollMagentoOrders,
    acknowledge: acknowledgeMagentoOrders,
  },
  actions: {
    createFulfillment: createMagentoShipment,
    cancelOrder: cancelMagentoOrder,
    refund: createMagentoCreditMemo,
    setInventoryLevels: setMagentoInventory,
    updatePrices: updateMagentoPrices,
    annotateOrder: annotateMagentoOrder,
  },
});
