/**
 * @module `bench/ingest`: how many signed Shopify deliveries per second the hub durably accepts, next to
 * the floor (a bare Hono endpoint that only inserts the body) measured in the same run, before and after
 * the hub, on SQLite and then on PostgreSQL.
 *
 * Each server runs in a child process; the load generator (autocannon) runs here. Every phase gets fresh
 * storage, a warm-up that is not counted, then the timed window. After a server stops, its database is
 * read directly to check that every delivery it answered 2xx for is stored.
 *
 * @example
 * node --import tsx bench/run.ts ingest                       # the full run, ~4 minutes
 * node --import tsx bench/run.ts ingest --storage sqlite --profile --workers-off
 * node --import tsx bench/run.ts ingest --cpu                 # CPU per delivery, hub vs floor (see cpu.ts)
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { BUILTIN_CONNECTORS } from '@dropline/connectors';
import { TEST_PG_URL } from '../../server/src/db/testing.ts';
import { machineCpuSeconds, type ChildServer } from '../lib/child-server.ts';
import { backendCpuMeterFor, type BackendCpuMeter } from '../lib/postgres-cpu.ts';
import { summariseCpuProfile } from '../lib/cpu-profile-summary.ts';
import { runIngestCpu, type IngestCpuResults } from './cpu.ts';
import { HUB_PROFILE_VIEWS } from './hub-activities.ts';
import { loadWindow, type LoadWindow } from './load.ts';
import { compare, markdownReport, profileReport, workerCostReport, type Comparison, type Dialect, type IngestResults, type PhaseName, type PhaseResult, type StoredCheck } from './report.ts';
import { BENCH_SHOP, SHOPIFY_ORDER_SAMPLE, SignedDeliveryPool } from './signed-deliveries.ts';
import { ADMIN_TOKEN, REPO_ROOT, freshStorage, mainThreadProfile, startFloorServer, startHubServer } from './servers.ts';
import { countFloorRows, readHubRows } from './stored-rows.ts';
import { gitState, resultsFile } from '../lib/results-file.ts';

const RESULTS_DIR = fileURLToPath(new URL('../results', import.meta.url));

interface Settings {
  connections: number;
  durationS: number;
  warmupS: number;
  poolSize: number;
  dialects: Dialect[];
  profile: boolean;
  workersOff: boolean;
}

const log = (msg: string) => process.stderr.write(`[bench ingest] ${msg}\n`);

function parseSettings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      connections: { type: 'string', default: '64' },
      duration: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      // Enough for the floor's best (~5k/s) over warm-up and window; the floor doesn't mind repeats anyway.
      pool: { type: 'string', default: '160000' },
      storage: { type: 'string', default: 'sqlite,postgres' },
      profile: { type: 'boolean', default: false },
      'workers-off': { type: 'boolean', default: false },
    },
  });
  const dialects = values.storage.split(',').map((d) => d.trim()) as Dialect[];
  for (const d of dialects) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`--storage: unknown "${d}" (sqlite, postgres)`);
  return {
    connections: Number(values.connections),
    durationS: Number(values.duration),
    warmupS: Number(values.warmup),
    poolSize: Number(values.pool),
    dialects,
    profile: values.profile,
    workersOff: values['workers-off'],
  };
}

/** The prepared deliveries must be ones the real Shopify connector accepts, or the run measures 401s. */
function checkPoolAgainstConnector(pool: SignedDeliveryPool): void {
  const shopify = BUILTIN_CONNECTORS.find((c) => c.type === 'shopify')!;
  const ctx = {
    connectorId: BENCH_SHOP.connectorId,
    config: { shopDomain: BENCH_SHOP.shopDomain },
    secrets: { webhookSecret: pool.webhookSecret, accessToken: 'x' },
  };
  for (const index of [0, pool.size - 1]) {
    const d = pool.at(index);
    const req = { rawBody: d.body, headers: d.headers, query: new URLSearchParams() };
    const verdict = shopify.inbound!.verify(req, ctx);
    if (!verdict.ok) throw new Error(`prepared delivery ${index} fails verification: ${verdict.reason}`);
    const result = shopify.inbound!.normalize(req, ctx);
    const ref = result.kind === 'events' ? result.events[0]?.ref?.externalOrderId : undefined;
    if (ref !== d.orderId) throw new Error(`prepared delivery ${index} normalises to order ${ref}, expected ${d.orderId}`);
  }
}

