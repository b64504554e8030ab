/**
 * @module PostgreSQL storage, for several stateless hub processes sharing one database.
 *
 * Migrations run under an advisory lock, so hubs starting together don't race to create tables.
 */
import { sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import * as schema from './schema-pg.ts';
import type { Database, Queryable } from './database.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { PreparingClient } from './preparing-client.ts';
import type { Schema } from './schema.ts';

const MIGRATIONS = fileURLToPath(new URL('../../drizzle/pg', import.meta.url));
/** Arbitrary, fixed: identifies Dropline's migration lock among other advisory locks. */
const MIGRATION_LOCK_KEY = 7_245_001;

// int8 (bigserial ids, epoch-ms columns read through raw SQL) as numbers: they stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface PostgresOptions {
  poolSize?: number;
  /** Errors on idle pooled connections (server restart, admin kill): reported, never fatal. */
  onIdleError?: (err: Error) => void;
}

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 32, Client: PreparingClient });
  // Without a listener, an idle client's error is an uncaught exception that takes the hub down.
  pool.on('error', options.onIdleError ?? (() => undefined));
  const q = drizzle({ client: pool }) as unknown as Queryable;
  const lock = await pool.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrate(drizzle({ client: lock }), { migrationsFolder: MIGRATIONS });
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    lock.release();
  }

  // Waiters in this process queue here, so only one of them holds a pooled connection for the lock.
  const local = new KeyedMutex();
  return {
    dialect: 'postgres',
    native: { dialect: 'postgres', pool },
    q,
    t: schema as unknown as Schema,
    transaction(fn) {
      return (q as unknown as { transaction<T>(f: (tx: unknown) => Promise<T>): Promise<T> }).transaction((tx) =>
        fn(tx as Queryable),
      );
    },
    snapshot(fn) {
      return (q as unknown as { transaction<T>(f: (tx: unknown) => Promise<T>, config: object): Promise<T> }).transaction(
        (tx) => fn(tx as Queryable),
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
    },
    async all<T>(tx: Queryable, query: SQL) {
      const res = await (tx as unknown as { execute(q: SQL): Promise<{ rows: T[] }> }).execute(query);
      return res.rows;
    },
    async lockOrder(tx: Queryable, orderId: string) {
      await (tx as unknown as { execute(q: SQL): Promise<unknown> }).execute(sql`select id from orders where id = ${orderId} for update`);
    },
    exclusive(key, fn) {
      return local.run(key, async () => {
        const client = await pool.connect();
        try {
          // Session-level: held across the vendor call, released below or when the connection dies.
          await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
          try {
            return await fn();
          } finally {
            await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
          }
        } finally {
          client.release();
        }
      });
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await pool.end();
    },
  };
}
