/**
 * @module `bench/run.ts ingest --cpu`: what one delivery costs the hub in CPU, next to the floor, on a
 * machine too busy for a fair throughput run.
 *
 * Throughput on a shared 2-core machine moves with whatever else runs; the CPU a server spends per
 * request moves much less. So: each server (floor, then the hub with its job worker off, so this is
 * intake alone) gets a fixed number of the same signed deliveries at the same concurrency, after a
 * warm-up, in a few rounds; its CPU seconds (user + system of the whole process, from /proc) divided by
 * the deliveries it answered 2xx is its cost. The best round is reported, every round kept in the JSON.
 * Then the intake path stage by stage, in this process (cpu-stages.ts), to show where the hub's share goes.
 *
 * `--baseline-root <dir>` measures a second hub, run from another checkout (the code before a change),
 * in the same run and conditions: floor, baseline hub, hub, in turns per round.
 *
 * @example
 * node --import tsx bench/run.ts ingest --cpu                       # SQLite and PostgreSQL, ~3 minutes
 * node --import tsx bench/run.ts ingest --cpu --storage postgres --deliveries 10000 --rounds 2
 * node --import tsx bench/run.ts ingest --cpu --baseline-root /tmp/dropline-before
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TEST_PG_URL } from '../../server/src/db/testing.ts';
import type { ChildServer } from '../lib/child-server.ts';
import { backendCpuMeterFor, type BackendCpuMeter } from '../lib/postgres-cpu.ts';
import { measureIntakeStages, type StageFigure } from './cpu-stages.ts';
import { loadWindow } from './load.ts';
import type { Dialect } from './report.ts';
import { REPO_ROOT, freshStorage, startFloorServer, startHubServer } from './servers.ts';
import { BENCH_SHOP, SignedDeliveryPool } from './signed-deliveries.ts';

const RESULTS_DIR = fileURLToPath(new URL('../results', import.meta.url));
const log = (msg: string) => process.stderr.write(`[bench ingest --cpu] ${msg}\n`);

interface CpuSettings {
  dialects: Dialect[];
  deliveries: number;
  warmup: number;
  rounds: number;
  connections: number;
  stages: boolean;
  baselineRoot?: string;
}

export interface ServerCpu {
  dialect: Dialect;
  server: 'floor' | 'hub (job worker off)' | 'baseline hub (job worker off)';
  /** CPU µs per delivery answered 2xx, best round. */
  cpuUsPerDelivery: number;
  roundsUs: number[];
  /** PostgreSQL's own processes: CPU µs per delivery answered 2xx in the same rounds, best round (postgres only). */
  pgCpuUsPerDelivery?: number;
  pgRoundsUs?: number[];
  /** Answered 2xx per second in the best round: informational only on a busy machine. */
  acceptedPerS: number;
  non2xx: number;
}

export interface IngestCpuResults {
  benchmark: 'ingest --cpu';
  startedAt: string;
  settings: Omit<CpuSettings, 'dialects'> & { bodyBytes: number };
  environment: Record<string, unknown>;
  servers: ServerCpu[];
  stages: Partial<Record<Dialect, StageFigure[]>>;
}

function parseCpuSettings(argv: string[]): CpuSettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      cpu: { type: 'boolean' },
      storage: { type: 'string', default: 'sqlite,postgres' },
      deliveries: { type: 'string', default: '15000' },
      warmup: { type: 'string', default: '3000' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '64' },
      'no-stages': { type: 'boolean', default: false },
      'baseline-root': { type: 'string' },
    },
  });
  const dialects = values.storage.split(',').map((d) => d.trim()) as Dialect[];
  for (const d of dialects) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`--storage: unknown "${d}" (sqlite, postgres)`);
  return {
    dialects,
    deliveries: Number(values.deliveries),
    warmup: Number(values.warmup),
    rounds: Number(values.rounds),
    connections: Number(values.connections),
    stages: !values['no-stages'],
    baselineRoot: values['baseline-root'],
  };
}

type ServerName = ServerCpu['server'];

interface Contender {
  name: ServerName;
  server: ChildServer;
  rounds: { us: number; pgUs?: number; perS: number; non2xx: number }[];
  /** The server's own PostgreSQL backends (postgres only). */
  backends?: BackendCpuMeter;
  stop(): Promise<void>;
}

