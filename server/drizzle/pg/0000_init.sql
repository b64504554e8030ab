CREATE TABLE "catalog_items" (
	"supplier_id" text NOT NULL,
	"supplier_sku" text NOT NULL,
	"sku" text NOT NULL,
	"gtin" text,
	"priority" integer NOT NULL,
	"cost" text,
	"currency" text,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "catalog_items_supplier_id_supplier_sku_pk" PRIMARY KEY("supplier_id","supplier_sku")
);
--> statement-breakpoint
CREATE TABLE "connector_state" (
	"connector_id" text NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "connector_state_connector_id_key_pk" PRIMARY KEY("connector_id","key")
);
--> statement-breakpoint
CREATE TABLE "connectors" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"config" jsonb NOT NULL,
	"secrets_enc" text,
	"enabled" boolean NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"connector_id" text NOT NULL,
	"delivery_id" text NOT NULL,
	"topic" text,
	"status" text NOT NULL,
	"headers" jsonb NOT NULL,
	"body" text NOT NULL,
	"error" text,
	"received_at" bigint NOT NULL,
	"processed_at" bigint
);
--> statement-breakpoint
CREATE TABLE "events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"schema_version" integer NOT NULL,
	"source" text NOT NULL,
	"order_id" text,
	"occurred_at" text NOT NULL,
	"recorded_at" bigint NOT NULL,
	"delivery_id" text,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"max_attempts" integer NOT NULL,
	"run_at" bigint NOT NULL,
	"lease_until" bigint,
	"locked_by" text,
	"last_error" text,
	"dedupe_key" text,
	"order_id" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"finished_at" bigint
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"number" text NOT NULL,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"total" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"store_version" text NOT NULL,
	"tracking_token" text NOT NULL,
	"customer_email" text,
	"tags" jsonb NOT NULL,
	"placed_at" bigint NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"supplier_order_id" text,
	"supplier_id" text,
	"carrier" text NOT NULL,
	"tracking_number" text NOT NULL,
	"tracking_url" text,
	"status" text NOT NULL,
	"lines" jsonb NOT NULL,
	"last_event" text,
	"estimated_delivery_at" text,
	"shipped_at" bigint NOT NULL,
	"delivered_at" bigint,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supplier_orders" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"supplier_id" text NOT NULL,
	"status" text NOT NULL,
	"lines" jsonb NOT NULL,
	"attempt" integer NOT NULL,
	"external_id" text,
	"placed_at" bigint,
	"acknowledged_at" bigint,
	"shipped_at" bigint,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supplier_stock" (
	"supplier_id" text NOT NULL,
	"supplier_sku" text NOT NULL,
	"quantity" integer NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "supplier_stock_supplier_id_supplier_sku_pk" PRIMARY KEY("supplier_id","supplier_sku")
);
--> statement-breakpoint
CREATE INDEX "catalog_items_sku_idx" ON "catalog_items" USING btree ("sku");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_connector_delivery_uq" ON "deliveries" USING btree ("connector_id","delivery_id");--> statement-breakpoint
CREATE INDEX "deliveries_received_idx" ON "deliveries" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "events_id_uq" ON "events" USING btree ("id");--> statement-breakpoint
CREATE INDEX "events_order_idx" ON "events" USING btree ("order_id","seq");--> statement-breakpoint
CREATE INDEX "events_type_idx" ON "events" USING btree ("type","seq");--> statement-breakpoint
CREATE INDEX "jobs_claim_idx" ON "jobs" USING btree ("status","run_at");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_dedupe_uq" ON "jobs" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "jobs_order_idx" ON "jobs" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_source_external_uq" ON "orders" USING btree ("source","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_tracking_token_uq" ON "orders" USING btree ("tracking_token");--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "orders_status_idx" ON "orders" USING btree ("status");--> statement-breakpoint
CREATE INDEX "orders_customer_email_idx" ON "orders" USING btree ("customer_email");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_tracking_uq" ON "shipments" USING btree ("carrier","tracking_number");--> statement-breakpoint
CREATE INDEX "shipments_order_idx" ON "shipments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "supplier_orders_order_idx" ON "supplier_orders" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "supplier_orders_supplier_idx" ON "supplier_orders" USING btree ("supplier_id","status");