/**
 * @module One storage interface over SQLite (better-sqlite3) and PostgreSQL (node-postgres).
 *
 * Repositories are written once with drizzle's query builder against the tables of `schema.ts`, and
 * run on either dialect. The differences live here: how a transaction is opened, how raw SQL is run,
 * and which locking clause claims a job.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import type pg from 'pg';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { Schema } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

/**
 * The query builder, typed as the SQLite one. On PostgreSQL the object is drizzle's node-postgres
 * database; only the parts both share are used: select/insert/update/delete builders, awaited
 * (never `.run()`/`.all()`/`.get()`, which exist on SQLite only), with `.returning()` for affected rows.
 */
export type Queryable = BetterSQLite3Database<Record<string, never>>;

export interface Database {
  readonly dialect: Dialect;
  /** Builder for reads and for writes outside a transaction. */
  readonly q: Queryable;
  /** The tables. */
  readonly t: Schema;
  /**
   * Runs `fn` in a transaction: all its writes commit together or not at all. Do no network I/O
   * inside: on SQLite every other writer waits for it.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs several reads that must agree with each other (an order with its events and supplier orders).
   * PostgreSQL: one read-only REPEATABLE READ transaction, since separate pooled queries could straddle
   * another process's commit. SQLite: the one connection, as is (reads there see this process's writes).
   */
  snapshot<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Raw SQL returning rows, for the few statements the builder can't express on both dialects. */
  all<T>(tx: Queryable, query: SQL): Promise<T[]>;
  /**
   * Serialises work on one order across hub processes until `tx` ends (PostgreSQL: a row lock;
   * SQLite: nothing to do, its writers already take turns).
   */
  lockOrder(tx: Queryable, orderId: string): Promise<void>;
  /**
   * Runs `fn` while no other caller, in this process or (PostgreSQL) any hub process, runs one for the
   * same key. For calls to a vendor that read, modify and write back (WooCommerce keeps tracking in one
   * meta array): two shipments of one order fulfilled at once would otherwise overwrite each other.
   * Unlike `transaction`, network I/O inside is the point.
   */
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * The driver underneath, for the one or two hot paths where a hand-written statement measurably beats
   * the query builder (see inbox/ingest-statement.ts). Everything else goes through `q`.
   */
  readonly native: { dialect: 'sqlite'; client: BetterSqlite3.Database } | { dialect: 'postgres'; pool: pg.Pool };
}
