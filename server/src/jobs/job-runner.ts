/**
 * @module Runs claimed jobs with bounded concurrency, retries them on the backoff schedule, and drains on stop.
 *
 * A handler's last database writes go through `ctx.commit`, which marks the job done in the same
 * transaction: either both happen or neither, so a crash never leaves work done but the job pending
 * (or the reverse). Handlers that call out pass an idempotency key, so a re-run after a crash between
 * the call and the commit asks the far side for the same thing twice, and gets it once.
 */
import { hostname } from 'node:os';
import { AppError, UpstreamError, isRetryable } from '@dropline/connectors/sdk';
import type { Database, Queryable } from '../db/database.ts';
import type { Logger } from '../logging.ts';
import type { Metrics } from '../metrics.ts';
import { newId } from '../ids.ts';
import { retryDelayMs } from './backoff.ts';
import type { ClaimedJob, JobQueue } from './job-queue.ts';

export interface JobContext {
  job: ClaimedJob;
  log: Logger;
  /** Aborted when the hub is shutting down and the grace period ran out. */
  signal: AbortSignal;
  /**
   * Runs the job's final writes and marks it done, atomically. Once it succeeded it can't be called
   * again; after a failed one (rolled back) the handler may commit something else instead.
   */
  commit<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

export interface JobHandler<P = Record<string, unknown>> {
  type: string;
  run(payload: P, ctx: JobContext): Promise<void>;
  /**
   * A fixed, published retry schedule instead of the exponential backoff: the wait before attempt n+1 is
   * entry n-1 (the last entry repeats). Enqueue such jobs with `maxAttempts` = entries + 1.
   */
  retryScheduleMs?: readonly number[];
}

/** Pause between jobs while deliveries are coming in fast. */
const PRESSURE_PAUSE_MS = 20;

/** Thrown inside a commit whose job was re-claimed elsewhere: its writes roll back. */
class LeaseLostError extends Error {}

export interface JobRunnerOptions {
  db: Database;
  queue: JobQueue;
  handlers: JobHandler<any>[];
  log: Logger;
  metrics?: Metrics;
  concurrency: number;
  leaseMs?: number;
  pollMs?: number;
  /** First retry delay (doubling from there); tests shorten it. */
  retryBaseMs?: number;
  /**
   * True while the process is busy taking deliveries. Jobs can wait, a sender can't (Shopify gives up
   * after 5 s): under pressure the runner keeps going one job at a time, with a pause between jobs.
   */
  underPressure?: () => boolean;
  now?: () => number;
  workerId?: string;
}

export class JobRunner {
  readonly workerId: string;
  readonly #o: Required<Omit<JobRunnerOptions, 'metrics' | 'workerId' | 'retryBaseMs' | 'underPressure'>> &
    Pick<JobRunnerOptions, 'metrics' | 'retryBaseMs' | 'underPressure'>;
  readonly #handlers = new Map<string, JobHandler<any>>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #abort = new AbortController();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #pokes = 0;

