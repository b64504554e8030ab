/**
 * @module The servers the ingest benchmark measures, each started in a child process on fresh storage:
 * the floor (bench/ingest/floor-server.ts) and the hub (server/src/main.ts) with the benchmark's Shopify
 * connector. Shared by the throughput run and the CPU run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabaseUrl } from '../../server/src/db/testing.ts';
import { freePort, startChildServer, type ChildServer } from '../lib/child-server.ts';
import type { Dialect } from './report.ts';
import { BENCH_SHOP } from './signed-deliveries.ts';
import type { Storage } from './stored-rows.ts';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FLOOR_ENTRY = 'bench/ingest/floor-server.ts';
const HUB_ENTRY = 'server/src/main.ts';
export const ADMIN_TOKEN = `bench-admin-${randomBytes(12).toString('hex')}`;

export async function freshStorage(dialect: Dialect, file: string): Promise<{ storage: Storage; dispose(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dropline-bench-'));
    return { storage: { dialect, file: join(dir, file) }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const { url, drop } = await createTestDatabaseUrl();
  return { storage: { dialect, url }, dispose: drop };
}

export async function startFloorServer(dialect: Dialect, storage: Storage): Promise<ChildServer> {
  const port = await freePort();
  return startChildServer({
    name: `floor (${dialect})`,
    nodeArgs: ['--import', 'tsx', FLOOR_ENTRY],
    cwd: REPO_ROOT,
    port,
    readyPath: '/readyz',
    env: {
      PORT: String(port),
      FLOOR_SQLITE_FILE: storage.dialect === 'sqlite' ? storage.file : '',
      DATABASE_URL: storage.dialect === 'postgres' ? storage.url : '',
    },
  });
}

export interface HubServerOptions {
  /** The hub's data dir (its SQLite file, when the storage is SQLite, is `dropline.sqlite` in it). */
  dataDir: string;
  /** `--cpu-prof` into this directory. */
  profileDir?: string;
  /** `DROPLINE_WORKER_CONCURRENCY=0`: intake alone, nothing recorded. */
  workersOff?: boolean;
  /** Another checkout of the repository to run the hub from (a baseline: the code before a change). */
  root?: string;
}

/** Starts the hub and creates the benchmark's Shopify connector on it. */
export async function startHubServer(dialect: Dialect, storage: Storage, webhookSecret: string, o: HubServerOptions): Promise<ChildServer> {
  const port = await freePort();
  const server = await startChildServer({
    name: `hub (${dialect}${o.root ? `, ${o.root}` : ''})`,
    // Without a built console the hub says so once at start: expected here.
    ignoreLines: /the console is not built/,
    nodeArgs: [...(o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : []), '--import', 'tsx', HUB_ENTRY],
    cwd: o.root ?? REPO_ROOT,
    port,
    readyPath: '/readyz',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DROPLINE_DATA_DIR: o.dataDir,
      DROPLINE_SANDBOX: 'off',
      DROPLINE_ADMIN_TOKEN: ADMIN_TOKEN,
      DROPLINE_SECRET_KEY: randomBytes(32).toString('base64'),
      DROPLINE_LOG_LEVEL: 'warn',
      DATABASE_URL: storage.dialect === 'postgres' ? storage.url : '',
      ...(o.workersOff ? { DROPLINE_WORKER_CONCURRENCY: '0' } : {}),
    },
  });
  try {
    await createBenchConnector(server.url, webhookSecret);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

async function createBenchConnector(url: string, webhookSecret: string): Promise<void> {
  const res = await fetch(`${url}/api/connectors`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      id: BENCH_SHOP.connectorId,
      type: 'shopify',
      config: { shopDomain: BENCH_SHOP.shopDomain },
      secrets: { webhookSecret, accessToken: 'x' },
    }),
  });
  if (res.status !== 201) throw new Error(`creating the connector answered ${res.status}: ${await res.text()}`);
}

/**
 * The main thread's profile among those `--cpu-prof` wrote: tsx's module hooks run on a thread of their
 * own, which writes a profile too (Node names them CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile).
 */
export function mainThreadProfile(dir: string, pid: number): string | undefined {
  const name = readdirSync(dir).find((f) => new RegExp(`^CPU\\.\\d+\\.\\d+\\.${pid}\\.0\\.\\d+\\.cpuprofile$`).test(f));
  return name ? join(dir, name) : undefined;
}
