CREATE TABLE `catalog_items` (
	`supplier_id` text NOT NULL,
	`supplier_sku` text NOT NULL,
	`sku` text NOT NULL,
	`gtin` text,
	`priority` integer NOT NULL,
	`cost` text,
	`currency` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`supplier_id`, `supplier_sku`)
);
--> statement-breakpoint
CREATE INDEX `catalog_items_sku_idx` ON `catalog_items` (`sku`);--> statement-breakpoint
CREATE TABLE `connector_state` (
	`connector_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`connector_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `connectors` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`config` text NOT NULL,
	`secrets_enc` text,
	`enabled` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`connector_id` text NOT NULL,
	`delivery_id` text NOT NULL,
	`topic` text,
	`status` text NOT NULL,
	`headers` text NOT NULL,
	`body` text NOT NULL,
	`error` text,
	`received_at` integer NOT NULL,
	`processed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_connector_delivery_uq` ON `deliveries` (`connector_id`,`delivery_id`);--> statement-breakpoint
CREATE INDEX `deliveries_received_idx` ON `deliveries` (`received_at`);--> statement-breakpoint
CREATE TABLE `events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`schema_version` integer NOT NULL,
	`source` text NOT NULL,
	`order_id` text,
	`occurred_at` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`delivery_id` text,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_id_uq` ON `events` (`id`);--> statement-breakpoint
CREATE INDEX `events_order_idx` ON `events` (`order_id`,`seq`);--> statement-breakpoint
CREATE INDEX `events_type_idx` ON `events` (`type`,`seq`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`max_attempts` integer NOT NULL,
	`run_at` integer NOT NULL,
	`lease_until` integer,
	`locked_by` text,
	`last_error` text,
	`dedupe_key` text,
	`order_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `jobs_claim_idx` ON `jobs` (`status`,`run_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_dedupe_uq` ON `jobs` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `jobs_order_idx` ON `jobs` (`order_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`number` text NOT NULL,
	`status` text NOT NULL,
	`currency` text NOT NULL,
	`total` text NOT NULL,
	`snapshot` text NOT NULL,
	`store_version` text NOT NULL,
	`tracking_token` text NOT NULL,
	`customer_email` text,
	`tags` text NOT NULL,
	`placed_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_source_external_uq` ON `orders` (`source`,`external_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_tracking_token_uq` ON `orders` (`tracking_token`);--> statement-breakpoint
CREATE INDEX `orders_created_idx` ON `orders` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `orders_status_idx` ON `orders` (`status`);--> statement-breakpoint
CREATE INDEX `orders_customer_email_idx` ON `orders` (`customer_email`);--> statement-breakpoint
CREATE TABLE `shipments` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`supplier_order_id` text,
	`supplier_id` text,
	`carrier` text NOT NULL,
	`tracking_number` text NOT NULL,
	`tracking_url` text,
	`status` text NOT NULL,
	`lines` text NOT NULL,
	`last_event` text,
	`estimated_delivery_at` text,
	`shipped_at` integer NOT NULL,
	`delivered_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shipments_tracking_uq` ON `shipments` (`carrier`,`tracking_number`);--> statement-breakpoint
CREATE INDEX `shipments_order_idx` ON `shipments` (`order_id`);--> statement-breakpoint
CREATE TABLE `supplier_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`supplier_id` text NOT NULL,
	`status` text NOT NULL,
	`lines` text NOT NULL,
	`attempt` integer NOT NULL,
	`external_id` text,
	`placed_at` integer,
	`acknowledged_at` integer,
	`shipped_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `supplier_orders_order_idx` ON `supplier_orders` (`order_id`);--> statement-breakpoint
CREATE INDEX `supplier_orders_supplier_idx` ON `supplier_orders` (`supplier_id`,`status`);--> statement-breakpoint
CREATE TABLE `supplier_stock` (
	`supplier_id` text NOT NULL,
	`supplier_sku` text NOT NULL,
	`quantity` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`supplier_id`, `supplier_sku`)
);
