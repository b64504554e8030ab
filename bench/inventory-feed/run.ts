/**
 * @module `bench/inventory-feed`: a 1,000,000-row supplier CSV (SKU, quantity, cost) against a 1,000,000
 * product catalog — the hub's parse + diff + queue of store updates — side by side with a bare
 * csv-parse pass over the same file (the floor), each phase in its own child process (wall time and
 * peak RSS, VmHWM), on SQLite and PostgreSQL. Beside the floor, a bare pass of the parser the hub uses
 * (papaparse, some 2.5 times faster than csv-parse): the hub's time over that is shown too, so the
 * parser's share of the margin is in plain sight.
 *
 * Phases per storage, on freshly seeded storage: floor, hub (first run: 5% of quantities and 1% of costs
 * differ from what is stored; `--change-every N` changes every Nth quantity instead of every 20th; the
 * storage, seeded in SQL, has no stock digest yet, so the tables are read), hub again with the same file
 * (must queue nothing), then in turns: the stored state as a feed (takes the changes back, leaves a
 * digest) and the first run's file again (the same changes, after a feed: its digest is read), floor
 * again; between turns the first run is repeated (back to the stored state, digests dropped). Every
 * run's counts are checked against what the generator knows changed.
 *
 * @example
 * node --import tsx bench/run.ts inventory-feed
 * node --import tsx bench/run.ts inventory-feed --rows 200000 --storage sqlite
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTestDatabaseUrl } from '../../server/src/db/testing.ts';
import { openPostgres } from '../../server/src/db/postgres.ts';
import { openSqlite } from '../../server/src/db/sqlite.ts';
import { expectedChanges, writeFeed } from './feed-file.ts';
import { seedCatalog } from './seed.ts';
import { gitState, resultsFile } from '../lib/results-file.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PHASE = fileURLToPath(new URL('./phase.ts', import.meta.url));
const log = (msg: string) => process.stderr.write(`[bench inventory-feed] ${msg}\n`);

type Dialect = 'sqlite' | 'postgres';
interface Phase {
  storage: Dialect;
  name: string;
  ms: number;
  cpuMs?: number;
  peakMb: number;
  rows: number;
  stockChanged?: number;
  costsChanged?: number;
  pushed?: number;
  jobs?: number;
  /** Where the hub's time went (server/src/inventory/feed-profile.ts). */
  profile?: { batches: number; batchRows: number; ms: Record<string, number> };
}

const PARSER = 'bare papaparse pass (the hub’s parser)';
const COLD = 'hub, first run without a digest (reads the tables)';
const WARM = 'hub, first run after a feed (reads its digest)';
const AGAIN = 'hub, same file again';
const BACK = 'hub, the stored state as a feed (takes the changes back)';

function runPhase(args: string[]): Omit<Phase, 'storage' | 'name'> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', PHASE, ...args], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

