/** @module The append-only event log: each order's timeline, and a global sequence for live streams. */
import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import type { CanonicalEvent, EventType } from '@dropline/connectors/model';
import type { Database, Queryable } from '../db/database.ts';

export type EventRow = typeof import('../db/schema-sqlite.ts').events.$inferSelect;

export type StoredEvent = CanonicalEvent & { seq: number; recordedAt: string };

export class EventStore {
  constructor(private readonly db: Database) {}

  async append(tx: Queryable, event: CanonicalEvent, meta: { recordedAt: number; deliveryId?: string }): Promise<number> {
    const [row] = await tx
      .insert(this.db.t.events)
      .values({
        id: event.id,
        type: event.type,
        schemaVersion: event.schemaVersion,
        source: event.source,
        orderId: event.orderId ?? null,
        occurredAt: event.occurredAt,
        recordedAt: meta.recordedAt,
        deliveryId: meta.deliveryId ?? null,
        data: event.data as Record<string, unknown>,
      })
      .returning({ seq: this.db.t.events.seq });
    return row!.seq;
  }

  /** An order's timeline, oldest first (by the time things happened, then by arrival). */
  async forOrder(orderId: string, tx: Queryable = this.db.q): Promise<StoredEvent[]> {
    const t = this.db.t.events;
    const rows = await tx.select().from(t).where(eq(t.orderId, orderId)).orderBy(asc(t.seq));
    return rows.map(toStored).sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.seq - b.seq));
  }

  /** One event by its id (jobs carry the id of the event that caused them). */
  async byId(id: string, tx: Queryable = this.db.q): Promise<StoredEvent | undefined> {
    const t = this.db.t.events;
    const [row] = await tx.select().from(t).where(eq(t.id, id));
    return row ? toStored(row) : undefined;
  }

  /** Events recorded after `seq`, for live streams; optionally only some types. */
  async after(seq: number, limit: number, types?: EventType[]): Promise<StoredEvent[]> {
    const t = this.db.t.events;
    const rows = await this.db.q
      .select()
      .from(t)
      .where(and(gt(t.seq, seq), types?.length ? inArray(t.type, types) : undefined))
      .orderBy(asc(t.seq))
      .limit(limit);
    return rows.map(toStored);
  }

  async lastSeq(): Promise<number> {
    const t = this.db.t.events;
    const [row] = await this.db.q.select({ seq: t.seq }).from(t).orderBy(desc(t.seq)).limit(1);
    return row?.seq ?? 0;
  }
}

export function toStored(r: EventRow): StoredEvent {
  return {
    seq: r.seq,
    id: r.id,
    type: r.type,
    schemaVersion: r.schemaVersion,
    occurredAt: r.occurredAt,
    recordedAt: new Date(r.recordedAt).toISOString(),
    source: r.source,
    ...(r.orderId ? { orderId: r.orderId } : {}),
    data: r.data,
  } as StoredEvent;
}