interface Measured {
  warmup: LoadWindow;
  window: LoadWindow;
  serverCores: number;
  generatorCores: number;
  machineCores: number;
  databaseCores?: number;
}

async function measure(server: ChildServer, pool: SignedDeliveryPool, s: Settings, acknowledged?: Set<string>, backends?: BackendCpuMeter): Promise<Measured> {
  const target = { url: server.url, path: `/webhooks/${BENCH_SHOP.connectorId}`, pool, connections: s.connections, acknowledged };
  const warmup = await loadWindow({ ...target, durationS: s.warmupS });
  await backends?.lap();
  const cpu0 = server.cpuSeconds();
  const machine0 = machineCpuSeconds();
  const gen0 = process.cpuUsage();
  const t0 = performance.now();
  const window = await loadWindow({ ...target, durationS: s.durationS });
  const wallS = (performance.now() - t0) / 1000;
  const gen = process.cpuUsage(gen0);
  const serverCores = (server.cpuSeconds() - cpu0) / wallS;
  const machineCores = (machineCpuSeconds() - machine0) / wallS;
  return {
    warmup,
    window,
    serverCores,
    generatorCores: (gen.user + gen.system) / 1e6 / wallS,
    machineCores,
    ...(backends ? { databaseCores: (await backends.lap()) / wallS } : {}),
  };
}

function describe(p: PhaseResult): string {
  const w = p.window;
  return `${p.dialect} ${p.phase}: ${Math.round(w.acceptedPerS)}/s, p50 ${w.latencyMs.p50} ms, p99 ${w.latencyMs.p99} ms, non-2xx ${w.non2xx}, errors ${w.errors}, server ${p.serverCores.toFixed(2)} cores${p.databaseCores === undefined ? '' : ` + its PostgreSQL backends ${p.databaseCores.toFixed(2)}`}, stored ${p.stored.ok ? 'ok' : 'MISMATCH'}`;
}

async function floorPhase(dialect: Dialect, phase: PhaseName, pool: SignedDeliveryPool, s: Settings): Promise<PhaseResult> {
  const { storage, dispose } = await freshStorage(dialect, 'floor.sqlite');
  try {
    const server = await startFloorServer(dialect, storage);
    const backends = await backendCpuMeterFor(storage);
    pool.rewind();
    let m: Measured;
    try {
      m = await measure(server, pool, s, undefined, backends);
    } finally {
      await backends?.close();
      await server.stop();
    }
    const acknowledged = m.warmup.accepted + m.window.accepted;
    const sent = m.warmup.sent + m.window.sent;
    const stored = await countFloorRows(storage);
    const check: StoredCheck = {
      acknowledged,
      sent,
      stored,
      // The floor keeps no ids: a shortfall in the count is the only loss it can show.
      acknowledgedNotStored: Math.max(0, acknowledged - stored),
      storedNotAcknowledged: Math.max(0, stored - acknowledged),
      ok: stored >= acknowledged && stored <= sent,
    };
    return { dialect, phase, ...m, stored: check, poolWrapped: pool.wrapped, serverLogLines: server.outputLines(), serverLogTail: server.outputLines() ? server.output().slice(-2000) : undefined };
  } finally {
    await dispose();
  }
}