export async function runInventoryFeedBenchmark(argv: string[]): Promise<unknown> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '1000000' },
      storage: { type: 'string', default: 'sqlite,postgres' },
      'change-every': { type: 'string', default: '20' },
      repeat: { type: 'string', default: '5' },
    },
  });
  const repeat = Math.max(1, Number(values.repeat));
  const rows = Number(values.rows);
  const every = Number(values['change-every']);
  const dialects = values.storage.split(',').map((s) => s.trim()) as Dialect[];
  const startedAt = new Date();
  const loadBefore = loadavg()[0]!;
  const work = mkdtempSync(join(tmpdir(), 'dropline-bench-feed-'));
  const file = join(work, 'feed.csv');
  const { bytes } = await writeFeed(file, rows, every);
  // The stored state as a feed (nothing changed): it takes the first run's changes back, leaving a digest.
  const stored = join(work, 'stored.csv');
  await writeFeed(stored, rows, 0);
  const expected = expectedChanges(rows, every);
  log(`feed: ${rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(1)} MB; expected changes ${JSON.stringify(expected)}`);
  const phases: Phase[] = [];
  const checks: string[] = [];
  try {
    for (const storage of dialects) {
      let target: string;
      let drop: (() => Promise<void>) | undefined;
      if (storage === 'sqlite') {
        target = join(work, 'bench.sqlite');
        const db = openSqlite(target);
        log('seeding SQLite …');
        await seedCatalog(db, rows);
        await db.close();
      } else {
        const created = await createTestDatabaseUrl().catch((err) => {
          log(`PostgreSQL unreachable, skipped: ${(err as Error).message}`);
          return undefined;
        });
        if (!created) continue;
        target = created.url;
        drop = created.drop;
        const db = await openPostgres(target, { poolSize: 2 });
        log('seeding PostgreSQL …');
        await seedCatalog(db, rows);
        await db.close();
      }
      const phase = (name: string, args: string[]) => {
        const p = { storage, name, ...runPhase(args) };
        phases.push(p);
        log(`${storage} ${name}: ${Math.round(p.ms)} ms (CPU ${Math.round(p.cpuMs ?? 0)} ms), peak ${p.peakMb.toFixed(0)} MB`);
        if (p.profile) log(`  ${p.profile.batches} batches, ${p.profile.batchRows} rows written; ms ${JSON.stringify(p.profile.ms)}`);
        return p;
      };
      // The floors (csv-parse's, and the hub's parser's) go together.
      const floors = () => {
        phase('floor', ['floor', file]);
        phase(PARSER, ['papaparse', file]);
      };
      // The floor and the repeat run go in turns, `repeat` (5) times each (medians reported): this machine is
      // shared and noisy. The first run changes the stored state: it is repeated below, once that is restored.
      let feedNo = 0;
      const hub = (name: string, csv: string) => phase(name, ['hub', target, csv, `bench-${storage}-${++feedNo}`]);
      floors();
      // Seeded in SQL, the storage has no stock digest yet: this run reads the tables (and leaves one).
      const first = hub(COLD, file);
      let second = hub(AGAIN, file);
      for (let k = 1; k < repeat; k++) {
        floors();
        const again = hub(AGAIN, file);
        if ((again.jobs ?? 0) > 0 || (again.stockChanged ?? 0) > 0) second = again;
      }
      // The same changes as the first run, now after a feed (the stored state, as a feed) and its digest:
      // how a supplier's scheduled feeds run. In turns with the floor too. Between turns, the first run
      // once more: back to the stored state, its digest dropped, so the tables are read again.
      const withDigest: Phase[] = [];
      const back: Phase[] = [];
      const cold = [first];
      for (let k = 0; k < repeat; k++) {
        floors();
        back.push(hub(BACK, stored));
        withDigest.push(hub(WARM, file));
        if (k === repeat - 1) continue;
        back.push(hub(BACK, stored));
        await dropDigests(storage, target);
        cold.push(hub(COLD, file));
      }
      floors();
      const right = (p: Phase) => p.stockChanged === expected.stock && p.costsChanged === expected.costs && p.pushed === expected.pushes;
      const ok1 = cold.every(right);
      const ok2 = second.stockChanged === 0 && second.pushed === 0 && second.jobs === 0;
      const ok3 = withDigest.every(right) && back.every(right);
      checks.push(
        `${storage}: every first run ${ok1 ? '✓' : '✗'} ${first.stockChanged} quantities, ${first.costsChanged} costs changed, ${first.pushed} store quantities queued in ${first.jobs} jobs (expected ${expected.stock}, ${expected.costs}, ${expected.pushes}); every run of the same file again ${ok2 ? '✓' : '✗'} ${second.stockChanged} changed, ${second.jobs} jobs; every run back to the stored state and every first run after it ${ok3 ? '✓' : '✗'} the same counts`,
      );
      await drop?.();
      rmSync(join(work, 'bench.sqlite'), { force: true });
      rmSync(join(work, 'bench.sqlite-wal'), { force: true });
      rmSync(join(work, 'bench.sqlite-shm'), { force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const results = {
    benchmark: 'inventory-feed',
    startedAt: startedAt.toISOString(),
    rows,
    bytes,
    changeEvery: every,
    expected,
    environment: { cpu: cpus()[0]?.model, cpus: cpus().length, node: process.version, loadAverage: [loadBefore, loadavg()[0]!], ...gitState(['server/src/inventory', 'server/src/db', 'server/drizzle', 'bench/inventory-feed']) },
    phases,
    checks,
  };
  const table = report(results);
  process.stdout.write(`${table}\n`);
  // Never over an earlier run's file (the README's figures point at them): `-2`, `-3`, … on the same day.
  const out = resultsFile(every === 20 ? 'inventory-feed' : `inventory-feed-every-${every}`, startedAt);
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`results: ${relative(REPO_ROOT, out)}`);
  return results;
}

/** Drops every stock digest, so the next feed reads the tables (as a first run does). */
async function dropDigests(storage: Dialect, target: string): Promise<void> {
  const db = storage === 'sqlite' ? openSqlite(target) : await openPostgres(target, { poolSize: 1 });
  try {
    const native = db.native;
    if (native.dialect === 'sqlite') native.client.exec('DELETE FROM stock_digest_pages; DELETE FROM stock_digests');
    else await native.pool.query('DELETE FROM stock_digest_pages; DELETE FROM stock_digests');
  } finally {
    await db.close();
  }
}

function report(r: { rows: number; bytes: number; changeEvery: number; environment: { cpu?: string; cpus: number; node: string; loadAverage: number[] }; phases: Phase[]; checks: string[] }): string {
  const lines = [
    `### Inventory feed: ${r.rows.toLocaleString('en-US')} rows (${(r.bytes / 1e6).toFixed(1)} MB CSV) against a ${r.rows.toLocaleString('en-US')}-product catalog; ${+(100 / r.changeEvery).toFixed(2)}% of quantities and ${+(20 / r.changeEvery).toFixed(2)}% of costs changed`,
    '',
    `${new Date().toISOString().slice(0, 10)} · ${r.environment.cpu} × ${r.environment.cpus} · Node ${r.environment.node} · each phase in its own process · 1-min load average ${r.environment.loadAverage.map((l) => l.toFixed(1)).join(' → ')} (other work on the machine skews single phases)`,
    '',
    '| Storage | Phase | Wall s | CPU s (all threads) | Peak RSS MB (max) | ÷ median floor | ÷ median papaparse pass | Quantities changed | Costs changed | Store quantities queued (jobs) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  for (const storage of new Set(r.phases.map((p) => p.storage))) {
    const ps = r.phases.filter((p) => p.storage === storage);
    const floor = median(ps.filter((p) => p.name === 'floor').map((p) => p.ms));
    const parser = median(ps.filter((p) => p.name === PARSER).map((p) => p.ms));
    for (const name of ['floor', PARSER, COLD, WARM, AGAIN, BACK]) {
      const runs = ps.filter((p) => p.name === name);
      const p = runs[0]!;
      if (!p) continue;
      const ms = median(runs.map((x) => x.ms));
      const hub = name !== 'floor' && name !== PARSER;
      const overFloor = hub ? `**${(ms / floor).toFixed(2)}×**` : name === PARSER ? `${(ms / floor).toFixed(2)}×` : '';
      const label = runs.length > 1 ? `${name} (median of ${runs.length}: ${runs.map((x) => (x.ms / 1000).toFixed(2)).join(', ')} s)` : name;
      lines.push(
        `| ${storage === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${hub ? `**${label}**` : label} | ${(ms / 1000).toFixed(2)} | ${(median(runs.map((x) => x.cpuMs ?? 0)) / 1000).toFixed(2)} | ${Math.max(...runs.map((x) => x.peakMb)).toFixed(0)} | ${overFloor} | ${hub ? `${(ms / parser).toFixed(2)}×` : ''} | ${hub ? p.stockChanged : ''} | ${hub ? p.costsChanged : ''} | ${hub ? `${p.pushed} (${p.jobs})` : ''} |`,
      );
    }
  }
  lines.push('', 'Target: hub ≤ 3× the floor’s time (a bare csv-parse pass), peak RSS ≤ 300 MB.', '', ...r.checks.map((c) => `- ${c}`));
  return lines.join('\n');
}
