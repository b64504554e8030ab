/**
 * @module Orders as stored: the canonical snapshot plus Dropline's status and public tracking token.
 */
import { and, count, desc, eq, lt, or, inArray, sql } from 'drizzle-orm';
import { NotFoundError, ValidationError } from '@dropline/connectors/sdk';
import type { CanonicalOrder, OrderSnapshot, OrderStatus } from '@dropline/connectors/model';
import { velocityKey } from '@dropline/rules';
import type { Database, Queryable } from '../db/database.ts';
import { newId, newToken } from '../ids.ts';

export type OrderRow = typeof import('../db/schema-sqlite.ts').orders.$inferSelect;

export class OrderRepository {
  constructor(
    private readonly db: Database,
    /** Read on each use: a hub listening on port 0 knows its URL only after it listens. */
    private readonly publicUrl: () => string,
  ) {}

  async findByExternal(tx: Queryable, source: string, externalId: string): Promise<OrderRow | undefined> {
    const t = this.db.t.orders;
    const [row] = await tx.select().from(t).where(and(eq(t.source, source), eq(t.externalId, externalId)));
    return row;
  }

  async find(tx: Queryable, id: string): Promise<OrderRow | undefined> {
    const [row] = await tx.select().from(this.db.t.orders).where(eq(this.db.t.orders.id, id));
    return row;
  }

  async require(tx: Queryable, id: string): Promise<OrderRow> {
    const row = await this.find(tx, id);
    if (!row) throw new NotFoundError(`no order "${id}"`, 'order_not_found');
    return row;
  }

  /** Inserts the order unless the store's order is already known; returns the row that exists now. */
  async insert(tx: Queryable, source: string, snapshot: OrderSnapshot, now: number): Promise<{ row: OrderRow; created: boolean }> {
    const row: OrderRow = {
      id: newId('ord', now),
      source,
      externalId: snapshot.externalId,
      number: snapshot.number,
      status: 'received',
      currency: snapshot.currency,
      total: snapshot.total,
      snapshot: snapshot as unknown as Record<string, unknown>,
      storeVersion: snapshot.updatedAt,
      trackingToken: newToken(),
      customerEmail: snapshot.customer.email?.toLowerCase() ?? null,
      clientIp: snapshot.clientIp ?? null,
      shipToKey: shipToKey(snapshot),
      addressCheck: null,
      tags: snapshot.tags,
      placedAt: Date.parse(snapshot.placedAt),
      createdAt: now,
      updatedAt: now,
    };
    const inserted = await tx.insert(this.db.t.orders).values(row).onConflictDoNothing().returning({ id: this.db.t.orders.id });
    if (inserted.length === 1) return { row, created: true };
    const existing = await this.findByExternal(tx, source, snapshot.externalId);
    if (!existing) throw new Error(`order ${source}/${snapshot.externalId} vanished during insert`);
    return { row: existing, created: false };
  }

  /**
   * Replaces the snapshot if `snapshot.updatedAt` is not older than the one held. False when stale: the
   * comparison happens in the UPDATE itself, so two hubs applying updates at once can't both win.
   */
  async updateSnapshot(tx: Queryable, id: string, snapshot: OrderSnapshot, now: number): Promise<boolean> {
    const t = this.db.t.orders;
    const rows = await tx
      .update(t)
      .set({
        snapshot: snapshot as unknown as Record<string, unknown>,
        storeVersion: snapshot.updatedAt,
        number: snapshot.number,
        total: snapshot.total,
        currency: snapshot.currency,
        customerEmail: snapshot.customer.email?.toLowerCase() ?? null,
        clientIp: snapshot.clientIp ?? null,
        shipToKey: shipToKey(snapshot),
        tags: snapshot.tags,
        updatedAt: now,
      })
      .where(and(eq(t.id, id), sql`${t.storeVersion} <= ${snapshot.updatedAt}`))
      .returning({ id: t.id });
    return rows.length === 1;
  }

  /** Holds the order until `tx` ends, so work that reads then writes it is serialised across hubs (PostgreSQL). */
  lock(tx: Queryable, id: string): Promise<void> {
    return this.db.lockOrder(tx, id);
  }

  /** Adds tags (a flow's add-tag action) to the order and its snapshot, keeping the existing ones. */
  async addTags(tx: Queryable, id: string, tags: string[]): Promise<void> {
    const row = await this.require(tx, id);
    const merged = [...new Set([...row.tags, ...tags])];
    if (merged.length === row.tags.length) return;
    const t = this.db.t.orders;
    await tx.update(t).set({ tags: merged, snapshot: { ...row.snapshot, tags: merged }, updatedAt: Date.now() }).where(eq(t.id, id));
  }

  async setStatus(tx: Queryable, id: string, status: OrderStatus, now: number): Promise<void> {
    const t = this.db.t.orders;
    await tx.update(t).set({ status, updatedAt: now }).where(eq(t.id, id));
  }

  async byTrackingToken(token: string): Promise<OrderRow | undefined> {
    const [row] = await this.db.q.select().from(this.db.t.orders).where(eq(this.db.t.orders.trackingToken, token));
    return row;
  }

  /** How many orders are in each status (for the overview). */
  async countByStatus(): Promise<Record<string, number>> {
    const t = this.db.t.orders;
    const rows = await this.db.q.select({ status: t.status, n: count() }).from(t).groupBy(t.status);
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Newest first, paged by an opaque cursor over (createdAt, id). */
  async list(filter: { source?: string; externalId?: string; status?: string[]; cursor?: string; limit: number }) {
    const t = this.db.t.orders;
    const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    const rows = await this.db.q
      .select()
      .from(t)
      .where(
        and(
          filter.source ? eq(t.source, filter.source) : undefined,
          filter.externalId ? eq(t.externalId, filter.externalId) : undefined,
          filter.status?.length ? inArray(t.status, filter.status) : undefined,
          after ? or(lt(t.createdAt, after.createdAt), and(eq(t.createdAt, after.createdAt), lt(t.id, after.id))) : undefined,
        ),
      )
      .orderBy(desc(t.createdAt), desc(t.id))
      .limit(filter.limit + 1);
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return { rows: page, nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null };
  }

  toCanonical(row: OrderRow): CanonicalOrder {
    const snapshot = row.snapshot as unknown as OrderSnapshot;
    return {
      ...snapshot,
      id: row.id,
      source: row.source,
      status: row.status as OrderStatus,
      trackingUrl: `${this.publicUrl()}/t/${row.trackingToken}`,
      createdAt: new Date(row.createdAt).toISOString(),
      modifiedAt: new Date(row.updatedAt).toISOString(),
    };
  }
}

/** The ship-to address as fraud-velocity facts key it (the rules package's `velocityKey`). */
function shipToKey(snapshot: OrderSnapshot): string | null {
  return velocityKey('shippingAddress', snapshot) ?? null;
}

function encodeCursor(row: OrderRow): string {
  return Buffer.from(`${row.createdAt}:${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const [ms, id] = Buffer.from(cursor, 'base64url').toString().split(':');
  if (!ms || !id || !/^\d+$/.test(ms)) throw new ValidationError('cursor is invalid', [{ field: 'cursor', message: 'not a cursor this API returned' }], 'cursor_invalid', 400);
  return { createdAt: Number(ms), id };
}
