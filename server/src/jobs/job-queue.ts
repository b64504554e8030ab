/**
 * @module The durable job table: enqueue in the caller's transaction, claim atomically, finish fenced.
 *
 * Claiming takes a lease. A worker that dies mid-job stops renewing it, and once it lapses another
 * worker claims the job again (at-least-once). Finishing is fenced on (worker, attempt), so a worker
 * that lost its lease can't mark done a job somebody else now runs.
 *
 * SQLite: the claim is one UPDATE … RETURNING under SQLite's single writer. PostgreSQL: the candidate
 * rows are picked `FOR UPDATE SKIP LOCKED`, so hub processes never claim the same job.
 */
import { and, asc, count, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { NotFoundError, ConflictError } from '@dropline/connectors/sdk';
import type { Database, Queryable } from '../db/database.ts';
import type { JobStatus } from '../db/types.ts';
import { DEFAULT_MAX_ATTEMPTS } from './backoff.ts';

export interface EnqueueJob {
  type: string;
  payload: Record<string, unknown>;
  runAt?: number;
  maxAttempts?: number;
  /** Enqueuing the same key again does nothing: use one derived from the cause (an event id). */
  dedupeKey?: string;
  orderId?: string;
}

export interface Job {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: number;
  leaseUntil: number | null;
  lockedBy: string | null;
  lastError: string | null;
  dedupeKey: string | null;
  orderId: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

/** A job this worker holds: `attempts` is the fencing token. */
export type ClaimedJob = Job & { lockedBy: string };

export class JobQueue {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds jobs inside the caller's transaction, so they exist if and only if its other writes do. */
  async enqueue(tx: Queryable, jobs: EnqueueJob[]): Promise<number[]> {
    if (jobs.length === 0) return [];
    const now = this.now();
    const rows = await tx
      .insert(this.db.t.jobs)
      .values(
        jobs.map((j) => ({
          type: j.type,
          payload: j.payload,
          status: 'pending' as const,
          attempts: 0,
          maxAttempts: j.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
          runAt: j.runAt ?? now,
          dedupeKey: j.dedupeKey ?? null,
          orderId: j.orderId ?? null,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: this.db.t.jobs.id });
    return rows.map((r) => r.id);
  }

  /**
   * Claims up to `limit` due jobs (and jobs whose lease lapsed) for `workerId`; only of `types` when
   * given, so a hub that doesn't know a job type (an older version mid-deploy) leaves it for one that does.
   *
   * Two statements, each walking the (status, run_at, id) index in order, rather than one with an OR:
   * with a backlog of thousands of pending jobs the OR form sorted them all on every claim.
   */
  async claim(workerId: string, limit: number, leaseMs: number, types?: string[]): Promise<ClaimedJob[]> {
    if (limit <= 0 || types?.length === 0) return [];
    const now = this.now();
    const pg = this.db.dialect === 'postgres';
    const lockClause: SQL = pg ? sql` FOR UPDATE SKIP LOCKED` : sql``;
    const typeClause: SQL = types ? sql` AND type IN (${sql.join(types.map((t) => sql`${t}`), sql`, `)})` : sql``;
    const take = (tx: Queryable, where: SQL, n: number) =>
      this.db.all<Record<string, unknown>>(
        tx,
        sql`UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_until = ${now + leaseMs},
              locked_by = ${workerId}, updated_at = ${now}
            WHERE id IN (SELECT id FROM jobs WHERE ${where}${typeClause} ORDER BY run_at, id LIMIT ${n}${lockClause})
            RETURNING *`,
      );
    const claim = async (tx: Queryable) => {
      const lapsed = await take(tx, sql`status = 'running' AND lease_until < ${now}`, limit);
      const due = lapsed.length < limit ? await take(tx, sql`status = 'pending' AND run_at <= ${now}`, limit - lapsed.length) : [];
      return [...lapsed, ...due];
    };
    // PostgreSQL: each statement is atomic on its own and SKIP LOCKED keeps claimers apart.
    const rows = pg ? await claim(this.db.q) : await this.db.transaction(claim);
    return rows.map(rowToJob).sort((a, b) => a.runAt - b.runAt || a.id - b.id) as ClaimedJob[];
  }

  /** Pushes the lease forward while a long job runs. False if the job is no longer ours. */
  async extendLease(job: ClaimedJob, leaseMs: number): Promise<boolean> {
    const t = this.db.t.jobs;
    const now = this.now();
    const rows = await this.db.transaction((tx) =>
      tx
        .update(t)
        .set({ leaseUntil: now + leaseMs, updatedAt: now })
        .where(this.#fence(job))
        .returning({ id: t.id }),
    );
    return rows.length === 1;
  }

  /** Marks the job done inside `tx`; false (and the caller must roll back) if the lease was lost. */
  async complete(tx: Queryable, job: ClaimedJob): Promise<boolean> {
    const t = this.db.t.jobs;
    const now = this.now();
    const rows = await tx
      .update(t)
      .set({ status: 'done', leaseUntil: null, lastError: null, finishedAt: now, updatedAt: now })
      .where(this.#fence(job))
      .returning({ id: t.id });
    return rows.length === 1;
  }

  /** Schedules another attempt at `retryAt`, or dead-letters the job when `retryAt` is undefined. */
  async fail(job: ClaimedJob, error: string, retryAt: number | undefined): Promise<'retry' | 'dead' | 'lost'> {
    const t = this.db.t.jobs;
    const now = this.now();
    const dead = retryAt === undefined;
    const rows = await this.db.transaction((tx) =>
      tx
        .update(t)
        .set({
          status: dead ? 'dead' : 'pending',
          runAt: retryAt ?? job.runAt,
          leaseUntil: null,
          lockedBy: null,
          lastError: error.slice(0, 4000),
          finishedAt: dead ? now : null,
          updatedAt: now,
        })
        .where(this.#fence(job))
        .returning({ id: t.id }),
    );
    if (rows.length === 0) return 'lost';
    return dead ? 'dead' : 'retry';
  }

  /** Puts a dead (or finished) job back in the queue for a fresh set of attempts. */
  async retry(id: number): Promise<Job> {
    const t = this.db.t.jobs;
    const now = this.now();
    const job = await this.get(id);
    if (job.status === 'running' || job.status === 'pending') {
      throw new ConflictError(`job ${id} is ${job.status}; only dead or done jobs can be retried`, 'job_not_retryable');
    }
    const [row] = await this.db.transaction((tx) =>
      tx
        .update(t)
        .set({ status: 'pending', attempts: 0, runAt: now, finishedAt: null, leaseUntil: null, lockedBy: null, updatedAt: now })
        .where(and(eq(t.id, id), inArray(t.status, ['dead', 'done'])))
        .returning(),
    );
    if (!row) throw new ConflictError(`job ${id} changed while being retried`, 'job_not_retryable');
    return row as Job;
  }

  async get(id: number): Promise<Job> {
    const t = this.db.t.jobs;
    const [row] = await this.db.q.select().from(t).where(eq(t.id, id));
    if (!row) throw new NotFoundError(`no job ${id}`, 'job_not_found');
    return row as Job;
  }

  async list(filter: { status?: JobStatus; type?: string; orderId?: string; before?: number; limit: number }): Promise<Job[]> {
    const t = this.db.t.jobs;
    const where = and(
      filter.status ? eq(t.status, filter.status) : undefined,
      filter.type ? eq(t.type, filter.type) : undefined,
      filter.orderId ? eq(t.orderId, filter.orderId) : undefined,
      filter.before ? lt(t.id, filter.before) : undefined,
    );
    return (await this.db.q.select().from(t).where(where).orderBy(desc(t.id)).limit(filter.limit)) as Job[];
  }

  /** An order's jobs of `type` not yet finished (pending or running), read in the caller's transaction. */
  async unfinished(tx: Queryable, orderId: string, type: string): Promise<Job[]> {
    const t = this.db.t.jobs;
    return (await tx
      .select()
      .from(t)
      .where(and(eq(t.orderId, orderId), eq(t.type, type), inArray(t.status, ['pending', 'running'])))
      .orderBy(asc(t.id))) as Job[];
  }

  /** Jobs per status, for metrics and the health of the queue. */
  async depth(): Promise<Record<JobStatus, number>> {
    const t = this.db.t.jobs;
    const rows = await this.db.q
      .select({ status: t.status, n: count() })
      .from(t)
      .where(inArray(t.status, ['pending', 'running', 'dead']))
      .groupBy(t.status);
    const depth: Record<JobStatus, number> = { pending: 0, running: 0, done: 0, dead: 0 };
    for (const r of rows) depth[r.status] = Number(r.n);
    return depth;
  }

  /** Deletes finished jobs older than `olderThanMs`; dead ones stay until somebody looks at them. */
  async prune(olderThanMs: number): Promise<number> {
    const t = this.db.t.jobs;
    const rows = await this.db.transaction((tx) =>
      tx
        .delete(t)
        .where(and(eq(t.status, 'done'), lt(t.finishedAt, this.now() - olderThanMs)))
        .returning({ id: t.id }),
    );
    return rows.length;
  }

  /** The next time a pending job is due, to sleep exactly that long. */
  async nextDueAt(): Promise<number | undefined> {
    const t = this.db.t.jobs;
    const [row] = await this.db.q.select({ runAt: t.runAt }).from(t).where(eq(t.status, 'pending')).orderBy(asc(t.runAt)).limit(1);
    return row?.runAt;
  }

  #fence(job: ClaimedJob) {
    const t = this.db.t.jobs;
    return and(eq(t.id, job.id), eq(t.status, 'running'), eq(t.lockedBy, job.lockedBy), eq(t.attempts, job.attempts));
  }
}

/** Raw rows come back with snake_case names, and JSON as text on SQLite. */
function rowToJob(r: Record<string, unknown>): Job {
  return {
    id: Number(r.id),
    type: String(r.type),
    payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : (r.payload as Record<string, unknown>),
    status: r.status as JobStatus,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    runAt: Number(r.run_at),
    leaseUntil: r.lease_until == null ? null : Number(r.lease_until),
    lockedBy: (r.locked_by as string | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
    dedupeKey: (r.dedupe_key as string | null) ?? null,
    orderId: (r.order_id as string | null) ?? null,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    finishedAt: r.finished_at == null ? null : Number(r.finished_at),
  };
}