async function hubPhase(dialect: Dialect, phase: PhaseName, pool: SignedDeliveryPool, s: Settings, profilesDir?: string): Promise<PhaseResult> {
  const { storage, dispose } = await freshStorage(dialect, 'dropline.sqlite');
  const dataDir = mkdtempSync(join(tmpdir(), 'dropline-bench-hub-'));
  const hubFile = join(dataDir, 'dropline.sqlite');
  const profileDir = profilesDir ? join(profilesDir, `${dialect}-${phase}`) : undefined;
  try {
    const server = await startHubServer(dialect, storage, pool.webhookSecret, { dataDir, profileDir, workersOff: phase === 'hub-workers-off' });
    const backends = await backendCpuMeterFor(storage);
    const acknowledgedIds = new Set<string>();
    let m: Measured;
    let drain: PhaseResult['drain'];
    try {
      pool.rewind();
      m = await measure(server, pool, s, acknowledgedIds, backends);
      if (phase === 'hub') drain = await workOffBacklog(server, backends);
    } finally {
      await backends?.close();
      const code = await server.stop();
      if (code !== 0) log(`hub exited with ${code}:\n${server.output().slice(-2000)}`);
    }
    const rows = await readHubRows(storage.dialect === 'sqlite' ? { dialect: 'sqlite', file: hubFile } : storage);
    let acknowledgedNotStored = 0;
    for (const id of acknowledgedIds) if (!rows.deliveryIds.has(id)) acknowledgedNotStored++;
    const sent = m.warmup.sent + m.window.sent;
    const check: StoredCheck = {
      acknowledged: acknowledgedIds.size,
      sent,
      stored: rows.deliveryIds.size,
      acknowledgedNotStored,
      storedNotAcknowledged: rows.deliveryIds.size - (acknowledgedIds.size - acknowledgedNotStored),
      // Orders are created by background jobs; with the worker off there are none, by design.
      ok:
        acknowledgedNotStored === 0 &&
        acknowledgedIds.size === m.warmup.accepted + m.window.accepted &&
        (phase === 'hub-workers-off' || rows.orders === rows.deliveryIds.size),
      orders: rows.orders,
      deliveriesByStatus: rows.deliveriesByStatus,
      eventsByType: rows.eventsByType,
      jobs: rows.jobs,
    };
    const profileFile = profileDir && existsSync(profileDir) ? mainThreadProfile(profileDir, server.pid) : undefined;
    const profile = profileFile ? summariseCpuProfile(profileFile, { repoRoot: REPO_ROOT.replace(/\/$/, ''), views: HUB_PROFILE_VIEWS }) : undefined;
    if (profile) profile.file = relative(REPO_ROOT, profile.file);
    return {
      dialect,
      phase,
      ...m,
      stored: check,
      poolWrapped: pool.wrapped,
      serverLogLines: server.outputLines(),
      serverLogTail: server.outputLines() ? server.output().slice(-2000) : undefined,
      profile,
      drain,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await dispose();
  }
}

/** Waits (up to 10 min) until no delivery is left to record, and says how fast that went. */
async function workOffBacklog(server: ChildServer, backends: BackendCpuMeter | undefined): Promise<NonNullable<PhaseResult['drain']>> {
  const get = async (path: string) => (await fetch(server.url + path, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json() as Promise<any>;
  const started = Date.now();
  await backends?.lap();
  const cpu0 = server.cpuSeconds();
  const before = (await get('/api/orders/counts')).total as number;
  for (;;) {
    const pending = (await get('/api/jobs?status=pending&type=inbox.apply&limit=1')).items.length;
    const running = (await get('/api/jobs?status=running&type=inbox.apply&limit=1')).items.length;
    const done = pending === 0 && running === 0;
    if (done || Date.now() - started > 600_000) {
      const ms = Date.now() - started;
      const orders = (await get('/api/orders/counts')).total as number;
      const recorded = Math.max(orders - before, 1);
      const hubCpuMsPerOrder = ((server.cpuSeconds() - cpu0) * 1000) / recorded;
      const databaseCpuMsPerOrder = backends ? ((await backends.lap()) * 1000) / recorded : undefined;
      return { orders, ms, perS: ((orders - before) / Math.max(ms, 1)) * 1000, complete: done, hubCpuMsPerOrder, databaseCpuMsPerOrder };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function postgresReachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return String((await client.query('show server_version')).rows[0].server_version);
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}



export async function runIngestBenchmark(argv: string[]): Promise<IngestResults | IngestCpuResults> {
  if (argv.includes('--cpu')) return runIngestCpu(argv);
  const s = parseSettings(argv);
  const startedAt = new Date();
  const postgresVersion = s.dialects.includes('postgres') ? await postgresReachable() : undefined;
  if (s.dialects.includes('postgres') && !postgresVersion) {
    log(`PostgreSQL is not reachable at ${TEST_PG_URL} (set DROPLINE_TEST_DATABASE_URL); skipping it`);
    s.dialects = s.dialects.filter((d) => d !== 'postgres');
  }

  log(`signing ${s.poolSize.toLocaleString('en-US')} deliveries…`);
  const t0 = performance.now();
  const pool = new SignedDeliveryPool(s.poolSize);
  checkPoolAgainstConnector(pool);
  log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s; body ${pool.bodyBytes} bytes; the Shopify connector accepts them`);

  const profileDir = s.profile ? join(RESULTS_DIR, 'profiles', startedAt.toISOString().replace(/[:.]/g, '-')) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  const phases: PhaseResult[] = [];
  const run = async (p: Promise<PhaseResult>) => {
    const r = await p;
    phases.push(r);
    log(describe(r));
    if (r.poolWrapped) log(`  the pool of ${s.poolSize} ran out: deliveries repeated${r.phase.startsWith('hub') ? ' (the hub answered repeats as duplicates: raise --pool)' : ''}`);
    if (r.serverLogLines) log(`  the server printed ${r.serverLogLines} lines; last:\n${r.serverLogTail}`);
  };
  for (const dialect of s.dialects) {
    log(`${dialect}: floor (before) → hub → floor (after), ${s.warmupS} s warm-up + ${s.durationS} s each at ${s.connections} connections`);
    await run(floorPhase(dialect, 'floor-before', pool, s));
    await run(hubPhase(dialect, 'hub', pool, s, profileDir));
    await run(floorPhase(dialect, 'floor-after', pool, s));
    if (s.workersOff) await run(hubPhase(dialect, 'hub-workers-off', pool, s, profileDir));
  }

  const sqliteVersion = (() => {
    const db = new BetterSqlite3(':memory:');
    const v = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
    db.close();
    return v;
  })();
  const results: IngestResults = {
    benchmark: 'ingest',
    startedAt: startedAt.toISOString(),
    settings: {
      connections: s.connections,
      durationS: s.durationS,
      warmupS: s.warmupS,
      poolSize: s.poolSize,
      bodyBytes: pool.bodyBytes,
      body: relative(REPO_ROOT, SHOPIFY_ORDER_SAMPLE) + ' (.order, re-serialised, distinct id)',
    },
    environment: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim(),
      sqlite: sqliteVersion,
      postgres: postgresVersion,
      profiled: s.profile,
      ...gitState(['server', 'connectors']),
    },
    phases,
    comparisons: s.dialects.map((d) => compare(d, phases)).filter((c): c is Comparison => c !== undefined),
  };
  const file = resultsFile('ingest', startedAt);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  log(`results: ${relative(REPO_ROOT, file)}`);

  process.stdout.write(markdownReport(results) + '\n');
  for (const p of phases) if (p.profile) process.stdout.write('\n' + profileReport(p) + '\n');
  for (const d of s.dialects) {
    const of = (phase: PhaseName) => phases.find((p) => p.dialect === d && p.phase === phase);
    const [hub, off] = [of('hub'), of('hub-workers-off')];
    if (hub?.profile && off?.profile) process.stdout.write('\n' + workerCostReport(hub, off) + '\n');
  }
  return results;
}
