/**
 * @module `bench/rules`: decisions per second of a realistic 25-node routing flow over generated orders, in
 * one run next to (a) raw json-rules-engine running the same compiled rules without our runtime and (b) a
 * hand-written plain TypeScript function with the same logic (the floor).
 *
 * Before anything is timed, every order is decided by the plain function and by the flow runtime in both
 * evaluation modes, and the decisions must agree. Variants are then timed in interleaved rounds over the
 * same orders on one core, decisions one after another (as the hub's routing job makes them), and the median
 * round is reported. Experiments (JSONPath instead of the path resolver, engines built per decision, the
 * trace switched off) run on a sample of the orders in the same process.
 *
 * @example
 * node --import tsx bench/run.ts rules                      # 50,000 orders, 3 rounds, about 6 minutes
 * node --import tsx bench/run.ts rules --orders 5000 --rounds 1
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compileFlow, createInMemoryFactProvider, type Decision, type FlowRunInput } from '@dropline/rules';
import { generateInputs } from '../../rules/src/testing/generate-inputs.ts';
import { plainRoute, type DecisionSummary } from './plain-router.ts';
import { rawEngine } from './raw-engine.ts';
import { markdownReport, TARGET_VS_RAW, type RulesResults, type VariantResult } from './report.ts';
import { benchRoutingFlow, SUPPLIER_TERMS } from './routing-flow.ts';
import { gitState, resultsFile } from '../lib/results-file.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOW = '2026-03-10T15:00:00.000Z';
const WARMUP = 5000;

const log = (msg: string) => process.stderr.write(`[bench rules] ${msg}\n`);

interface Variant {
  name: string;
  description: string;
  /** Returns a promise for asynchronous variants; the floor is a plain synchronous call. */
  decide(input: FlowRunInput): unknown;
}

function parseSettings(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      orders: { type: 'string', default: '50000' },
      sample: { type: 'string', default: '5000' },
      rounds: { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
      'experiment-rounds': { type: 'string', default: '3' },
    },
  });
  const orders = Number(values.orders);
  return {
    orders,
    sample: Math.min(orders, Number(values.sample)),
    rounds: Number(values.rounds),
    experimentRounds: Number(values['experiment-rounds']),
    seed: Number(values.seed),
  };
}

/** Our decision in the plain function's canonical form. */
export function summarize(d: Decision): DecisionSummary {
  const lines = (ids: string[]) => ids.join(',');
  const actions = d.actions.map((a) => {
    switch (a.type) {
      case 'add-tag':
        return `add-tag:${a.tags.join('|')}:${lines(a.lines)}`;
      case 'hold':
        return `hold:${a.reason}:${lines(a.lines)}`;
      case 'notify-customer':
        return `notify-customer:${a.template}:${a.to}:${lines(a.lines)}`;
      case 'call-webhook':
        return `call-webhook:${a.url}:${lines(a.lines)}`;
      case 'cancel-refund':
        return `cancel-refund:${a.mode}:${a.amount}:${a.lines.map((l) => `${l.lineId}×${l.quantity}=${l.amount}`).join(',')}`;
    }
  });
  if (d.kind === 'hold') return { kind: 'hold', hold: d.nodeId, assignments: [], unassigned: [], actions };
  return {
    kind: 'assign',
    assignments: d.assignments.map((a) => `${a.lineId}→${a.supplierId}×${a.quantity}`).sort(),
    unassigned: d.unassigned.map((u) => `${u.lineId}×${u.quantity}`),
    actions,
  };
}

function outcomeOf(s: DecisionSummary): string {
  if (s.kind === 'hold') return `hold (${s.hold})`;
  if (s.actions.some((a) => a.startsWith('cancel-refund'))) return 'refund';
  return s.unassigned.length ? 'assigned, some lines unplaced' : 'assigned';
}

