/**
 * @module Test databases: a fresh SQLite file, or a fresh PostgreSQL database per suite, so runs never share
 * state. PostgreSQL comes from `DROPLINE_TEST_DATABASE_URL` (default: the local server's `test` database,
 * used only to create and drop the per-suite databases).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database, Dialect } from './database.ts';
import { openPostgres } from './postgres.ts';
import { openSqlite } from './sqlite.ts';

export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

export const TEST_PG_URL = process.env.DROPLINE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  db: Database;
  /** What a hub would be given to open the same storage (`DATABASE_URL`, or a data dir). */
  url?: string;
  dataDir?: string;
  cleanup(): Promise<void>;
}

export async function createTestDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `dropline_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function openTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'dropline-test-'));
    const db = openSqlite(join(dataDir, 'dropline.sqlite'));
    return {
      db,
      dataDir,
      async cleanup() {
        await db.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const { url, drop } = await createTestDatabaseUrl();
  const db = await openPostgres(url, { poolSize: 8 });
  return {
    db,
    url,
    async cleanup() {
      await db.close();
      await drop();
    },
  };
}
