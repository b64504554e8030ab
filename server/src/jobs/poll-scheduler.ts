/**
 * @module Schedules `connector.poll` jobs for connectors that poll (no webhooks), once per interval.
 *
 * The dedupe key is the connector and the interval's slot number, so several hub processes ticking at
 * once still enqueue one poll per slot, and a hub that was down catches up with one poll, not many.
 */
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logging.ts';
import { JOB_TYPES } from '../workflow/job-types.ts';
import type { EnqueueJob, JobQueue } from './job-queue.ts';

export class PollScheduler {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: { db: Database; queue: JobQueue; connectors: ConnectorService; log: Logger; onJobs: () => void },
    private readonly tickMs = 5_000,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.tick().catch((err) => this.deps.log.error({ err }, 'poll scheduling failed')), this.tickMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async tick(now = Date.now()): Promise<number> {
    const views = (await this.deps.connectors.list()).filter((v) => v.enabled);
    const jobs: EnqueueJob[] = [];
    for (const v of views) {
      const c = await this.deps.connectors.resolve(v.id).catch(() => undefined);
      if (!c?.def.poll) continue;
      const interval = Math.max(1_000, c.def.poll.intervalMs(c.config));
      const slot = Math.floor(now / interval);
      jobs.push({ type: JOB_TYPES.poll, payload: { connectorId: c.id }, dedupeKey: `poll:${c.id}:${slot}`, maxAttempts: 3 });
    }
    if (jobs.length === 0) return 0;
    const ids = await this.deps.db.transaction((tx) => this.deps.queue.enqueue(tx, jobs));
    if (ids.length) this.deps.onJobs();
    return ids.length;
  }
}
