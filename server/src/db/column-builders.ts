/**
 * @module Column builders: the same calls declare a table on SQLite and on PostgreSQL.
 *
 * Tables are declared once, as functions of these builders (see tables/), and built twice:
 * schema-sqlite.ts with the SQLite set, schema-pg.ts with the PostgreSQL set, so the dialects can never
 * drift. Times are epoch milliseconds, money is decimal text, documents are JSON (jsonb on PostgreSQL).
 */
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Column builders with the SQLite signatures; the PostgreSQL set is shaped to match (see schema-pg.ts). */
export const sqliteBuilders = {
  table: sqliteTable,
  index,
  uniqueIndex,
  primaryKey,
  text: (name: string) => text(name),
  int: (name: string) => integer(name, { mode: 'number' }),
  /** Epoch milliseconds. */
  ms: (name: string) => integer(name, { mode: 'number' }),
  bool: (name: string) => integer(name, { mode: 'boolean' }),
  json: <T>(name: string) => text(name, { mode: 'json' }).$type<T>(),
  /** Bytes (bytea on PostgreSQL). */
  bytes: (name: string) => blob(name, { mode: 'buffer' }),
  /** Auto-incrementing integer primary key. */
  serial: (name: string) => integer(name, { mode: 'number' }).primaryKey({ autoIncrement: true }),
};
export type ColumnBuilders = typeof sqliteBuilders;

