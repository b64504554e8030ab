/**
 * @module From supplier stock to store quantities: write what a feed changed, recompute the store
 * quantity of every SKU it touched — max(0, Σ available over enabled suppliers − the product's safety
 * buffer) — and queue `store.set-inventory` jobs for those that differ from what the store was last
 * sent. All in the caller's transaction, so the stock, the "last pushed" marks and the jobs commit
 * together: a crash never leaves a quantity marked as sent without a job that sends it.
 */
import type { InventoryLevel } from '@dropline/connectors/sdk';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { EnqueueJob, JobQueue } from '../jobs/job-queue.ts';
import { SUPPLIER_JOB_TYPES } from '../suppliers/supplier-job-types.ts';
import type { FeedPhase, FeedProfile } from './feed-profile.ts';
import { COST_MAY_DIFFER, QUANTITY_MAY_DIFFER, type PendingRow } from './pending-changes.ts';
import { InventoryStatements, type FeedRow, type StoreAvailability, type StoreTarget } from './inventory-statements.ts';

/** Items per `setInventoryLevels` call: Shopify's inventory mutation takes up to 250; 100 keeps calls short. */
export const DEFAULT_PUSH_CHUNK = 100;

/** Who takes part: suppliers whose stock counts, stores that are sent quantities. */
export interface Participants {
  suppliers: string[];
  stores: string[];
}

export interface PushJobPayload {
  storeId: string;
  items: InventoryLevel[];
}

/** Enabled suppliers, and enabled stores whose connector can set inventory levels. */
export async function inventoryParticipants(connectors: ConnectorService): Promise<Participants> {
  const [suppliers, stores] = await Promise.all([connectors.resolveKind('supplier'), connectors.resolveKind('store')]);
  return { suppliers: suppliers.map((s) => s.id), stores: stores.filter((s) => s.def.actions?.setInventoryLevels).map((s) => s.id) };
}

export interface BatchOutcome {
  stockChanged: number;
  costsChanged: number;
  /** Store SKUs whose quantity was queued. */
  pushed: number;
  jobs: number;
}

export class InventorySync {
  readonly statements: InventoryStatements;

  constructor(
    private readonly db: Database,
    private readonly queue: JobQueue,
    private readonly chunkSize = DEFAULT_PUSH_CHUNK,
  ) {
    this.statements = new InventoryStatements(db);
  }

  /**
   * One batch of a supplier's feed, one row per SKU: quantities are written where they may differ,
   * costs likewise (`differs`, see pending-changes.ts). `key` names the batch uniquely and stably (feed
   * id and batch number), so a re-run of the same batch after a crash enqueues nothing twice.
   */
  async applyFeedBatch(tx: Queryable, supplierId: string, rows: PendingRow[], who: Participants, key: string, now: number, profile?: FeedProfile): Promise<BatchOutcome> {
    const { changed, costsChanged } = await this.writeFeedRows(tx, supplierId, rows, now, profile);
    if (changed.length === 0) return { stockChanged: 0, costsChanged, pushed: 0, jobs: 0 };
    const { pushed, jobs } = await this.claim(tx, { supplierId, written: changed }, who, key, profile);
    return { stockChanged: changed.length, costsChanged, pushed, jobs };
  }

  /** The writing half of a feed batch: its quantities and costs; returns the items whose quantity changed, as now stored. */
  async writeFeedRows(tx: Queryable, supplierId: string, rows: PendingRow[], now: number, profile?: FeedProfile): Promise<{ changed: { sku: string; quantity: number }[]; costsChanged: number }> {
    const changed = await this.writeFeedStock(tx, supplierId, rows, now, profile);
    const costsChanged = await this.writeFeedCosts(tx, supplierId, rows, now, profile);
    return { changed, costsChanged };
  }

