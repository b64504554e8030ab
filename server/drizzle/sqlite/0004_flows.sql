CREATE TABLE `flow_versions` (
	`flow_id` text NOT NULL,
	`version` integer NOT NULL,
	`flow` text NOT NULL,
	`message` text NOT NULL,
	`author` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`flow_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `flows` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`trigger` text NOT NULL,
	`draft` text NOT NULL,
	`draft_updated_at` integer NOT NULL,
	`draft_updated_by` text NOT NULL,
	`published_version` integer,
	`shadow_version` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shadow_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`flow_id` text NOT NULL,
	`version` integer NOT NULL,
	`order_id` text NOT NULL,
	`decision` text NOT NULL,
	`live_flow` text NOT NULL,
	`live_version` integer NOT NULL,
	`differs` integer NOT NULL,
	`diff` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `shadow_decisions_flow_idx` ON `shadow_decisions` (`flow_id`,`id`);--> statement-breakpoint
ALTER TABLE `orders` ADD `client_ip` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `ship_to_key` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `address_check` text;--> statement-breakpoint
CREATE INDEX `orders_client_ip_idx` ON `orders` (`client_ip`);--> statement-breakpoint
CREATE INDEX `orders_ship_to_key_idx` ON `orders` (`ship_to_key`);