async function timeOnce(v: Variant, inputs: readonly FlowRunInput[]): Promise<number> {
  const t0 = performance.now();
  for (const input of inputs) {
    const r = v.decide(input);
    if (r instanceof Promise) await r;
  }
  return inputs.length / ((performance.now() - t0) / 1000);
}

async function measure(variants: Variant[], inputs: readonly FlowRunInput[], rounds: number): Promise<VariantResult[]> {
  for (const v of variants) await timeOnce(v, inputs.slice(0, WARMUP));
  const perRound = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let round = 1; round <= rounds; round++) {
    // Interleaved, and in a different order each round, so drift on a shared machine hits every variant.
    const order = round % 2 === 1 ? variants : [...variants].reverse();
    for (const v of order) {
      const perS = await timeOnce(v, inputs);
      perRound.get(v.name)!.push(perS);
      log(`  round ${round}: ${v.name}: ${Math.round(perS).toLocaleString('en-US')} decisions/s`);
    }
  }
  return variants.map((v) => {
    const rs = perRound.get(v.name)!;
    const sorted = [...rs].sort((a, b) => a - b);
    const perS = sorted[Math.floor(sorted.length / 2)]!;
    return { name: v.name, description: v.description, orders: inputs.length, rounds: rs, perS, usPerDecision: 1e6 / perS };
  });
}



