/** @module The hub's core tables: connectors, the inbox, jobs, orders and their events, fulfilment, stock. */
import { sql } from 'drizzle-orm';
import type { ColumnBuilders } from '../column-builders.ts';
import type { DeliveryStatus, JobStatus, StoredHeaders } from '../types.ts';

export function defineCoreTables(b: ColumnBuilders) {
  const connectors = b.table('connectors', {
    id: b.text('id').primaryKey(),
    type: b.text('type').notNull(),
    kind: b.text('kind').notNull(),
    name: b.text('name').notNull(),
    config: b.json<Record<string, unknown>>('config').notNull(),
    /** AES-256-GCM envelope; never leaves the server. */
    secretsEnc: b.text('secrets_enc'),
    enabled: b.bool('enabled').notNull(),
    createdAt: b.ms('created_at').notNull(),
    updatedAt: b.ms('updated_at').notNull(),
  });

  const deliveries = b.table(
    'deliveries',
    {
      id: b.text('id').primaryKey(),
      connectorId: b.text('connector_id').notNull(),
      /** The sender's id for the delivery (e.g. X-Shopify-Webhook-Id), or a digest of the body. */
      deliveryId: b.text('delivery_id').notNull(),
      topic: b.text('topic'),
      status: b.text('status').$type<DeliveryStatus>().notNull(),
      headers: b.json<StoredHeaders>('headers').notNull(),
      body: b.text('body').notNull(),
      error: b.text('error'),
      receivedAt: b.ms('received_at').notNull(),
      processedAt: b.ms('processed_at'),
    },
    (t) => [
      b.uniqueIndex('deliveries_connector_delivery_uq').on(t.connectorId, t.deliveryId),
    ],
  );

  const jobs = b.table(
    'jobs',
    {
      id: b.serial('id'),
      type: b.text('type').notNull(),
      payload: b.json<Record<string, unknown>>('payload').notNull(),
      status: b.text('status').$type<JobStatus>().notNull(),
      attempts: b.int('attempts').notNull(),
      maxAttempts: b.int('max_attempts').notNull(),
      runAt: b.ms('run_at').notNull(),
      leaseUntil: b.ms('lease_until'),
      lockedBy: b.text('locked_by'),
      lastError: b.text('last_error'),
      /** At most one live job per key: enqueuing the same work twice is a no-op. */
      dedupeKey: b.text('dedupe_key'),
      orderId: b.text('order_id'),
      createdAt: b.ms('created_at').notNull(),
      updatedAt: b.ms('updated_at').notNull(),
      finishedAt: b.ms('finished_at'),
    },
    (t) => [
      b.index('jobs_claim_idx').on(t.status, t.runAt, t.id),
      // Partial: most jobs have neither, and an index entry per NULL is write cost for nothing.
      b.uniqueIndex('jobs_dedupe_uq').on(t.dedupeKey).where(sql`dedupe_key is not null`),
      b.index('jobs_order_idx').on(t.orderId).where(sql`order_id is not null`),
    ],
  );

  const orders = b.table(
    'orders',
    {
      id: b.text('id').primaryKey(),
      source: b.text('source').notNull(),
      externalId: b.text('external_id').notNull(),
      number: b.text('number').notNull(),
      status: b.text('status').notNull(),
      currency: b.text('currency').notNull(),
      total: b.text('total').notNull(),
      /** The canonical snapshot (lines, addresses, customer, …). */
      snapshot: b.json<Record<string, unknown>>('snapshot').notNull(),
      /** The store's `updatedAt` of the snapshot we hold: older updates are stale and dropped. */
      storeVersion: b.text('store_version').notNull(),
      trackingToken: b.text('tracking_token').notNull(),
      customerEmail: b.text('customer_email'),
      /** For fraud-velocity facts: the buyer's IP, and the ship-to address as "line1|postal code|country". */
      clientIp: b.text('client_ip'),
      shipToKey: b.text('ship_to_key'),
      /** The shipping address's validation (verdict, corrected address), kept beside the original. */
      addressCheck: b.json<Record<string, unknown>>('address_check'),
      tags: b.json<string[]>('tags').notNull(),
      placedAt: b.ms('placed_at').notNull(),
      createdAt: b.ms('created_at').notNull(),
      updatedAt: b.ms('updated_at').notNull(),
    },
    (t) => [
      b.uniqueIndex('orders_source_external_uq').on(t.source, t.externalId),
      b.uniqueIndex('orders_tracking_token_uq').on(t.trackingToken),
      b.index('orders_created_idx').on(t.createdAt, t.id),
      b.index('orders_status_idx').on(t.status),
      b.index('orders_customer_email_idx').on(t.customerEmail),
      b.index('orders_client_ip_idx').on(t.clientIp),
      b.index('orders_ship_to_key_idx').on(t.shipToKey),
    ],
  );

  const events = b.table(
    'events',
    {
      /** Global insertion order: live streams and replays read by it. */
      seq: b.serial('seq'),
      id: b.text('id').notNull(),
      type: b.text('type').notNull(),
      schemaVersion: b.int('schema_version').notNull(),
      source: b.text('source').notNull(),
      orderId: b.text('order_id'),
      occurredAt: b.text('occurred_at').notNull(),
      recordedAt: b.ms('recorded_at').notNull(),
      deliveryId: b.text('delivery_id'),
      data: b.json<Record<string, unknown>>('data').notNull(),
    },
    (t) => [
      b.uniqueIndex('events_id_uq').on(t.id),
      b.index('events_order_idx').on(t.orderId, t.seq),
      b.index('events_type_idx').on(t.type, t.seq),
    ],
  );

  const supplierOrders = b.table(
    'supplier_orders',
    {
      /** The purchase-order number, unique and stable: also the idempotency key of its placement. */
      id: b.text('id').primaryKey(),
      orderId: b.text('order_id').notNull(),
      supplierId: b.text('supplier_id').notNull(),
      status: b.text('status').notNull(),
      lines: b.json<Array<Record<string, unknown>>>('lines').notNull(),
      attempt: b.int('attempt').notNull(),
      externalId: b.text('external_id'),
      placedAt: b.ms('placed_at'),
      acknowledgedAt: b.ms('acknowledged_at'),
      shippedAt: b.ms('shipped_at'),
      createdAt: b.ms('created_at').notNull(),
      updatedAt: b.ms('updated_at').notNull(),
    },
    (t) => [b.index('supplier_orders_order_idx').on(t.orderId), b.index('supplier_orders_supplier_idx').on(t.supplierId, t.status)],
  );

  const shipments = b.table(
    'shipments',
    {
      id: b.text('id').primaryKey(),
      orderId: b.text('order_id').notNull(),
      supplierOrderId: b.text('supplier_order_id'),
      supplierId: b.text('supplier_id'),
      carrier: b.text('carrier').notNull(),
      trackingNumber: b.text('tracking_number').notNull(),
      trackingUrl: b.text('tracking_url'),
      status: b.text('status').notNull(),
      lines: b.json<Array<Record<string, unknown>>>('lines').notNull(),
      lastEvent: b.text('last_event'),
      estimatedDeliveryAt: b.text('estimated_delivery_at'),
      shippedAt: b.ms('shipped_at').notNull(),
      deliveredAt: b.ms('delivered_at'),
      updatedAt: b.ms('updated_at').notNull(),
    },
    (t) => [b.uniqueIndex('shipments_tracking_uq').on(t.carrier, t.trackingNumber), b.index('shipments_order_idx').on(t.orderId)],
  );

  const catalogItems = b.table(
    'catalog_items',
    {
      supplierId: b.text('supplier_id').notNull(),
      supplierSku: b.text('supplier_sku').notNull(),
      /** The store's SKU this supplier item fulfils. */
      sku: b.text('sku').notNull(),
      gtin: b.text('gtin'),
      /** Lower is preferred when several suppliers carry the SKU. */
      priority: b.int('priority').notNull(),
      cost: b.text('cost'),
      currency: b.text('currency'),
      updatedAt: b.ms('updated_at').notNull(),
    },
    (t) => [b.primaryKey({ columns: [t.supplierId, t.supplierSku] }), b.index('catalog_items_sku_idx').on(t.sku)],
  );

  const supplierStock = b.table(
    'supplier_stock',
    {
      supplierId: b.text('supplier_id').notNull(),
      supplierSku: b.text('supplier_sku').notNull(),
      quantity: b.int('quantity').notNull(),
      updatedAt: b.ms('updated_at').notNull(),
    },
    (t) => [b.primaryKey({ columns: [t.supplierId, t.supplierSku] })],
  );

  const connectorState = b.table(
    'connector_state',
    {
      connectorId: b.text('connector_id').notNull(),
      key: b.text('key').notNull(),
      value: b.json<unknown>('value').notNull(),
      updatedAt: b.ms('updated_at').notNull(),
    },
    (t) => [b.primaryKey({ columns: [t.connectorId, t.key] })],
  );

  return { connectors, deliveries, jobs, orders, events, supplierOrders, shipments, catalogItems, supplierStock, connectorState };
}