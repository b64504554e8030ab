/**
 * @module A whole hub for tests: real storage (a fresh SQLite file or PostgreSQL database), a real HTTP
 * server on a free loopback port, optionally the console and the sandbox world.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { loadConfig, type HubConfig } from '../config.ts';
import type { Dialect } from '../db/database.ts';
import { createTestDatabaseUrl } from '../db/testing.ts';
import { createHub, type Hub, type HubOptions } from '../hub.ts';
import { createLogger } from '../logging.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/sandbox-world.ts';
import { closeServer, createHttpServer, listen, loadConsole } from '../server.ts';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestHub {
  hub: Hub;
  url: string;
  token: string;
  dataDir: string;
  databaseUrl?: string;
  sandbox?: Sandbox;
  /** Calls the hub's HTTP API with the admin token; JSON in and out. */
  api<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T; headers: Headers }>;
  stop(): Promise<void>;
}

export interface TestHubOptions {
  dialect?: Dialect;
  /** Serve the built console too (needs `ui/build`). */
  console?: boolean;
  sandbox?: SandboxOptions | boolean;
  env?: Record<string, string>;
  hub?: HubOptions;
  /** Keep the storage after stop (to start another hub on it). */
  keepStorage?: boolean;
  /** Reuse storage from an earlier hub. */
  storage?: { dataDir: string; databaseUrl?: string };
}

export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const dataDir = options.storage?.dataDir ?? mkdtempSync(join(tmpdir(), 'dropline-hub-'));
  let databaseUrl = options.storage?.databaseUrl;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (!databaseUrl && options.dialect === 'postgres') {
    const created = await createTestDatabaseUrl();
    databaseUrl = created.url;
    dropDatabase = created.drop;
  }
  const config: HubConfig = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DROPLINE_DATA_DIR: dataDir,
    DROPLINE_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    DROPLINE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
    DROPLINE_LOG_LEVEL: process.env.DROPLINE_TEST_LOG_LEVEL ?? 'silent',
    DROPLINE_SHUTDOWN_GRACE: '5',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  });
  const hub = await createHub(config, { log: createLogger(config.logLevel), jobPollMs: 100, ...options.hub });
  const server: Server = createHttpServer(hub, options.console ? await loadConsole(hub) : undefined);
  const url = await listen(server, 0, '127.0.0.1');
  // Tracking links and the sandbox need the real port.
  (hub.config as { publicUrl: string }).publicUrl = url;
  hub.startWorkers();
  const sandbox = options.sandbox ? await startSandbox(hub, url, options.sandbox === true ? {} : options.sandbox) : undefined;

  return {
    hub,
    url,
    token: TEST_ADMIN_TOKEN,
    dataDir,
    databaseUrl,
    sandbox,
    async api(method, path, body, headers = {}) {
      const res = await fetch(url + path, {
        method,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body: parsed as never, headers: res.headers };
    },
    async stop() {
      try {
        await sandbox?.stop();
        await closeServer(server, 1_000);
        await hub.stop();
      } finally {
        // Even when stopping failed: a test database left behind is never dropped by anyone.
        if (!options.keepStorage) {
          await dropDatabase?.();
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
    },
  };
}

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(probe: () => Promise<T | undefined | false | null>, timeoutMs = 10_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
}

export const randomId = () => randomBytes(4).toString('hex');