  /** The quantities of a feed batch, where they may differ; returns the items whose quantity changed, as now stored. */
  async writeFeedStock(tx: Queryable, supplierId: string, rows: PendingRow[], now: number, profile?: FeedProfile): Promise<{ sku: string; quantity: number }[]> {
    const stock = rows.filter((r) => r.differs & QUANTITY_MAY_DIFFER);
    return timed(profile, 'stock', () => this.statements.writeStock(tx, supplierId, stock, now));
  }

  /** The costs of a feed batch, where they may differ; returns how many changed. */
  async writeFeedCosts(tx: Queryable, supplierId: string, rows: PendingRow[], now: number, profile?: FeedProfile): Promise<number> {
    const costs = rows.filter((r) => r.differs & COST_MAY_DIFFER && r.cost !== null);
    return timed(profile, 'costs', () => this.statements.writeCosts(tx, supplierId, costs, now));
  }

  /**
   * The store half: the store quantities behind items whose stock was just `written` (in `tx`), or for
   * availabilities computed in another transaction (InventoryStatements.availableOf), claimed and queued.
   */
  async claim(
    tx: Queryable,
    of: { supplierId: string; written: { sku: string; quantity: number }[] } | { available: StoreAvailability[] },
    who: Participants,
    key: string,
    profile?: FeedProfile,
  ): Promise<{ pushed: number; jobs: number }> {
    const targets = await timed(profile, 'claim', () => this.statements.claimTargets(tx, of, who.suppliers, who.stores));
    return timed(profile, 'enqueue', () => this.queuePushes(tx, targets, key));
  }

  /** After a supplier's stock of these items changed (by a feed, or a pushed `inventory.updated`). */
  async syncSupplierSkus(tx: Queryable, supplierId: string, supplierSkus: string[], who: Participants, key: string): Promise<{ pushed: number; jobs: number }> {
    if (supplierSkus.length === 0) return { pushed: 0, jobs: 0 };
    const targets = await this.statements.claimTargets(tx, { supplierId, supplierSkus }, who.suppliers, who.stores);
    return this.queuePushes(tx, targets, key);
  }

  /** After something on the store side changed (a safety buffer, a new product). */
  async syncStoreSkus(tx: Queryable, skus: string[], who: Participants, key: string): Promise<{ pushed: number; jobs: number }> {
    if (skus.length === 0) return { pushed: 0, jobs: 0 };
    const targets = await this.statements.claimTargets(tx, { storeSkus: skus }, who.suppliers, who.stores);
    return this.queuePushes(tx, targets, key);
  }

  async queuePushes(tx: Queryable, targets: StoreTarget[], key: string): Promise<{ pushed: number; jobs: number }> {
    if (targets.length === 0) return { pushed: 0, jobs: 0 };
    const byStore = new Map<string, StoreTarget[]>();
    for (const t of targets) {
      const list = byStore.get(t.storeId);
      if (list) list.push(t);
      else byStore.set(t.storeId, [t]);
    }
    const jobs: EnqueueJob[] = [];
    for (const [storeId, list] of byStore) {
      for (let i = 0; i < list.length; i += this.chunkSize) {
        const items: InventoryLevel[] = list.slice(i, i + this.chunkSize).map((t) => ({
          sku: t.sku,
          quantity: t.quantity,
          ...(t.productId ? { productId: t.productId } : {}),
          ...(t.variantId ? { variantId: t.variantId } : {}),
        }));
        jobs.push({ type: SUPPLIER_JOB_TYPES.pushInventory, payload: { storeId, items } satisfies PushJobPayload, dedupeKey: `inv:${key}:${storeId}:${i / this.chunkSize}` });
      }
    }
    const ids = await this.queue.enqueue(tx, jobs);
    return { pushed: targets.length, jobs: ids.length };
  }
}

export type { FeedRow, StoreTarget };

const timed = <T>(profile: FeedProfile | undefined, phase: FeedPhase, fn: () => Promise<T>) => (profile ? profile.time(phase, fn) : fn());
