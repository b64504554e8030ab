/**
 * @module Configuration from the environment (names fixed by CONTRACT.md), validated at start so a typo
 * fails loudly instead of running with a default nobody chose.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { describeIssues } from '@dropline/connectors/model';

const onOff = z.enum(['on', 'off']).transform((v) => v === 'on');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  DROPLINE_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  DROPLINE_ADMIN_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  DROPLINE_SECRET_KEY: z.string().optional(),
  DROPLINE_SANDBOX: onOff.default(false),
  /** Largest accepted webhook body, bytes. */
  DROPLINE_BODY_LIMIT: z.coerce.number().int().positive().default(1024 * 1024),
  /** Where customers reach the hub (tracking links in emails); defaults to http://HOST:PORT. */
  DROPLINE_PUBLIC_URL: z.url().optional(),
  DROPLINE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** PostgreSQL connections per hub process (hubs × this must stay under the server's max_connections). */
  DROPLINE_DB_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(32),
  /**
   * Jobs one hub process runs at once (default: 8 on SQLite, whose writes take turns; 24 on PostgreSQL, where
   * jobs mostly wait on round trips). On PostgreSQL it is held to half the pool: a job can hold a connection in
   * its transaction while it reads through the pool, so more jobs than half the connections can starve each
   * other (seen in bench/ingest with a pool of 16 and 24 jobs: the backlog stalled).
   */
  DROPLINE_WORKER_CONCURRENCY: z.coerce.number().int().min(0).optional(),
  /** Seconds to let in-flight work finish after SIGTERM. */
  DROPLINE_SHUTDOWN_GRACE: z.coerce.number().positive().default(25),
});

export interface HubConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  dbPoolSize: number;
  adminToken?: string;
  secretKey?: string;
  sandbox: boolean;
  bodyLimit: number;
  publicUrl: string;
  logLevel: string;
  workerConcurrency: number;
  shutdownGraceMs: number;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) throw new Error(`invalid configuration: ${describeIssues(parsed.error.issues)}`);
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DROPLINE_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    dbPoolSize: e.DROPLINE_DB_POOL_SIZE,
    adminToken: e.DROPLINE_ADMIN_TOKEN,
    secretKey: e.DROPLINE_SECRET_KEY,
    sandbox: e.DROPLINE_SANDBOX,
    bodyLimit: e.DROPLINE_BODY_LIMIT,
    publicUrl: (e.DROPLINE_PUBLIC_URL ?? `http://${linkHost(e.HOST)}:${e.PORT}`).replace(/\/+$/, ''),
    logLevel: e.DROPLINE_LOG_LEVEL,
    workerConcurrency: e.DATABASE_URL
      ? Math.min(e.DROPLINE_WORKER_CONCURRENCY ?? 24, Math.floor(e.DROPLINE_DB_POOL_SIZE / 2))
      : (e.DROPLINE_WORKER_CONCURRENCY ?? 8),
    shutdownGraceMs: e.DROPLINE_SHUTDOWN_GRACE * 1000,
  };
}

/** A wildcard bind address is no place to send a customer; links then name this machine as localhost. */
function linkHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '[::]') return 'localhost';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
