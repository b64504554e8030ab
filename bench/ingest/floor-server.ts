/**
 * @module The floor: the least a webhook endpoint can do and still answer 2xx only after the body is
 * durably stored. Hono on @hono/node-server (the hub's HTTP stack), the raw body read as text, one
 * prepared INSERT, 202. No signature, no parsing, no events, no jobs.
 *
 * Run as its own process: `node --import tsx bench/ingest/floor-server.ts` with
 * - `PORT`, and either
 * - `FLOOR_SQLITE_FILE`: better-sqlite3 with WAL and `synchronous=FULL` (what the hub uses), or
 * - `DATABASE_URL`: a pg Pool of `FLOOR_PG_POOL` connections (16, the hub's default), one INSERT per request.
 *
 * `GET /readyz` answers once the table exists; SIGTERM closes the server and the database.
 */
import { serve } from '@hono/node-server';
import BetterSqlite3 from 'better-sqlite3';
import { Hono } from 'hono';
import pg from 'pg';

const CREATE_TABLE_SQLITE = 'create table if not exists deliveries (id integer primary key, received_at integer not null, body text not null)';
const CREATE_TABLE_PG = 'create table if not exists deliveries (id bigserial primary key, received_at bigint not null, body text not null)';
/** The hub's default pool size (server/src/db/postgres.ts). */
const DEFAULT_PG_POOL = 16;

interface FloorStore {
  insert(body: string): Promise<void>;
  close(): Promise<void>;
}

function openSqliteStore(file: string): FloorStore {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(CREATE_TABLE_SQLITE);
  const insert = db.prepare('insert into deliveries (received_at, body) values (?, ?)');
  return {
    async insert(body) {
      insert.run(Date.now(), body);
    },
    async close() {
      db.close();
    },
  };
}

async function openPostgresStore(url: string, poolSize: number): Promise<FloorStore> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => undefined);
  await pool.query(CREATE_TABLE_PG);
  return {
    async insert(body) {
      await pool.query({ name: 'floor-insert', text: 'insert into deliveries (received_at, body) values ($1, $2)', values: [Date.now(), body] });
    },
    async close() {
      await pool.end();
    },
  };
}

function floorApp(store: FloorStore): Hono {
  const app = new Hono();
  app.get('/readyz', (c) => c.json({ status: 'ready' }));
  app.post('/webhooks/:connectorId', async (c) => {
    await store.insert(await c.req.text());
    return c.json({ status: 'accepted' }, 202);
  });
  return app;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 0);
  const sqliteFile = process.env.FLOOR_SQLITE_FILE;
  const databaseUrl = process.env.DATABASE_URL;
  if (!sqliteFile === !databaseUrl) throw new Error('set exactly one of FLOOR_SQLITE_FILE and DATABASE_URL');
  const store = sqliteFile ? openSqliteStore(sqliteFile) : await openPostgresStore(databaseUrl!, Number(process.env.FLOOR_PG_POOL ?? DEFAULT_PG_POOL));
  const server = serve({ fetch: floorApp(store).fetch, port, hostname: '127.0.0.1' });
  const stop = () => {
    server.close(() => void store.close().then(() => process.exit(0)));
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

await main();
