/**
 * @module The ingest benchmark's results: their shape (also the JSON written to bench/results/), the
 * hub/floor ratios, and the Markdown table for the README's Benchmarks section.
 *
 * Ratios compare the hub with the floors of the same run only: run-to-run noise on a shared 2-core
 * machine is larger than the difference being measured. Throughput is compared with the mean of the
 * floor before and after the hub; p99 with the mean of the two floors' p99 (the target's basis) and,
 * for reference, with the worse of the two.
 */
import type { CpuProfileSummary } from '../lib/cpu-profile-summary.ts';
import type { LoadWindow } from './load.ts';

export type Dialect = 'sqlite' | 'postgres';
export type PhaseName = 'floor-before' | 'hub' | 'floor-after' | 'hub-workers-off';

/** The target from the issue: at least half the floor's throughput, p99 at most 3× the floor's. */
export const TARGET = { minThroughputRatio: 0.5, maxP99Ratio: 3 } as const;

export interface StoredCheck {
  /** 2xx answers over warm-up and timed window. */
  acknowledged: number;
  sent: number;
  stored: number;
  /** Answered 2xx but not in the database: must be 0. */
  acknowledgedNotStored: number;
  /** In the database but never answered: requests in flight when a window closed (at most the connections per window). */
  storedNotAcknowledged: number;
  ok: boolean;
  /** Hub only. */
  orders?: number;
  deliveriesByStatus?: Record<string, number>;
  eventsByType?: Record<string, number>;
  jobs?: Record<string, number>;
}

export interface PhaseResult {
  dialect: Dialect;
  phase: PhaseName;
  warmup: LoadWindow;
  window: LoadWindow;
  /** CPU the server process used during the timed window, in cores (CPU seconds / wall seconds). */
  serverCores: number;
  /** CPU the load generator (this process) used during the timed window, in cores. */
  generatorCores: number;
  /** CPU the whole machine used during the timed window (server, generator, PostgreSQL, anything else), in cores. */
  machineCores: number;
  /** PostgreSQL only: CPU of the server's own database backends during the timed window, in cores. */
  databaseCores?: number;
  stored: StoredCheck;
  /** The pool ran out and deliveries repeated (the hub answers repeats as duplicates). */
  poolWrapped: boolean;
  /** Lines the server printed (the hub logs at warn: any line is a warning or an error). */
  serverLogLines: number;
  serverLogTail?: string;
  profile?: CpuProfileSummary;
  /**
   * The hub records deliveries in background jobs, which yield to intake under load: after the window,
   * how long the backlog took to work off (every delivery recorded as an order).
   */
  drain?: {
    orders: number;
    ms: number;
    perS: number;
    complete: boolean;
    /** CPU ms per order recorded while working off the backlog: the hub process, and its PostgreSQL backends. */
    hubCpuMsPerOrder?: number;
    databaseCpuMsPerOrder?: number;
  };
}

export interface Comparison {
  dialect: Dialect;
  floorMeanPerS: number;
  hubPerS: number;
  throughputRatio: number;
  floorP99MeanMs: number;
  floorP99WorseMs: number;
  hubP99Ms: number;
  p99RatioVsMean: number;
  p99RatioVsWorse: number;
  meetsTarget: boolean;
}

export interface IngestResults {
  benchmark: 'ingest';
  startedAt: string;
  settings: { connections: number; durationS: number; warmupS: number; poolSize: number; bodyBytes: number; body: string };
  environment: Record<string, unknown>;
  phases: PhaseResult[];
  comparisons: Comparison[];
}

