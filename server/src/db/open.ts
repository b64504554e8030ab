/** @module Picks the storage from configuration: `DATABASE_URL=postgres://…` or SQLite in the data dir. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './database.ts';
import { openPostgres } from './postgres.ts';
import { openSqlite } from './sqlite.ts';

export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  onIdleError?: (err: Error) => void;
}): Promise<Database> {
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) throw new Error('DATABASE_URL must be a postgres:// URL');
    return openPostgres(options.databaseUrl, { onIdleError: options.onIdleError, poolSize: options.poolSize });
  }
  mkdirSync(options.dataDir, { recursive: true });
  return openSqlite(join(options.dataDir, 'dropline.sqlite'));
}
