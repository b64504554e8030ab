/**
 * @module The rules benchmark's results (also the JSON written to bench/results/) and its Markdown tables.
 */

/** From the issue: our runtime at least 80% of raw json-rules-engine on the same rules. */
export const TARGET_VS_RAW = 0.8;

export interface VariantResult {
  name: string;
  /** What the variant is, for the table. */
  description: string;
  orders: number;
  /** Per round: decisions per second. */
  rounds: number[];
  /** Median of the rounds. */
  perS: number;
  usPerDecision: number;
}

export interface RulesResults {
  benchmark: 'rules';
  startedAt: string;
  settings: { orders: number; sample: number; rounds: number; experimentRounds: number; seed: number; lines: number; flowNodes: number; orderRules: number; lineRules: number; compileMs: number };
  environment: Record<string, unknown>;
  agreement: { orders: number; plainVsCompiled: number; compiledVsEngine: number; outcomes: Record<string, number> };
  main: VariantResult[];
  experiments: VariantResult[];
  ratios: { engineModeVsRaw: number; compiledVsRaw: number; compiledVsFloor: number; noTraceVsFloor: number; rawVsFloor: number; targetMet: boolean };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const us = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

function table(rows: VariantResult[], raw: number, floor: number): string {
  const lines = ['| Variant | Decisions/s | µs/decision | ÷ raw json-rules-engine | ÷ plain function |', '|---|---:|---:|---:|---:|'];
  for (const r of rows) lines.push(`| ${r.name} | ${fmt(r.perS)} | ${us(r.usPerDecision)} | ${(r.perS / raw).toFixed(2)} | ${(r.perS / floor).toFixed(3)} |`);
  return lines.join('\n');
}

export function markdownReport(r: RulesResults): string {
  const raw = r.main.find((v) => v.name === 'raw json-rules-engine')!.perS;
  const floor = r.main.find((v) => v.name === 'plain function (floor)')!.perS;
  const s = r.settings;
  const e = r.environment;
  return [
    `### Rules: ${s.flowNodes}-node routing flow, ${fmt(s.orders)} generated orders (${fmt(s.lines)} lines), median of ${s.rounds} rounds`,
    '',
    `${r.startedAt.slice(0, 10)} · ${e.cpuModel} × ${e.cpus} · Node ${e.node} · one core, decisions one after another · ${s.orderRules} order rules + ${s.lineRules} line rules, compiled in ${s.compileMs.toFixed(1)} ms`,
    '',
    table(r.main, raw, floor),
    '',
    'Ratios: per round (neighbouring variants share the load of the moment), median of the rounds.',
    '',
    `| Ratio | Value | Target |`,
    '|---|---:|---|',
    `| flow runtime (engine mode) ÷ raw json-rules-engine | **${r.ratios.engineModeVsRaw.toFixed(2)}** | ≥ ${TARGET_VS_RAW} ${r.ratios.targetMet ? 'met' : '**not met**'} |`,
    `| flow runtime (default, compiled) ÷ raw json-rules-engine | **${r.ratios.compiledVsRaw.toFixed(1)}×** | |`,
    `| flow runtime (default, compiled) ÷ plain function | **${r.ratios.compiledVsFloor.toFixed(2)}** | as close to 1 as compilation gets |`,
    `| flow runtime (compiled, no trace) ÷ plain function | ${r.ratios.noTraceVsFloor.toFixed(2)} | |`,
    `| raw json-rules-engine ÷ plain function | ${r.ratios.rawVsFloor.toFixed(4)} | |`,
    '',
    `Every decision checked before timing: the plain function and the flow runtime agree on ${fmt(r.agreement.plainVsCompiled)} of ${fmt(r.agreement.orders)} orders, engine and compiled modes on ${fmt(r.agreement.compiledVsEngine)}; outcomes ${Object.entries(r.agreement.outcomes).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}.`,
    '',
    `Experiments (first ${fmt(s.sample)} orders, same run, ratios against the baselines timed on that sample):`,
    '',
    table(r.experiments, r.experiments.find((v) => v.name === 'raw json-rules-engine')!.perS, r.experiments.find((v) => v.name === 'plain function (floor)')!.perS),
  ].join('\n');
}
