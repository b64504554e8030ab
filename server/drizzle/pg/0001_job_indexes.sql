DROP INDEX "deliveries_received_idx";--> statement-breakpoint
DROP INDEX "jobs_claim_idx";--> statement-breakpoint
DROP INDEX "jobs_dedupe_uq";--> statement-breakpoint
DROP INDEX "jobs_order_idx";--> statement-breakpoint
CREATE INDEX "jobs_claim_idx" ON "jobs" USING btree ("status","run_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_dedupe_uq" ON "jobs" USING btree ("dedupe_key") WHERE dedupe_key is not null;--> statement-breakpoint
CREATE INDEX "jobs_order_idx" ON "jobs" USING btree ("order_id") WHERE order_id is not null;