/**
 * @module The hot path of intake: store a delivery and the job that records it, as one atomic write,
 * with statements prepared once.
 *
 * Measured with bench/ingest, the query builder cost about a quarter of the hub's CPU per delivery; a
 * delivery is one row and one job, so here they are written by hand, once per dialect:
 * - SQLite: two prepared statements inside the caller's (group-committed) transaction;
 * - PostgreSQL: one statement (the job is inserted from the delivery's INSERT … RETURNING, so it exists
 *   only if the delivery was new), one round trip, no BEGIN/COMMIT, a named prepared statement.
 * The columns are those of db/schema.ts; the inbox tests run this against both dialects.
 */
import type { Database } from '../db/database.ts';
import { DEFAULT_MAX_ATTEMPTS } from '../jobs/backoff.ts';
import type { DeliveryRow } from './delivery-repository.ts';

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
  const withJob = {
    name: 'dropline_ingest_with_job_v1',
    text: `WITH d AS (
             INSERT INTO deliveries (${DELIVERY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10)
             ON CONFLICT DO NOTHING RETURNING id)
           INSERT INTO jobs (${JOB_COLUMNS})
           SELECT $11, $12::jsonb, 'pending', 0, $13, $9, $9, $9 FROM d RETURNING id`,
  };
  const alone = {
    name: 'dropline_ingest_v1',
    text: `INSERT INTO deliveries (${DELIVERY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10)
           ON CONFLICT DO NOTHING RETURNING id`,
  };
  return async (row, job) => {
    const params = deliveryParams(row);
    const res = job
      ? await native.pool.query({ ...withJob, values: [...params, job.type, JSON.stringify(job.payload), DEFAULT_MAX_ATTEMPTS] })
      : await native.pool.query({ ...alone, values: params });
    return res.rowCount === 1;
  };
}

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
