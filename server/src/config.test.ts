import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const PG = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' };

describe('worker concurrency', () => {
  it('defaults to 8 on SQLite, and on PostgreSQL to 24 held to half the pool (16 of the default 32)', () => {
    expect(loadConfig({}).workerConcurrency).toBe(8);
    expect(loadConfig(PG).workerConcurrency).toBe(16);
    expect(loadConfig({ ...PG, DROPLINE_DB_POOL_SIZE: '64' }).workerConcurrency).toBe(24);
  });

  it('never lets PostgreSQL jobs take more than half the pool, even when asked to', () => {
    expect(loadConfig({ ...PG, DROPLINE_DB_POOL_SIZE: '16', DROPLINE_WORKER_CONCURRENCY: '24' }).workerConcurrency).toBe(8);
    expect(loadConfig({ ...PG, DROPLINE_WORKER_CONCURRENCY: '0' }).workerConcurrency).toBe(0);
    expect(loadConfig({ DROPLINE_WORKER_CONCURRENCY: '20' }).workerConcurrency).toBe(20);
  });
});