/** One round: `deliveries` from the pool's `from`-th on, and the server's CPU over them. */
async function measureRound(c: Contender, pool: SignedDeliveryPool, s: CpuSettings, from: number, amount: number) {
  pool.seek(from);
  await c.backends?.lap();
  const cpu0 = c.server.cpuSeconds();
  const w = await loadWindow({ url: c.server.url, path: `/webhooks/${BENCH_SHOP.connectorId}`, pool, connections: s.connections, durationS: 0, amount });
  const cpu = c.server.cpuSeconds() - cpu0;
  const per = (seconds: number) => (seconds * 1e6) / Math.max(w.accepted, 1);
  const pgUs = c.backends ? per(await c.backends.lap()) : undefined;
  return { us: per(cpu), pgUs, perS: w.acceptedPerS, non2xx: w.non2xx };
}

function summarise(dialect: Dialect, c: Contender): ServerCpu {
  const best = c.rounds.reduce((a, b) => (b.us < a.us ? b : a));
  const pgRounds = c.rounds.flatMap((r) => (r.pgUs === undefined ? [] : [Math.round(r.pgUs)]));
  return {
    dialect,
    server: c.name,
    cpuUsPerDelivery: Math.round(best.us),
    roundsUs: c.rounds.map((r) => Math.round(r.us)),
    ...(pgRounds.length ? { pgCpuUsPerDelivery: Math.min(...pgRounds), pgRoundsUs: pgRounds } : {}),
    acceptedPerS: Math.round(best.perS),
    non2xx: c.rounds.reduce((n, r) => n + r.non2xx, 0),
  };
}

async function startContenders(dialect: Dialect, pool: SignedDeliveryPool, s: CpuSettings): Promise<Contender[]> {
  const contenders: Contender[] = [];
  const floorStorage = await freshStorage(dialect, 'floor.sqlite');
  const floor = await startFloorServer(dialect, floorStorage.storage);
  const floorBackends = await backendCpuMeterFor(floorStorage.storage);
  contenders.push({
    name: 'floor',
    server: floor,
    rounds: [],
    backends: floorBackends,
    stop: async () => void (await floorBackends?.close(), await floor.stop(), await floorStorage.dispose()),
  });
  const hubs: [ServerName, string | undefined][] = [
    ...(s.baselineRoot ? ([['baseline hub (job worker off)', s.baselineRoot]] as [ServerName, string][]) : []),
    ['hub (job worker off)', undefined],
  ];
  for (const [name, root] of hubs) {
    const { storage, dispose } = await freshStorage(dialect, 'dropline.sqlite');
    const dataDir = mkdtempSync(join(tmpdir(), 'dropline-bench-hub-'));
    const server = await startHubServer(dialect, storage, pool.webhookSecret, { dataDir, workersOff: true, root });
    const backends = await backendCpuMeterFor(storage);
    contenders.push({
      name,
      server,
      rounds: [],
      backends,
      async stop() {
        await backends?.close();
        const code = await server.stop();
        if (code !== 0) log(`${name} exited with ${code}:\n${server.output().slice(-2000)}`);
        rmSync(dataDir, { recursive: true, force: true });
        await dispose();
      },
    });
  }
  return contenders;
}

async function postgresReachable(): Promise<boolean> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function runIngestCpu(argv: string[]): Promise<IngestCpuResults> {
  const s = parseCpuSettings(argv);
  const startedAt = new Date();
  const load0 = loadavg()[0]!;
  if (s.dialects.includes('postgres') && !(await postgresReachable())) {
    log(`PostgreSQL is not reachable at ${TEST_PG_URL}; skipping it`);
    s.dialects = s.dialects.filter((d) => d !== 'postgres');
  }
  // The hub must never see a delivery twice (a repeat is a duplicate, a different path).
  const pool = new SignedDeliveryPool(s.warmup + s.rounds * s.deliveries);
  const servers: ServerCpu[] = [];
  const stages: IngestCpuResults['stages'] = {};
  for (const dialect of s.dialects) {
    // All servers up at once and measured in turns, round by round: a change in the machine's load
    // then falls on each of them alike.
    const contenders = await startContenders(dialect, pool, s);
    try {
      for (const c of contenders) await measureRound(c, pool, s, 0, s.warmup);
      for (let r = 0; r < s.rounds; r++) {
        for (const c of contenders) c.rounds.push(await measureRound(c, pool, s, s.warmup + r * s.deliveries, s.deliveries));
      }
    } finally {
      for (const c of contenders) await c.stop();
    }
    for (const c of contenders) {
      const figure = summarise(dialect, c);
      servers.push(figure);
      const pgPart = figure.pgRoundsUs ? `; PostgreSQL ${figure.pgCpuUsPerDelivery} µs (rounds ${figure.pgRoundsUs.join(', ')})` : '';
      log(`${dialect} ${c.name}: ${figure.cpuUsPerDelivery} µs/delivery (rounds ${figure.roundsUs.join(', ')})${pgPart}, non-2xx ${figure.non2xx}`);
      if (c.name !== 'floor' && figure.non2xx > 0) throw new Error(`${c.name} answered ${figure.non2xx} deliveries with non-2xx: the figure would not be of intake`);
    }
    if (s.stages) {
      log(`${dialect}: intake stages in-process…`);
      stages[dialect] = await measureIntakeStages({ deliveries: Math.min(s.deliveries, 3000), rounds: s.rounds, concurrency: 16, dialect });
    }
  }
  const results: IngestCpuResults = {
    benchmark: 'ingest --cpu',
    startedAt: startedAt.toISOString(),
    settings: { deliveries: s.deliveries, warmup: s.warmup, rounds: s.rounds, connections: s.connections, stages: s.stages, baselineRoot: s.baselineRoot, bodyBytes: pool.bodyBytes },
    environment: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model.trim(), loadAverage1m: { start: load0, end: loadavg()[0] } },
    servers,
    stages,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const taken = new Set(readdirSync(RESULTS_DIR));
  let name = `ingest-cpu-${startedAt.toISOString().slice(0, 10)}.json`;
  for (let n = 2; taken.has(name); n++) name = `ingest-cpu-${startedAt.toISOString().slice(0, 10)}-${n}.json`;
  writeFileSync(join(RESULTS_DIR, name), JSON.stringify(results, null, 2) + '\n');
  log(`results: ${relative(REPO_ROOT, join(RESULTS_DIR, name))}`);
  process.stdout.write(cpuReport(results) + '\n');
  return results;
}

