/** @module Durable key/value state per connector: poll cursors, cached OAuth tokens. */
import { and, eq, sql } from 'drizzle-orm';
import type { ConnectorState } from '@dropline/connectors/sdk';
import type { Database } from '../db/database.ts';

export function connectorState(db: Database, connectorId: string): ConnectorState {
  const t = db.t.connectorState;
  return {
    async get<T>(key: string) {
      const [row] = await db.q.select().from(t).where(and(eq(t.connectorId, connectorId), eq(t.key, key)));
      return row?.value as T | undefined;
    },
    async set(key, value) {
      const now = Date.now();
      await db.transaction((tx) =>
        tx
          .insert(t)
          .values({ connectorId, key, value, updatedAt: now })
          .onConflictDoUpdate({ target: [t.connectorId, t.key], set: { value, updatedAt: now } }),
      );
    },
    async update<T>(key: string, fn: (current: T | undefined) => T): Promise<T> {
      return db.transaction(async (tx) => {
        // SQLite runs one transaction at a time already; PostgreSQL needs the key locked so two hubs
        // reading the same counter can't both write the same next value.
        if (db.dialect === 'postgres') await db.all(tx, sql`select pg_advisory_xact_lock(hashtext(${`connector_state:${connectorId}:${key}`}))`);
        const [row] = await tx.select().from(t).where(and(eq(t.connectorId, connectorId), eq(t.key, key)));
        const value = fn(row?.value as T | undefined);
        const now = Date.now();
        await tx
          .insert(t)
          .values({ connectorId, key, value, updatedAt: now })
          .onConflictDoUpdate({ target: [t.connectorId, t.key], set: { value, updatedAt: now } });
        return value;
      });
    },
  };
}
