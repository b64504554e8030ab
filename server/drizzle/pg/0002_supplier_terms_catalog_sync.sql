CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"supplier_id" text,
	"message" text NOT NULL,
	"data" jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"raised_at" bigint NOT NULL,
	"resolved_at" bigint
);
--> statement-breakpoint
CREATE TABLE "catalog_item_prices" (
	"supplier_id" text NOT NULL,
	"supplier_sku" text NOT NULL,
	"msrp" text,
	"map" text,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "catalog_item_prices_supplier_id_supplier_sku_pk" PRIMARY KEY("supplier_id","supplier_sku")
);
--> statement-breakpoint
CREATE TABLE "pricing_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"supplier_id" text,
	"brand" text,
	"category" text,
	"markup" text NOT NULL,
	"discount_percent" text,
	"discount_amount" text,
	"ending" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_products" (
	"store_id" text NOT NULL,
	"sku" text NOT NULL,
	"product_id" text,
	"variant_id" text,
	"title" text,
	"barcode" text,
	"vendor" text,
	"product_type" text,
	"tags" jsonb NOT NULL,
	"price" text,
	"compare_at_price" text,
	"safety_buffer" integer NOT NULL,
	"pushed_quantity" integer,
	"pushed_price" text,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "store_products_store_id_sku_pk" PRIMARY KEY("store_id","sku")
);
--> statement-breakpoint
CREATE TABLE "supplier_agreements" (
	"supplier_id" text NOT NULL,
	"version" integer NOT NULL,
	"terms" jsonb NOT NULL,
	"author" text NOT NULL,
	"note" text,
	"created_at" bigint NOT NULL,
	CONSTRAINT "supplier_agreements_supplier_id_version_pk" PRIMARY KEY("supplier_id","version")
);
--> statement-breakpoint
CREATE TABLE "supplier_feed_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"supplier_id" text NOT NULL,
	"source" text NOT NULL,
	"rows" integer NOT NULL,
	"changed" integer NOT NULL,
	"pushed" integer NOT NULL,
	"started_at" bigint NOT NULL,
	"finished_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_dedupe_uq" ON "alerts" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "alerts_open_idx" ON "alerts" USING btree ("supplier_id","code") WHERE resolved_at is null;--> statement-breakpoint
CREATE INDEX "alerts_raised_idx" ON "alerts" USING btree ("raised_at");--> statement-breakpoint
CREATE INDEX "store_products_sku_idx" ON "store_products" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "store_products_barcode_idx" ON "store_products" USING btree ("barcode");--> statement-breakpoint
CREATE INDEX "supplier_feed_runs_supplier_idx" ON "supplier_feed_runs" USING btree ("supplier_id","finished_at");