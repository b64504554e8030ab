/**
 * @module `supplier.fetch-inventory`: pull a supplier's stock feed through its connector's
 * `fetchInventory` action (scheduled by the agreement's cron) and ingest it like an uploaded feed.
 */
import { ConfigurationError } from '@dropline/connectors/sdk';
import { actionContext } from '../connectors/action-context.ts';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import { SUPPLIER_JOB_TYPES } from '../suppliers/supplier-job-types.ts';
import { ingestFeedRows, type FeedIngestResult } from './feed-ingest.ts';
import { inventoryParticipants, type InventorySync } from './inventory-sync.ts';

export function fetchInventoryJob(deps: { db: Database; sync: InventorySync; connectors: ConnectorService }): JobHandler<{ supplierId: string }> {
  return {
    type: SUPPLIER_JOB_TYPES.fetchInventory,
    async run({ supplierId }, ctx) {
      const result = await fetchAndIngest(deps, supplierId, ctx.job.dedupeKey ?? `fetch:${ctx.job.id}`, ctx.log);
      ctx.log.info({ supplierId, ...result, errors: undefined }, 'inventory feed fetched');
    },
  };
}

/** Fetches and ingests one feed; `feedId` names its push jobs (stable across a retry). */
export async function fetchAndIngest(
  deps: { db: Database; sync: InventorySync; connectors: ConnectorService },
  supplierId: string,
  feedId: string,
  log: Parameters<typeof actionContext>[3],
): Promise<FeedIngestResult> {
  const supplier = await deps.connectors.resolve(supplierId);
  const fetch = supplier.def.actions?.fetchInventory;
  if (!fetch) throw new ConfigurationError(`connector type "${supplier.def.type}" cannot fetch inventory`);
  if (!supplier.enabled) throw new ConfigurationError(`supplier "${supplierId}" is disabled`);
  const feed = await fetch({}, actionContext(deps.db, supplier, feedId, log));
  const rows = feed.items.map((i) => ({ sku: i.sku, quantity: Math.max(0, Math.trunc(i.quantity)), cost: i.cost ?? null }));
  return ingestFeedRows(deps, rows, { supplierId, feedId, source: 'fetch', participants: await inventoryParticipants(deps.connectors), full: feed.full });
}
