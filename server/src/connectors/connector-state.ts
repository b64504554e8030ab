/** @module Durable key/value state per connector: poll cursors, cached OAuth tokens. */
import { and, eq } from 'drizzle-orm';
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
  };
}
