/**
 * @module Time-driven supplier work, ticking like the PollScheduler: each supplier's inventory feed on
 * the cron of its agreement (a `supplier.fetch-inventory` job when its connector can fetch, else a
 * `connector.poll`), and the stale-feed check every few minutes.
 *
 * Dedupe keys name the cron occurrence (or the check's time slot), so several hub processes ticking at
 * once enqueue each run once, and a hub that was down catches up with the latest missed run only.
 */
import { CronExpressionParser } from 'cron-parser';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database } from '../db/database.ts';
import type { EnqueueJob, JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging.ts';
import { JOB_TYPES } from '../workflow/job-types.ts';
import type { AgreementRepository } from './agreement-repository.ts';
import { SUPPLIER_JOB_TYPES } from './supplier-job-types.ts';

/** How often feeds are checked for staleness. */
export const STALENESS_CHECK_EVERY_MS = 5 * 60_000;

export class SupplierScheduler {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: { db: Database; queue: JobQueue; connectors: ConnectorService; agreements: AgreementRepository; log: Logger; onJobs: () => void },
    private readonly tickMs = 15_000,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.tick().catch((err) => this.deps.log.error({ err }, 'supplier scheduling failed')), this.tickMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** The jobs due at `now`; enqueues them and returns how many were new. */
  async tick(now = Date.now()): Promise<number> {
    const jobs: EnqueueJob[] = [
      { type: SUPPLIER_JOB_TYPES.feedStaleness, payload: {}, dedupeKey: `feed-staleness:${Math.floor(now / STALENESS_CHECK_EVERY_MS)}`, maxAttempts: 3 },
    ];
    const suppliers = new Map((await this.deps.connectors.resolveKind('supplier')).map((s) => [s.id, s]));
    for (const agreement of await this.deps.agreements.allCurrent()) {
      const feed = agreement.terms.inventoryFeed;
      const supplier = suppliers.get(agreement.supplierId);
      if (!feed || !supplier) continue;
      const due = CronExpressionParser.parse(feed.cron, { currentDate: new Date(now), tz: agreement.terms.cutoff.timeZone }).prev().getTime();
      // Only runs since the agreement took effect: a new schedule doesn't reach back into the past.
      if (due < agreement.createdAt) continue;
      if (supplier.def.actions?.fetchInventory) {
        jobs.push({ type: SUPPLIER_JOB_TYPES.fetchInventory, payload: { supplierId: supplier.id }, dedupeKey: `fetch-inventory:${supplier.id}:${due}`, maxAttempts: 5 });
      } else if (supplier.def.poll) {
        jobs.push({ type: JOB_TYPES.poll, payload: { connectorId: supplier.id }, dedupeKey: `poll:${supplier.id}:cron:${due}`, maxAttempts: 3 });
      }
    }
    const ids = await this.deps.db.transaction((tx) => this.deps.queue.enqueue(tx, jobs));
    if (ids.length) this.deps.onJobs();
    return ids.length;
  }
}
