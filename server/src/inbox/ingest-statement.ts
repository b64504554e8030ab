/**
 * @module The hot path of intake: store a delivery and the job that records it, as one atomic write,
 * with statements prepared once.
 *
 * Measured with bench/ingest, the query builder cost about a quarter of the hub's CPU per delivery; a
 * delivery is one row and one job, so here they are written by hand, once per dialect:
 * - SQLite: two prepared statements inside the caller's (group-committed) transaction;
 * - PostgreSQL: deliveries that arrive together are written together (StatementBatcher: one statement,
 *   one commit, one WAL flush for the lot), each job inserted from the deliveries' INSERT … RETURNING so it
 *   exists only if its delivery was new; prepared once per batch shape.
 * The columns are those of db/schema.ts; the inbox tests run this against both dialects.
 */
import type { Database } from '../db/database.ts';
import { DEFAULT_MAX_ATTEMPTS } from '../jobs/backoff.ts';
import type { DeliveryRow } from './delivery-repository.ts';
import { StatementBatcher } from '../db/statement-batcher.ts';

export interface IngestJob {
  type: string;
  payload: Record<string, unknown>;
}

/** Inserts the delivery unless (connector, delivery id) exists, and its job with it; true if inserted. */
export type IngestStatement = (row: DeliveryRow, job: IngestJob | undefined) => Promise<boolean>;

const DELIVERY_COLUMNS = 'id, connector_id, delivery_id, topic, status, headers, body, error, received_at, processed_at';
const JOB_COLUMNS = 'type, payload, status, attempts, max_attempts, run_at, created_at, updated_at';

export function createIngestStatement(db: Database): IngestStatement {
  const native = db.native;
  if (native.dialect === 'sqlite') {
    const insertDelivery = native.client.prepare(
      `INSERT INTO deliveries (${DELIVERY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const insertJob = native.client.prepare(`INSERT INTO jobs (${JOB_COLUMNS}) VALUES (?, ?, 'pending', 0, ?, ?, ?, ?)`);
    return (row, job) =>
      db.transaction(async () => {
        const { changes } = insertDelivery.run(...deliveryParams(row));
        if (changes === 1 && job) insertJob.run(job.type, JSON.stringify(job.payload), DEFAULT_MAX_ATTEMPTS, row.receivedAt, row.receivedAt, row.receivedAt);
        return changes === 1;
      });
  }
  const batcher = new StatementBatcher<[DeliveryRow, IngestJob | undefined], boolean>(
    async (items) => {
      const jobs = items.filter(([, job]) => job).length;
      const values: unknown[] = jobs ? [DEFAULT_MAX_ATTEMPTS] : [];
      for (const [row] of items) values.push(...deliveryParams(row));
      for (const [row, job] of items) if (job) values.push(row.id, job.type, JSON.stringify(job.payload));
      const res = await native.pool.query<{ id: string }>({ ...ingestBatchStatement(items.length, jobs), values });
      const inserted = new Set(res.rows.map((r) => r.id));
      return items.map(([row]) => inserted.has(row.id));
    },
    { maxBatch: PG_MAX_BATCH, maxInFlight: PG_BATCHES_IN_FLIGHT },
  );
  return (row, job) => batcher.add([row, job]);
}

const batchStatements = new Map<string, { name?: string; text: string }>();

/**
 * PostgreSQL: `deliveries` rows, inserted unless (connector, delivery id) exists, and `jobs` jobs, each
 * inserted only if its delivery was; answers the ids of the deliveries inserted. A delivery id twice in
 * one batch is stored once (ON CONFLICT DO NOTHING sees the rows inserted earlier in the statement).
 * Plain parameters row by row, not arrays: pg would escape every 17 kB body into an array literal, which
 * measured 150–250 µs per body. One prepared statement per batch shape; the usual shapes (every delivery
 * with its job, or none) are named, the rare mixed ones run unnamed.
 */
function ingestBatchStatement(deliveries: number, jobs: number): { name?: string; text: string } {
  const key = `${deliveries}:${jobs}`;
  let statement = batchStatements.get(key);
  if (statement) return statement;
  let p = jobs ? 1 : 0; // $1 is max_attempts when there are jobs
  const rows: string[] = [];
  for (let r = 0; r < deliveries; r++) rows.push(`(${Array.from({ length: 10 }, () => `$${++p}`).join(', ')})`);
  const jobRows: string[] = [];
  for (let r = 0; r < jobs; r++) jobRows.push(`($${++p}::text, $${++p}::text, $${++p}::jsonb)`);
  const insertJobs = jobs
    ? `, j AS (
        INSERT INTO jobs (${JOB_COLUMNS})
        SELECT j.type, j.payload, 'pending', 0, $1::int, d.received_at, d.received_at, d.received_at
        FROM (VALUES ${jobRows.join(', ')}) AS j(delivery, type, payload) JOIN d ON d.id = j.delivery)`
    : '';
  const text = `WITH d AS (
      INSERT INTO deliveries (${DELIVERY_COLUMNS}) VALUES ${rows.join(', ')}
      ON CONFLICT DO NOTHING RETURNING id, received_at)${insertJobs}
    SELECT id FROM d`;
  statement = jobs === 0 || jobs === deliveries ? { name: `dropline_ingest_batch_v2_${key}`, text } : { text };
  batchStatements.set(key, statement);
  return statement;
}

/** Deliveries in one batch at most (~17 kB each for a Shopify order: about 1 MB a statement). */
const PG_MAX_BATCH = 64;
/**
 * Batches written at once. Enough to keep both the hub and PostgreSQL busy while one batch waits for its
 * WAL flush; few enough that under a burst most deliveries share a commit.
 */
const PG_BATCHES_IN_FLIGHT = 3;

function deliveryParams(row: DeliveryRow): unknown[] {
  return [
    row.id,
    row.connectorId,
    row.deliveryId,
    row.topic,
    row.status,
    JSON.stringify(row.headers),
    row.body,
    row.error,
    row.receivedAt,
    row.processedAt,
  ];
}