export function compare(dialect: Dialect, phases: PhaseResult[]): Comparison | undefined {
  const of = (p: PhaseName) => phases.find((r) => r.dialect === dialect && r.phase === p);
  const before = of('floor-before');
  const after = of('floor-after');
  const hub = of('hub');
  if (!before || !after || !hub) return undefined;
  const floorMeanPerS = (before.window.acceptedPerS + after.window.acceptedPerS) / 2;
  const floorP99MeanMs = (before.window.latencyMs.p99 + after.window.latencyMs.p99) / 2;
  const floorP99WorseMs = Math.max(before.window.latencyMs.p99, after.window.latencyMs.p99);
  const throughputRatio = hub.window.acceptedPerS / floorMeanPerS;
  const p99RatioVsMean = hub.window.latencyMs.p99 / floorP99MeanMs;
  return {
    dialect,
    floorMeanPerS,
    hubPerS: hub.window.acceptedPerS,
    throughputRatio,
    floorP99MeanMs,
    floorP99WorseMs,
    hubP99Ms: hub.window.latencyMs.p99,
    p99RatioVsMean,
    p99RatioVsWorse: hub.window.latencyMs.p99 / floorP99WorseMs,
    meetsTarget: throughputRatio >= TARGET.minThroughputRatio && p99RatioVsMean <= TARGET.maxP99Ratio,
  };
}

const DIALECT_TITLE: Record<Dialect, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
const PHASE_TITLE: Record<PhaseName, string> = {
  'floor-before': 'floor (before)',
  hub: '**hub**',
  'floor-after': 'floor (after)',
  'hub-workers-off': 'hub, job worker off (diagnostic)',
};

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits = 2) => n.toFixed(digits);

function storedCell(p: PhaseResult): string {
  const s = p.stored;
  const mark = s.ok ? '✓' : '✗';
  const extra = s.orders === undefined ? '' : `, ${int(s.orders)} orders`;
  return `${mark} ${int(s.acknowledged)} acked → ${int(s.stored)} stored${extra} (${s.acknowledgedNotStored} lost, ${s.storedNotAcknowledged} in flight at cut-off)`;
}

export function markdownReport(results: IngestResults): string {
  const s = results.settings;
  const env = results.environment;
  const lines: string[] = [];
  lines.push(
    `#### Ingest: signed Shopify \`orders/create\` (${(s.bodyBytes / 1000).toFixed(1)} kB body), ${s.connections} connections, ${s.durationS} s (+${s.warmupS} s warm-up)`,
    '',
    `${results.startedAt.slice(0, 10)} · ${env.cpuModel} × ${env.cpus} · Node ${env.node} · SQLite ${env.sqlite} · PostgreSQL ${env.postgres ?? 'n/a'} · load generator (autocannon) and server share the cores`,
    '',
    '| Storage | Phase | Accepted/s | p50 ms | p99 ms | p99.9 / max ms | non-2xx | Errors | CPU, cores: server / its PostgreSQL backends / generator / machine | Accepted vs stored |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
  );
  for (const p of results.phases) {
    const w = p.window;
    lines.push(
      `| ${DIALECT_TITLE[p.dialect]} | ${PHASE_TITLE[p.phase]} | ${int(w.acceptedPerS)} | ${w.latencyMs.p50} | ${w.latencyMs.p99} | ${w.latencyMs.p99_9} / ${w.latencyMs.max} | ${w.non2xx} | ${w.errors} | ${fixed(p.serverCores)} / ${p.databaseCores === undefined ? '–' : fixed(p.databaseCores)} / ${fixed(p.generatorCores)} / ${fixed(p.machineCores)} | ${storedCell(p)} |`,
    );
  }
  lines.push(
    '',
    '| Storage | Hub accepted/s ÷ mean floor | Hub p99 ÷ mean floor p99 | Hub p99 ÷ worse floor p99 | Target (≥ 0.50, ≤ 3.0× vs mean) |',
    '|---|---:|---:|---:|---|',
  );
  for (const c of results.comparisons) {
    lines.push(
      `| ${DIALECT_TITLE[c.dialect]} | ${int(c.hubPerS)} ÷ ${int(c.floorMeanPerS)} = **${fixed(c.throughputRatio)}** | ${c.hubP99Ms} ÷ ${fixed(c.floorP99MeanMs, 1)} = **${fixed(c.p99RatioVsMean)}×** | ${c.hubP99Ms} ÷ ${c.floorP99WorseMs} = ${fixed(c.p99RatioVsWorse)}× | ${c.meetsTarget ? 'met' : '**not met**'} |`,
    );
  }
  const drains = results.phases.filter((p) => p.drain);
  if (drains.length) {
    lines.push('', 'Background recording (orders created from stored deliveries) during and after the window:', '');
    for (const p of drains) {
      const d = p.drain!;
      const cpu =
        d.hubCpuMsPerOrder === undefined
          ? ''
          : ` CPU per order while working it off: hub ${fixed(d.hubCpuMsPerOrder)} ms${d.databaseCpuMsPerOrder === undefined ? '' : `, its PostgreSQL backends ${fixed(d.databaseCpuMsPerOrder)} ms`}.`;
      lines.push(
        `- ${DIALECT_TITLE[p.dialect]}: ${int(p.stored.stored)} deliveries stored; the backlog was worked off ${d.complete ? '' : '(not completely) '}in ${fixed(d.ms / 1000, 1)} s after the window, ${int(d.perS)} orders/s once intake stopped; ${int(d.orders)} orders in all.${cpu}`,
      );
    }
  }
  return lines.join('\n');
}