export function cpuReport(r: IngestCpuResults): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  const env = r.environment as { node: string; cpus: number; loadAverage1m: { start: number; end: number } };
  const out = [
    `#### Ingest CPU per delivery: signed Shopify \`orders/create\` (${(r.settings.bodyBytes / 1000).toFixed(1)} kB), ${r.settings.connections} connections, ${fmt(r.settings.deliveries)} deliveries a round, best of ${r.settings.rounds}`,
    '',
    `${r.startedAt.slice(0, 10)} · ${env.cpus} CPUs · Node ${env.node} · 1-min load average ${env.loadAverage1m.start.toFixed(1)} → ${env.loadAverage1m.end.toFixed(1)} · server process CPU (user + system, all threads) ÷ deliveries answered 2xx · servers measured in turns each round`,
    '',
    '| Storage | Server | CPU µs / delivery | rounds (µs) | PostgreSQL processes µs / delivery (rounds) | accepted/s (best round, informational) | hub ÷ floor (server, PostgreSQL) |',
    '|---|---|---:|---|---|---:|---:|',
  ];
  for (const s of r.servers) {
    const floor = r.servers.find((f) => f.dialect === s.dialect && f.server === 'floor');
    const times = (a: number | undefined, b: number | undefined) => (a === undefined || !b ? '' : `${(a / b).toFixed(2)}×`);
    const ratio = s.server === 'floor' || !floor ? '' : [times(s.cpuUsPerDelivery, floor.cpuUsPerDelivery), times(s.pgCpuUsPerDelivery, floor.pgCpuUsPerDelivery)].filter(Boolean).join(', ');
    const pg = s.pgRoundsUs ? `**${fmt(s.pgCpuUsPerDelivery!)}** (${s.pgRoundsUs.join(', ')})` : '';
    out.push(`| ${s.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${s.server} | **${fmt(s.cpuUsPerDelivery)}** | ${s.roundsUs.join(', ')} | ${pg} | ${fmt(s.acceptedPerS)} | ${ratio} |`);
  }
  for (const d of ['sqlite', 'postgres'] as const) {
    const hub = r.servers.find((x) => x.dialect === d && x.server === 'hub (job worker off)');
    const base = r.servers.find((x) => x.dialect === d && x.server === 'baseline hub (job worker off)');
    if (hub && base) out.push('', `${d === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: hub ÷ baseline hub = ${fmt(hub.cpuUsPerDelivery)} ÷ ${fmt(base.cpuUsPerDelivery)} = **${(hub.cpuUsPerDelivery / base.cpuUsPerDelivery).toFixed(2)}** (${fmt(base.cpuUsPerDelivery - hub.cpuUsPerDelivery)} µs less per delivery)`);
  }
  for (const [dialect, figures] of Object.entries(r.stages)) {
    out.push('', `Intake stages in-process (${dialect}), CPU µs per delivery, best of ${r.settings.rounds} rounds:`, '', '| Stage | µs | rounds |', '|---|---:|---|');
    for (const f of figures!) out.push(`| ${f.stage} | ${f.cpuUs} | ${f.roundsUs.join(', ')} |`);
  }
  return out.join('\n');
}
