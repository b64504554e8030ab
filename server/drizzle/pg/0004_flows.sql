CREATE TABLE "flow_versions" (
	"flow_id" text NOT NULL,
	"version" integer NOT NULL,
	"flow" jsonb NOT NULL,
	"message" text NOT NULL,
	"author" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "flow_versions_flow_id_version_pk" PRIMARY KEY("flow_id","version")
);
--> statement-breakpoint
CREATE TABLE "flows" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"trigger" text NOT NULL,
	"draft" jsonb NOT NULL,
	"draft_updated_at" bigint NOT NULL,
	"draft_updated_by" text NOT NULL,
	"published_version" integer,
	"shadow_version" integer,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shadow_decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"flow_id" text NOT NULL,
	"version" integer NOT NULL,
	"order_id" text NOT NULL,
	"decision" jsonb NOT NULL,
	"live_flow" text NOT NULL,
	"live_version" integer NOT NULL,
	"differs" boolean NOT NULL,
	"diff" jsonb NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "client_ip" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "ship_to_key" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "address_check" jsonb;--> statement-breakpoint
CREATE INDEX "shadow_decisions_flow_idx" ON "shadow_decisions" USING btree ("flow_id","id");--> statement-breakpoint
CREATE INDEX "orders_client_ip_idx" ON "orders" USING btree ("client_ip");--> statement-breakpoint
CREATE INDEX "orders_ship_to_key_idx" ON "orders" USING btree ("ship_to_key");