export function profileReport(p: PhaseResult, rows = 15): string {
  const prof = p.profile;
  if (!prof) return '';
  const table = (title: string, items: { name: string; ms: number; pct: number; location?: string }[]) => [
    `| ${title} | ms | % of busy |`,
    '|---|---:|---:|',
    ...items.slice(0, rows).map((i) => `| ${i.location ? `\`${i.name}\` ${i.location}` : i.name} | ${int(i.ms)} | ${fixed(i.pct, 1)} |`),
    '',
  ];
  return [
    `#### CPU profile: ${DIALECT_TITLE[p.dialect]} ${PHASE_TITLE[p.phase]} (busy ${int(prof.busyMs)} ms, idle ${int(prof.idleMs)} ms of ${int(prof.wallMs)} ms)`,
    '',
    ...Object.entries(prof.views).flatMap(([name, shares]) => table(name, shares)),
    ...table('Module (self time)', prof.byModule),
    ...table('Function (self time)', prof.topFunctions),
  ].join('\n');
}

/**
 * Main-thread milliseconds per stored delivery, by kind of work, with and without the job worker: the
 * difference is what the worker costs per delivery, including the shared code (transactions, ORM) that
 * a stack cannot attribute to it. Both profiles span the whole process, so start-up is in both.
 */
export function workerCostReport(hub: PhaseResult, workersOff: PhaseResult, view = 'Work (by leaf frame)'): string {
  if (!hub.profile || !workersOff.profile) return '';
  const perDelivery = (p: PhaseResult) => new Map((p.profile!.views[view] ?? []).map((s) => [s.name, s.ms / p.stored.stored]));
  const on = perDelivery(hub);
  const off = perDelivery(workersOff);
  const names = [...new Set([...on.keys(), ...off.keys()])].sort((a, b) => (on.get(b) ?? 0) - (off.get(b) ?? 0) - ((on.get(a) ?? 0) - (off.get(a) ?? 0)));
  const busy = (p: PhaseResult) => p.profile!.busyMs / p.stored.stored;
  const row = (name: string, a: number, b: number) => `| ${name} | ${fixed(a)} | ${fixed(b)} | ${fixed(a - b)} |`;
  return [
    `#### Job worker's cost per delivery: ${DIALECT_TITLE[hub.dialect]} (main-thread ms per stored delivery)`,
    '',
    `| ${view} | hub | hub, worker off | difference ≈ worker |`,
    '|---|---:|---:|---:|',
    row('**all busy time**', busy(hub), busy(workersOff)),
    ...names.slice(0, 12).map((n) => row(n, on.get(n) ?? 0, off.get(n) ?? 0)),
    '',
  ].join('\n');
}
