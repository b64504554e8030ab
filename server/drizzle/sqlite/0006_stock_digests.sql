-- Stock digests (server/src/inventory/stock-digest.ts): a long feed leaves a compact picture of the
-- supplier's stock and costs, which the next feed reads instead of a million rows, brought up to date
-- with the SKUs written since. Those are kept by the database, not by the code that writes: every insert,
-- update or delete of a supplier's stock or mappings (an order's reservation, a webhook's stock, a catalog
-- import, an edit by hand) moves the supplier's generation on and records the SKU with it (the triggers
-- below), unless it is a feed's own write transaction, which sets `writing` and leaves a new digest.
CREATE TABLE `stock_changes` (
	`supplier_id` text NOT NULL,
	`supplier_sku` text NOT NULL,
	`generation` integer NOT NULL,
	PRIMARY KEY(`supplier_id`, `supplier_sku`)
);
--> statement-breakpoint
CREATE INDEX `stock_changes_generation_idx` ON `stock_changes` (`supplier_id`,`generation`);--> statement-breakpoint
CREATE TABLE `stock_digest_pages` (
	`supplier_id` text NOT NULL,
	`page` integer NOT NULL,
	`bytes` blob NOT NULL,
	PRIMARY KEY(`supplier_id`, `page`)
);
--> statement-breakpoint
CREATE TABLE `stock_digests` (
	`supplier_id` text PRIMARY KEY NOT NULL,
	`format` integer NOT NULL,
	`generation` integer NOT NULL,
	`snapshot` text,
	`items` integer NOT NULL,
	`pages` integer NOT NULL,
	`written_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stock_generations` (
	`supplier_id` text PRIMARY KEY NOT NULL,
	`generation` integer NOT NULL,
	`writing` integer DEFAULT false NOT NULL
);

--> statement-breakpoint
CREATE TRIGGER `supplier_stock_changes_insert` AFTER INSERT ON `supplier_stock`
WHEN NOT EXISTS (SELECT 1 FROM `stock_generations` WHERE `supplier_id` = NEW.`supplier_id` AND `writing` = 1)
BEGIN
	INSERT INTO `stock_generations` (`supplier_id`, `generation`, `writing`) VALUES (NEW.`supplier_id`, 1, 0)
	ON CONFLICT (`supplier_id`) DO UPDATE SET `generation` = `generation` + 1;
	INSERT INTO `stock_changes` (`supplier_id`, `supplier_sku`, `generation`)
	SELECT NEW.`supplier_id`, NEW.`supplier_sku`, `generation` FROM `stock_generations` WHERE `supplier_id` = NEW.`supplier_id`
	ON CONFLICT (`supplier_id`, `supplier_sku`) DO UPDATE SET `generation` = excluded.`generation`;
END;
--> statement-breakpoint
CREATE TRIGGER `supplier_stock_changes_update` AFTER UPDATE ON `supplier_stock`
WHEN NOT EXISTS (SELECT 1 FROM `stock_generations` WHERE `supplier_id` = NEW.`supplier_id` AND `writing` = 1)
BEGIN
	INSERT INTO `stock_generations` (`supplier_id`, `generation`, `writing`) VALUES (NEW.`supplier_id`, 1, 0)
	ON CONFLICT (`supplier_id`) DO UPDATE SET `generation` = `generation` + 1;
	INSERT INTO `stock_changes` (`supplier_id`, `supplier_sku`, `generation`)
	SELECT NEW.`supplier_id`, NEW.`supplier_sku`, `generation` FROM `stock_generations` WHERE `supplier_id` = NEW.`supplier_id`
	ON CONFLICT (`supplier_id`, `supplier_sku`) DO UPDATE SET `generation` = excluded.`generation`;
END;
--> statement-breakpoint
CREATE TRIGGER `supplier_stock_changes_delete` AFTER DELETE ON `supplier_stock`
WHEN NOT EXISTS (SELECT 1 FROM `stock_generations` WHERE `supplier_id` = OLD.`supplier_id` AND `writing` = 1)
BEGIN
	INSERT INTO `stock_generations` (`supplier_id`, `generation`, `writing`) VALUES (OLD.`supplier_id`, 1, 0)
	ON CONFLICT (`supplier_id`) DO UPDATE SET `generation` = `generation` + 1;
	INSERT INTO `stock_changes` (`supplier_id`, `supplier_sku`, `generation`)
	SELECT OLD.`supplier_id`, OLD.`supplier_sku`, `generation` FROM `stock_generations` WHERE `supplier_id` = OLD.`supplier_id`
	ON CONFLICT (`supplier_id`, `supplier_sku`) DO UPDATE SET `generation` = excluded.`generation`;
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_items_changes_insert` AFTER INSERT ON `catalog_items`
WHEN NOT EXISTS (SELECT 1 FROM `stock_generations` WHERE `supplier_id` = NEW.`supplier_id` AND `writing` = 1)
BEGIN
	INSERT INTO `stock_generations` (`supplier_id`, `generation`, `writing`) VALUES (NEW.`supplier_id`, 1, 0)
	ON CONFLICT (`supplier_id`) DO UPDATE SET `generation` = `generation` + 1;
	INSERT INTO `stock_changes` (`supplier_id`, `supplier_sku`, `generation`)
	SELECT NEW.`supplier_id`, NEW.`supplier_sku`, `generation` FROM `stock_generations` WHERE `supplier_id` = NEW.`supplier_id`
	ON CONFLICT (`supplier_id`, `supplier_sku`) DO UPDATE SET `generation` = excluded.`generation`;
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_items_changes_update` AFTER UPDATE ON `catalog_items`
WHEN NOT EXISTS (SELECT 1 FROM `stock_generations` WHERE `supplier_id` = NEW.`supplier_id` AND `writing` = 1)
BEGIN
	INSERT INTO `stock_generations` (`supplier_id`, `generation`, `writing`) VALUES (NEW.`supplier_id`, 1, 0)
	ON CONFLICT (`supplier_id`) DO UPDATE SET `generation` = `generation` + 1;
	INSERT INTO `stock_changes` (`supplier_id`, `supplier_sku`, `generation`)
	SELECT NEW.`supplier_id`, NEW.`supplier_sku`, `generation` FROM `stock_generations` WHERE `supplier_id` = NEW.`supplier_id`
	ON CONFLICT (`supplier_id`, `supplier_sku`) DO UPDATE SET `generation` = excluded.`generation`;
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_items_changes_delete` AFTER DELETE ON `catalog_items`
WHEN NOT EXISTS (SELECT 1 FROM `stock_generations` WHERE `supplier_id` = OLD.`supplier_id` AND `writing` = 1)
BEGIN
	INSERT INTO `stock_generations` (`supplier_id`, `generation`, `writing`) VALUES (OLD.`supplier_id`, 1, 0)
	ON CONFLICT (`supplier_id`) DO UPDATE SET `generation` = `generation` + 1;
	INSERT INTO `stock_changes` (`supplier_id`, `supplier_sku`, `generation`)
	SELECT OLD.`supplier_id`, OLD.`supplier_sku`, `generation` FROM `stock_generations` WHERE `supplier_id` = OLD.`supplier_id`
	ON CONFLICT (`supplier_id`, `supplier_sku`) DO UPDATE SET `generation` = excluded.`generation`;
END;
