/**
 * @module The jobs that send stores what changed: `store.set-inventory` (quantities) and
 * `store.update-prices` (retail prices), one chunk of items per job, through the store connector's
 * `setInventoryLevels` / `updatePrices` action.
 *
 * The idempotency key is the job's dedupe key (feed, batch, store, chunk), so a retried job repeats the
 * same request. When a push fails for good, the "last pushed" marks of its items are cleared (only where
 * they still hold this job's values), so the next feed or price run sends them again instead of
 * believing the store has them.
 */
import { AppError, ConfigurationError, isRetryable, type InventoryLevel, type PriceUpdate } from '@dropline/connectors/sdk';
import { actionContext } from '../connectors/action-context.ts';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { Metrics } from '../metrics.ts';
import type { StoreProductRepository } from '../catalog/store-product-repository.ts';
import { SUPPLIER_JOB_TYPES } from '../suppliers/supplier-job-types.ts';

interface Deps {
  db: Database;
  connectors: ConnectorService;
  products: StoreProductRepository;
  metrics?: Metrics;
}

export function pushInventoryJob(deps: Deps): JobHandler<{ storeId: string; items: InventoryLevel[] }> {
  return {
    type: SUPPLIER_JOB_TYPES.pushInventory,
    async run({ storeId, items }, ctx) {
      await callStore(deps, ctx, storeId, 'setInventoryLevels', (tx) =>
        deps.products.clearPushed(tx, storeId, items.map((i) => ({ sku: i.sku, quantity: i.quantity }))),
        (store, actx) => store.def.actions!.setInventoryLevels!({ items }, actx),
      );
    },
  };
}

export function pushPricesJob(deps: Deps): JobHandler<{ storeId: string; items: PriceUpdate[] }> {
  return {
    type: SUPPLIER_JOB_TYPES.pushPrices,
    async run({ storeId, items }, ctx) {
      await callStore(deps, ctx, storeId, 'updatePrices', (tx) =>
        deps.products.clearPushed(tx, storeId, items.map((i) => ({ sku: i.sku, price: i.price }))),
        (store, actx) => store.def.actions!.updatePrices!({ items }, actx),
      );
    },
  };
}

async function callStore(
  deps: Deps,
  ctx: Parameters<JobHandler['run']>[1],
  storeId: string,
  action: 'setInventoryLevels' | 'updatePrices',
  forget: (tx: Queryable) => Promise<void>,
  call: (store: Awaited<ReturnType<ConnectorService['resolve']>>, actx: ReturnType<typeof actionContext>) => Promise<unknown>,
): Promise<void> {
  try {
    const store = await deps.connectors.resolve(storeId);
    if (!store.enabled) throw new ConfigurationError(`store "${storeId}" is disabled`);
    if (!store.def.actions?.[action]) throw new ConfigurationError(`connector type "${store.def.type}" cannot ${action}`);
    await call(store, actionContext(deps.db, store, ctx.job.dedupeKey ?? `job:${ctx.job.id}`, ctx.log));
    deps.metrics?.outbound.inc({ connector: storeId, action, outcome: 'ok' });
  } catch (err) {
    deps.metrics?.outbound.inc({ connector: storeId, action, outcome: 'error' });
    const final = !isRetryable(err) || ctx.job.attempts >= ctx.job.maxAttempts;
    if (final) {
      await deps.db.transaction((tx) => forget(tx));
      ctx.log.warn({ err: err instanceof AppError ? err.message : String(err), storeId }, `${action} failed for good; its items will be sent again with the next change`);
    }
    throw err;
  }
}
