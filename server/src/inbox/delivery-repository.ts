/** @module The inbox: every authentic delivery we took, with its raw body, kept for audit and replay. */
import { and, desc, eq, lt } from 'drizzle-orm';
import { NotFoundError } from '@dropline/connectors/sdk';
import type { Database, Queryable } from '../db/database.ts';
import type { DeliveryStatus, StoredHeaders } from '../db/types.ts';

export type DeliveryRow = typeof import('../db/schema-sqlite.ts').deliveries.$inferSelect;

export class DeliveryRepository {
  constructor(private readonly db: Database) {}

  /** Inserts unless (connector, delivery id) exists; true when this call stored it. */
  async insert(tx: Queryable, row: DeliveryRow): Promise<boolean> {
    const t = this.db.t.deliveries;
    const rows = await tx.insert(t).values(row).onConflictDoNothing().returning({ id: t.id });
    return rows.length === 1;
  }

  /** A rejected delivery sent again: take the new attempt's content, if nobody else took it first. */
  async replaceRejected(tx: Queryable, id: string, row: DeliveryRow): Promise<boolean> {
    const t = this.db.t.deliveries;
    const rows = await tx
      .update(t)
      .set({ status: row.status, topic: row.topic, headers: row.headers, body: row.body, error: row.error, processedAt: row.processedAt })
      .where(and(eq(t.id, id), eq(t.status, 'rejected')))
      .returning({ id: t.id });
    return rows.length === 1;
  }

  async find(connectorId: string, deliveryId: string, tx: Queryable = this.db.q): Promise<DeliveryRow | undefined> {
    const t = this.db.t.deliveries;
    const [row] = await tx.select().from(t).where(and(eq(t.connectorId, connectorId), eq(t.deliveryId, deliveryId)));
    return row;
  }

  async get(id: string, tx: Queryable = this.db.q): Promise<DeliveryRow> {
    const [row] = await tx.select().from(this.db.t.deliveries).where(eq(this.db.t.deliveries.id, id));
    if (!row) throw new NotFoundError(`no delivery "${id}"`, 'delivery_not_found');
    return row;
  }

  async setStatus(tx: Queryable, id: string, status: DeliveryStatus, error: string | null, topic?: string): Promise<void> {
    const t = this.db.t.deliveries;
    await tx
      .update(t)
      .set({ status, error, processedAt: Date.now(), ...(topic !== undefined ? { topic } : {}) })
      .where(eq(t.id, id));
  }

  async list(filter: { connectorId?: string; status?: DeliveryStatus; before?: string; limit: number }): Promise<DeliveryRow[]> {
    const t = this.db.t.deliveries;
    return this.db.q
      .select()
      .from(t)
      .where(
        and(
          filter.connectorId ? eq(t.connectorId, filter.connectorId) : undefined,
          filter.status ? eq(t.status, filter.status) : undefined,
          filter.before ? lt(t.id, filter.before) : undefined,
        ),
      )
      .orderBy(desc(t.id))
      .limit(filter.limit);
  }
}

/** Headers worth keeping with a delivery: everything but credentials. */
export function storableHeaders(headers: Readonly<Record<string, string>>): StoredHeaders {
  const out: StoredHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (k !== 'authorization' && k !== 'cookie') out[k] = v;
  return out;
}