  constructor(options: JobRunnerOptions) {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as JobRunnerOptions;
    // A short lease: a job whose worker died runs again within seconds; live workers renew every leaseMs/3.
    this.#o = { leaseMs: 15_000, pollMs: 1_000, now: Date.now, ...given };
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${newId('w').slice(-6)}`;
    for (const h of options.handlers) this.#handlers.set(h.type, h);
  }

  start(): void {
    if (this.#running || this.#o.concurrency === 0) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** New work was enqueued: look now instead of at the next poll. */
  poke(): void {
    this.#pokes++;
    this.#wake?.();
  }

  /** Stops claiming, waits up to `graceMs` for running jobs, then aborts them (their leases will lapse). */
  async stop(graceMs = 25_000): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    const drained = Promise.allSettled([...this.#inFlight]);
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
    if ((await Promise.race([drained, timer])) === 'timeout') {
      this.#o.log.warn({ inFlight: this.#inFlight.size }, 'shutdown grace ran out; aborting running jobs');
      this.#abort.abort();
      await drained;
    }
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      // One turn of the event loop first: pokes from a batch of commits arrive together and are
      // served by one claim.
      await new Promise((r) => setImmediate(r));
      const pressed = this.#o.underPressure?.() ?? false;
      if (pressed && this.#inFlight.size > 0) {
        await this.#sleep(PRESSURE_PAUSE_MS);
        continue;
      }
      const free = (pressed ? 1 : this.#o.concurrency) - this.#inFlight.size;
      let claimed = 0;
      const pokesBefore = this.#pokes;
      if (free > 0) {
        try {
          const jobs = await this.#o.queue.claim(this.workerId, free, this.#o.leaseMs, [...this.#handlers.keys()]);
          claimed = jobs.length;
          for (const job of jobs) this.#track(this.#execute(job));
        } catch (err) {
          this.#o.log.error({ err }, 'claiming jobs failed');
        }
      }
      // A full batch means more may be due; otherwise sleep until poked, a slot frees, or the poll interval.
      if (claimed > 0 && claimed === free) {
        if (pressed) await this.#sleep(PRESSURE_PAUSE_MS);
        continue;
      }
      if (this.#pokes !== pokesBefore) continue;
      await this.#sleep(this.#o.pollMs, true);
    }
  }

  /** Sleeps `ms`; a poke or a freed slot ends it early when `wakeable`. */
  #sleep(ms: number, wakeable = false): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      if (wakeable) this.#wake = done;
    }).finally(() => {
      if (wakeable) this.#wake = undefined;
    });
  }

  #track(p: Promise<void>): void {
    this.#inFlight.add(p);
    void p.finally(() => {
      this.#inFlight.delete(p);
      this.#wake?.();
    });
  }

  async #execute(job: ClaimedJob): Promise<void> {
    const started = performance.now();
    const log = this.#o.log.child({ job: job.id, jobType: job.type, attempt: job.attempts });
    const outcome = (o: string) => {
      this.#o.metrics?.jobAttempts.inc({ type: job.type, outcome: o });
      this.#o.metrics?.jobDuration.observe({ type: job.type }, (performance.now() - started) / 1000);
    };
    if (job.attempts > job.maxAttempts) {
      // The lease lapsed on the last attempt (the worker died): nothing left to try.
      await this.#o.queue.fail(job, job.lastError ?? 'lease expired on the last attempt', undefined);
      outcome('dead');
      return;
    }
    const handler = this.#handlers.get(job.type)!;
    const heartbeat = setInterval(() => void this.#o.queue.extendLease(job, this.#o.leaseMs).catch(() => undefined), this.#o.leaseMs / 3);
    heartbeat.unref();
    let committed = false;
    const ctx: JobContext = {
      job,
      log,
      signal: this.#abort.signal,
      commit: async (fn) => {
        if (committed) throw new Error('commit called twice');
        const result = await this.#o.db.transaction(async (tx) => {
          const out = await fn(tx);
          if (!(await this.#o.queue.complete(tx, job))) throw new LeaseLostError(`job ${job.id} was re-claimed by another worker`);
          return out;
        });
        committed = true;
        return result;
      },
    };
    try {
      await handler.run(job.payload, ctx);
      if (!committed) await ctx.commit(async () => undefined);
      outcome('done');
    } catch (err) {
      if (err instanceof LeaseLostError) {
        log.warn({ err }, 'lease lost; another worker owns the job now');
        outcome('lost');
        return;
      }
      const retryable = isRetryable(err) && job.attempts < job.maxAttempts;
      const schedule = handler.retryScheduleMs;
      const retryAt = retryable
        ? this.#o.now() +
          (schedule?.length
            ? schedule[Math.min(job.attempts, schedule.length) - 1]!
            : retryDelayMs(job.attempts, { baseMs: this.#o.retryBaseMs, retryAfterMs: err instanceof UpstreamError ? err.retryAfterMs : undefined }))
        : undefined;
      const message = describeError(err);
      const result = await this.#o.queue.fail(job, message, retryAt).catch((e) => {
        log.error({ err: e }, 'recording the job failure failed; the lease will lapse and the job run again');
        return 'lost' as const;
      });
      log[result === 'dead' ? 'error' : 'warn']({ err, retryAt }, result === 'dead' ? 'job dead-lettered' : 'job failed; will retry');
      outcome(result === 'dead' ? 'dead' : 'retry');
    } finally {
      clearInterval(heartbeat);
    }
  }
}

function describeError(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