export async function runRulesBenchmark(argv: string[]): Promise<RulesResults> {
  const s = parseSettings(argv);
  const startedAt = new Date();
  log(`generating ${s.orders.toLocaleString('en-US')} orders (seed ${s.seed})…`);
  const inputs = generateInputs(s.orders, s.seed);
  const lineCount = inputs.reduce((n, i) => n + i.lines.length, 0);
  const flow = benchRoutingFlow();
  const facts = createInMemoryFactProvider({ terms: SUPPLIER_TERMS });

  const c0 = performance.now();
  const compiled = compileFlow(flow, { facts });
  const compileMs = performance.now() - c0;
  const noTrace = compileFlow(flow, { facts, trace: false });
  const engineMode = compileFlow(flow, { facts, evaluation: 'engine' });
  const engineNoTrace = compileFlow(flow, { facts, evaluation: 'engine', trace: false });
  const raw = rawEngine(compiled);

  log('checking that the plain function and both evaluation modes decide alike on every order…');
  let plainVsCompiled = 0;
  let compiledVsEngine = 0;
  const outcomes: Record<string, number> = {};
  for (const input of inputs) {
    const plain = plainRoute(input, SUPPLIER_TERMS);
    const ours = summarize(await compiled.run(input, { now: NOW }));
    const viaEngine = summarize(await engineMode.run(input, { now: NOW }));
    const [a, b, c] = [JSON.stringify(plain), JSON.stringify(ours), JSON.stringify(viaEngine)];
    if (a === b) plainVsCompiled++;
    else if (s.orders - plainVsCompiled < 5) log(`  plain ≠ flow on ${input.order.id}:\n    plain ${a}\n    flow  ${b}`);
    if (b === c) compiledVsEngine++;
    outcomes[outcomeOf(ours)] = (outcomes[outcomeOf(ours)] ?? 0) + 1;
  }
  if (plainVsCompiled !== s.orders || compiledVsEngine !== s.orders) {
    throw new Error(`decisions differ: plain = flow on ${plainVsCompiled}/${s.orders}, compiled = engine on ${compiledVsEngine}/${s.orders}`);
  }
  log(`  all ${s.orders.toLocaleString('en-US')} agree: ${Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}`);

  const at = { now: NOW };
  const main: Variant[] = [
    { name: 'raw json-rules-engine', description: 'the same compiled rules, facts as plain objects, first match by priority; no actions, no trace', decide: (i) => raw.decide(i) },
    { name: 'flow runtime, engine mode', description: 'every rule in json-rules-engine (pooled engines), actions, decision and trace', decide: (i) => engineMode.run(i, at) },
    { name: 'flow runtime, compiled (default)', description: 'input-fact rules as plain functions, first match by priority, actions, decision and trace', decide: (i) => compiled.run(i, at) },
    { name: 'flow runtime, compiled, no trace', description: 'the default without recording the trace', decide: (i) => noTrace.run(i, at) },
    { name: 'plain function (floor)', description: 'the same logic hand-written, synchronous, no trace', decide: (i) => plainRoute(i, SUPPLIER_TERMS) },
  ];
  log(`timing ${main.length} variants × ${s.rounds} round(s) over ${s.orders.toLocaleString('en-US')} orders…`);
  const mainResults = await measure(main, inputs, s.rounds);

  const jsonPath = rawEngine(compiled, { jsonPath: true });
  const perRun = rawEngine(compiled, { enginePerRun: true });
  // The baselines again on the same sample, interleaved with the experiments, so the ratios compare like with like.
  const experiments: Variant[] = [
    main[0]!,
    { name: 'raw json-rules-engine, JSONPath instead of the path resolver', description: 'json-rules-engine default path handling', decide: (i) => jsonPath.decide(i) },
    { name: 'raw json-rules-engine, engines built for every decision', description: 'no compile-once reuse', decide: (i) => perRun.decide(i) },
    main[1]!,
    { name: 'flow runtime, engine mode, no trace', description: 'engine mode without recording the trace', decide: (i) => engineNoTrace.run(i, at) },
    main[4]!,
  ];
  log(`experiments on ${s.sample.toLocaleString('en-US')} orders…`);
  const experimentResults = await measure(experiments, inputs.slice(0, s.sample), s.experimentRounds);

  // Ratios per round (the variants of a round ran minutes apart at most), then the median: on a shared machine
  // the load drifts between rounds more than between neighbouring variants.
  const rounds = (name: string) => mainResults.find((v) => v.name === name)!.rounds;
  const ratio = (a: string, b: string) => {
    const [x, y] = [rounds(a), rounds(b)];
    const per = x.map((v, i) => v / y[i]!).sort((p, q) => p - q);
    return per[Math.floor(per.length / 2)]!;
  };
  const require = createRequire(import.meta.url);
  const jreVersion = JSON.parse(readFileSync(require.resolve('json-rules-engine/package.json'), 'utf8')).version as string;
  const results: RulesResults = {
    benchmark: 'rules',
    startedAt: startedAt.toISOString(),
    settings: {
      orders: s.orders,
      sample: s.sample,
      rounds: s.rounds,
      experimentRounds: s.experimentRounds,
      seed: s.seed,
      lines: lineCount,
      flowNodes: flow.nodes.length,
      orderRules: compiled.rules.filter((r) => r.scope === 'order').length,
      lineRules: compiled.rules.filter((r) => r.scope === 'line').length,
      compileMs,
    },
    environment: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model.trim(), jsonRulesEngine: jreVersion, ...gitState(['rules', 'bench/rules']) },
    agreement: { orders: s.orders, plainVsCompiled, compiledVsEngine, outcomes },
    main: mainResults,
    experiments: experimentResults,
    ratios: {
      engineModeVsRaw: ratio('flow runtime, engine mode', 'raw json-rules-engine'),
      compiledVsRaw: ratio('flow runtime, compiled (default)', 'raw json-rules-engine'),
      compiledVsFloor: ratio('flow runtime, compiled (default)', 'plain function (floor)'),
      noTraceVsFloor: ratio('flow runtime, compiled, no trace', 'plain function (floor)'),
      rawVsFloor: ratio('raw json-rules-engine', 'plain function (floor)'),
      targetMet: ratio('flow runtime, engine mode', 'raw json-rules-engine') >= TARGET_VS_RAW,
    },
  };
  const file = resultsFile('rules', startedAt);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  log(`results: ${relative(REPO_ROOT, file)}`);
  process.stdout.write(markdownReport(results) + '\n');
  return results;
}
