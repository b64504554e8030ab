/**
 * @module The supplier features built as one piece for the composition root (hub.ts): agreements and the
 * terms they drive (SLA timers, capacity, stale-feed alerts, rules facts), the store catalog and
 * mapping imports, inventory sync and pricing, with their reactions, jobs, routes and scheduler.
 */
import type { EventType } from '@dropline/connectors/model';
import { CatalogImport } from '../catalog/catalog-import.ts';
import { StoreProductRepository } from '../catalog/store-product-repository.ts';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database } from '../db/database.ts';
import { alertRoutes } from '../http/routes/alerts.ts';
import { catalogMappingRoutes } from '../http/routes/catalog-mapping.ts';
import { inventoryRoutes } from '../http/routes/inventory.ts';
import { pricingRoutes } from '../http/routes/pricing.ts';
import { supplierRoutes } from '../http/routes/suppliers.ts';
import { fetchInventoryJob } from '../inventory/fetch-inventory-job.ts';
import { InventorySync } from '../inventory/inventory-sync.ts';
import { pushInventoryJob, pushPricesJob } from '../inventory/store-push-job.ts';
import { syncInventoryJob, syncInventoryReaction } from '../inventory/sync-inventory-job.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { Logger } from '../logging.ts';
import type { Metrics } from '../metrics.ts';
import { PriceRun } from '../pricing/price-run.ts';
import { PricingRuleRepository } from '../pricing/pricing-rule-repository.ts';
import type { CapacityLookup } from '../routing/route-order-job.ts';
import { AlertRepository } from '../sla/alert-repository.ts';
import { FeedStalenessCheck, feedStalenessJob } from '../sla/feed-staleness.ts';
import { slaCheckJob, slaTimersReaction } from '../sla/sla-timers.ts';
import type { EventRecorder } from '../workflow/event-recorder.ts';
import type { Repositories } from '../workflow/repositories.ts';
import type { Reaction } from '../workflow/types.ts';
import { AgreementRepository } from './agreement-repository.ts';
import { SupplierCapacity } from './capacity.ts';
import { SupplierFacts } from './supplier-facts.ts';
import { SupplierScheduler } from './supplier-scheduler.ts';
import { SupplierScorecard } from './supplier-scorecard.ts';

export type SupplierFeatures = ReturnType<typeof createSupplierFeatures>;

export function createSupplierFeatures(deps: {
  db: Database;
  repos: Repositories;
  queue: JobQueue;
  connectors: ConnectorService;
  log: Logger;
  metrics?: Metrics;
  onJobs: () => void;
  schedulerTickMs?: number;
}) {
  const { db, repos, queue, connectors } = deps;
  const agreements = new AgreementRepository(db);
  const capacity = new SupplierCapacity(db, agreements);
  const facts = new SupplierFacts({ db, agreements, capacity, catalog: repos.catalog, connectors });
  const scorecard = new SupplierScorecard({ db, agreements });
  const alerts = new AlertRepository(db);
  const products = new StoreProductRepository(db);
  const sync = new InventorySync(db, queue);
  const imports = new CatalogImport({ db, catalog: repos.catalog, products });
  const pricingRules = new PricingRuleRepository(db);
  const prices = new PriceRun({ db, queue, catalog: repos.catalog, products, rules: pricingRules, agreements, connectors });
  const staleness = new FeedStalenessCheck({ db, agreements, alerts, connectors });
  const scheduler = new SupplierScheduler({ db, queue, connectors, agreements, log: deps.log, onJobs: deps.onJobs }, deps.schedulerTickMs);

  /** For the router: each supplier's orders today against its capacity. */
  const capacityLookup: CapacityLookup = (tx, supplierIds) => capacity.forSuppliers(tx, supplierIds);

  const reactions: Partial<Record<EventType, Reaction[]>> = {
    'supplier_order.placed': [slaTimersReaction(agreements)],
    'inventory.updated': [syncInventoryReaction],
  };

  return {
    agreements,
    capacity,
    capacityLookup,
    /** Supplier terms as plain facts for routing rules (`facts.forSupplier(id, { sku, quantity })`). */
    facts,
    scorecard,
    alerts,
    products,
    sync,
    imports,
    pricingRules,
    prices,
    staleness,
    scheduler,
    reactions,
    jobs(recorder: EventRecorder): JobHandler<any>[] {
      return [
        slaCheckJob({ db, repos, recorder, agreements, connectors }),
        feedStalenessJob(staleness),
        fetchInventoryJob({ db, sync, connectors }),
        syncInventoryJob({ db, sync, connectors }),
        pushInventoryJob({ db, connectors, products, metrics: deps.metrics }),
        pushPricesJob({ db, connectors, products, metrics: deps.metrics }),
      ];
    },
    routes() {
      return [
        supplierRoutes({ db, connectors, agreements, capacity, facts, scorecard }),
        catalogMappingRoutes({ db, products, imports, sync, connectors }),
        inventoryRoutes({ db, sync, connectors, queue, onJobs: deps.onJobs }),
        pricingRoutes({ rules: pricingRules, run: prices, onJobs: deps.onJobs }),
        alertRoutes({ alerts }),
      ];
    },
  };
}
