/** @module Supplier agreements (every change a new version) and operational alerts about suppliers. */
import { sql } from 'drizzle-orm';
import type { ColumnBuilders } from '../column-builders.ts';

export function defineSupplierTables(b: ColumnBuilders) {
  const supplierAgreements = b.table(
    'supplier_agreements',
    {
      /** The supplier's connector id. */
      supplierId: b.text('supplier_id').notNull(),
      /** 1, 2, …: a change never rewrites a version, it adds the next one; the highest is in force. */
      version: b.int('version').notNull(),
      terms: b.json<Record<string, unknown>>('terms').notNull(),
      author: b.text('author').notNull(),
      note: b.text('note'),
      createdAt: b.ms('created_at').notNull(),
    },
    (t) => [b.primaryKey({ columns: [t.supplierId, t.version] })],
  );

  const alerts = b.table(
    'alerts',
    {
      id: b.text('id').primaryKey(),
      /** Stable, machine-readable: `feed_stale`, … */
      code: b.text('code').notNull(),
      supplierId: b.text('supplier_id'),
      message: b.text('message').notNull(),
      data: b.json<Record<string, unknown>>('data').notNull(),
      /** One alert per cause: raising the same one again is a no-op. */
      dedupeKey: b.text('dedupe_key').notNull(),
      raisedAt: b.ms('raised_at').notNull(),
      resolvedAt: b.ms('resolved_at'),
    },
    (t) => [
      b.uniqueIndex('alerts_dedupe_uq').on(t.dedupeKey),
      b.index('alerts_open_idx').on(t.supplierId, t.code).where(sql`resolved_at is null`),
      b.index('alerts_raised_idx').on(t.raisedAt),
    ],
  );

  return { supplierAgreements, alerts };
}
