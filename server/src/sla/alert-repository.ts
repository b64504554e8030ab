/**
 * @module Operational alerts: problems that concern a supplier rather than one order (a stale inventory
 * feed). Order problems stay `order.exception` events on the order's timeline.
 *
 * Each alert has a dedupe key naming its cause, so a check that runs every few minutes raises it once;
 * it is resolved when the check finds the cause gone.
 */
import { and, desc, eq, isNull, lt, type SQL } from 'drizzle-orm';
import type { Database, Queryable } from '../db/database.ts';
import { newId } from '../ids.ts';

export type AlertRow = typeof import('../db/schema-sqlite.ts').alerts.$inferSelect;

export interface RaiseAlert {
  code: string;
  supplierId?: string;
  message: string;
  data?: Record<string, unknown>;
  dedupeKey: string;
}

export class AlertRepository {
  constructor(private readonly db: Database) {}

  /** True when the alert is new; false when one with the same dedupe key exists. */
  async raise(tx: Queryable, alert: RaiseAlert, now = Date.now()): Promise<boolean> {
    const t = this.db.t.alerts;
    const rows = await tx
      .insert(t)
      .values({ id: newId('alr', now), code: alert.code, supplierId: alert.supplierId ?? null, message: alert.message, data: alert.data ?? {}, dedupeKey: alert.dedupeKey, raisedAt: now, resolvedAt: null })
      .onConflictDoNothing()
      .returning({ id: t.id });
    return rows.length === 1;
  }

  /** Resolves the open alerts of `code` for a supplier; returns how many. */
  async resolve(tx: Queryable, supplierId: string, code: string, now = Date.now()): Promise<number> {
    const t = this.db.t.alerts;
    const rows = await tx
      .update(t)
      .set({ resolvedAt: now })
      .where(and(eq(t.supplierId, supplierId), eq(t.code, code), isNull(t.resolvedAt)))
      .returning({ id: t.id });
    return rows.length;
  }

  async list(filter: { open?: boolean; supplierId?: string; code?: string; before?: string; limit: number }): Promise<AlertRow[]> {
    const t = this.db.t.alerts;
    const where: (SQL | undefined)[] = [
      filter.open === true ? isNull(t.resolvedAt) : undefined,
      filter.supplierId ? eq(t.supplierId, filter.supplierId) : undefined,
      filter.code ? eq(t.code, filter.code) : undefined,
      filter.before ? lt(t.id, filter.before) : undefined,
    ];
    return this.db.q.select().from(t).where(and(...where)).orderBy(desc(t.id)).limit(filter.limit);
  }
}
