/**
 * @module Pushed stock: a supplier's `inventory.updated` event has already updated its stock (the event's
 * applier); this reaction and job carry the change on to the stores — recompute the quantities of the
 * SKUs it touched and queue what differs — and record the feed for staleness checks.
 */
import type { EventData } from '@dropline/connectors/model';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { Reaction } from '../workflow/types.ts';
import { SUPPLIER_JOB_TYPES } from '../suppliers/supplier-job-types.ts';
import { DEFAULT_FEED_BATCH } from './feed-ingest.ts';
import { inventoryParticipants, type InventorySync } from './inventory-sync.ts';

export interface SyncInventoryPayload {
  supplierId: string;
  eventId: string;
  /** The supplier SKUs the event listed; a full feed recomputes every item of the supplier. */
  skus: string[];
  full: boolean;
  occurredAt: number;
}

export const syncInventoryReaction: Reaction = async (event, ctx) => {
  const data = event.data as EventData<'inventory.updated'>;
  return [
    {
      type: SUPPLIER_JOB_TYPES.syncInventory,
      payload: { supplierId: data.supplierId, eventId: event.id, skus: [...new Set(data.items.map((i) => i.sku))], full: data.full, occurredAt: ctx.now } satisfies SyncInventoryPayload,
      dedupeKey: `inv-sync:${event.id}`,
    },
  ];
};

export function syncInventoryJob(deps: { db: Database; sync: InventorySync; connectors: ConnectorService }): JobHandler<SyncInventoryPayload> {
  return {
    type: SUPPLIER_JOB_TYPES.syncInventory,
    async run(p, ctx) {
      const who = await inventoryParticipants(deps.connectors);
      let pushed = 0;
      let batch = 0;
      const apply = async (skus: string[]) => {
        const out = await deps.db.transaction((tx) => deps.sync.syncSupplierSkus(tx, p.supplierId, skus, who, `${p.eventId}:${batch++}`));
        pushed += out.pushed;
      };
      if (p.full) {
        let after = '';
        for (;;) {
          const page = await deps.sync.statements.mappedSkus(deps.db.q, p.supplierId, after, DEFAULT_FEED_BATCH);
          if (page.length === 0) break;
          after = page.at(-1)!;
          await apply(page);
        }
      } else {
        for (let i = 0; i < p.skus.length; i += DEFAULT_FEED_BATCH) await apply(p.skus.slice(i, i + DEFAULT_FEED_BATCH));
      }
      await ctx.commit((tx) =>
        tx.insert(deps.db.t.supplierFeedRuns).values({ supplierId: p.supplierId, source: 'webhook', rows: p.skus.length, changed: p.skus.length, pushed, startedAt: p.occurredAt, finishedAt: Date.now() }),
      );
    },
  };
}
