-- Stock digests (server/src/inventory/stock-digest.ts): a long feed leaves a compact picture of the
-- supplier's stock and costs, which the next feed reads instead of a million rows, brought up to date
-- with the SKUs written since. Those are kept by the database, not by the code that writes: every
-- statement that inserts, updates or deletes a supplier's stock or mappings (an order's reservation, a
-- webhook's stock, a catalog import, an edit by hand) records the SKUs with its transaction's id (the
-- statement-level triggers below, one per event because a transition table belongs to one event),
-- unless it is a feed's own write transaction, which sets `dropline.stock_writer` to its supplier (SET
-- LOCAL) and leaves a new digest. A digest keeps the snapshot it was read in; the changes it lacks are
-- those of transactions not visible in it (pg_visible_in_snapshot). No counter row is locked: writers of
-- one supplier's stock on several hubs don't queue behind one another. Needs PostgreSQL 13 or later.
-- (stock_generations is SQLite's; unused here.)
CREATE TABLE "stock_changes" (
	"supplier_id" text NOT NULL,
	"supplier_sku" text NOT NULL,
	"generation" bigint NOT NULL,
	CONSTRAINT "stock_changes_supplier_id_supplier_sku_pk" PRIMARY KEY("supplier_id","supplier_sku")
);
--> statement-breakpoint
CREATE TABLE "stock_digest_pages" (
	"supplier_id" text NOT NULL,
	"page" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "stock_digest_pages_supplier_id_page_pk" PRIMARY KEY("supplier_id","page")
);
--> statement-breakpoint
CREATE TABLE "stock_digests" (
	"supplier_id" text PRIMARY KEY NOT NULL,
	"format" integer NOT NULL,
	"generation" bigint NOT NULL,
	"snapshot" text,
	"items" integer NOT NULL,
	"pages" integer NOT NULL,
	"written_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock_generations" (
	"supplier_id" text PRIMARY KEY NOT NULL,
	"generation" bigint NOT NULL,
	"writing" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stock_changes_generation_idx" ON "stock_changes" USING btree ("supplier_id","generation");
--> statement-breakpoint
-- A digest's pages are hashes, which don't compress: stored out of line without trying.
ALTER TABLE "stock_digest_pages" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;
--> statement-breakpoint
CREATE FUNCTION "record_stock_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "stock_changes" ("supplier_id", "supplier_sku", "generation")
	SELECT DISTINCT "supplier_id", "supplier_sku", pg_current_xact_id()::text::bigint FROM "changed"
	WHERE "supplier_id" IS DISTINCT FROM current_setting('dropline.stock_writer', true)
	ON CONFLICT ("supplier_id", "supplier_sku") DO UPDATE SET "generation" = excluded."generation";
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "supplier_stock_changes_insert" AFTER INSERT ON "supplier_stock" REFERENCING NEW TABLE AS "changed"
	FOR EACH STATEMENT EXECUTE FUNCTION "record_stock_changes"();
--> statement-breakpoint
CREATE TRIGGER "supplier_stock_changes_update" AFTER UPDATE ON "supplier_stock" REFERENCING NEW TABLE AS "changed"
	FOR EACH STATEMENT EXECUTE FUNCTION "record_stock_changes"();
--> statement-breakpoint
CREATE TRIGGER "supplier_stock_changes_delete" AFTER DELETE ON "supplier_stock" REFERENCING OLD TABLE AS "changed"
	FOR EACH STATEMENT EXECUTE FUNCTION "record_stock_changes"();
--> statement-breakpoint
CREATE TRIGGER "catalog_items_changes_insert" AFTER INSERT ON "catalog_items" REFERENCING NEW TABLE AS "changed"
	FOR EACH STATEMENT EXECUTE FUNCTION "record_stock_changes"();
--> statement-breakpoint
CREATE TRIGGER "catalog_items_changes_update" AFTER UPDATE ON "catalog_items" REFERENCING NEW TABLE AS "changed"
	FOR EACH STATEMENT EXECUTE FUNCTION "record_stock_changes"();
--> statement-breakpoint
CREATE TRIGGER "catalog_items_changes_delete" AFTER DELETE ON "catalog_items" REFERENCING OLD TABLE AS "changed"
	FOR EACH STATEMENT EXECUTE FUNCTION "record_stock_changes"();
