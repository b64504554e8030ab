/**
 * @module Simulation: run a draft (and optionally the published version) over inputs — one order, or the last
 * N real ones replayed — and report both decisions with their traces and what would change. Nothing is
 * executed: the hub's simulate, replay and shadow-mode endpoints call this and store or show the result.
 *
 * @example
 * ```ts
 * const report = await simulateFlows({ draft: compileFlow(draft), published, inputs, facts });
 * report.summary; // { inputs: 50, changed: 7, failed: 0, draft: { assign: 48, hold: 2 }, published: { assign: 50 } }
 * ```
 */
import type { FactProvider } from '../facts/fact-provider.ts';
import type { CompiledFlow } from '../runtime/compiled-flow.ts';
import type { Decision, FlowRunInput } from '../runtime/decision.ts';
import { diffDecisions, type DecisionDiff } from './diff-decisions.ts';

export interface SimulationCase {
  orderId: string;
  draft: { decision: Decision } | { error: string };
  published?: { decision: Decision } | { error: string };
  /** Present when both ran. */
  diff?: DecisionDiff;
}

export interface SimulationReport {
  draft: { flowId: string; version: number };
  published?: { flowId: string; version: number };
  cases: SimulationCase[];
  summary: {
    inputs: number;
    changed: number;
    failed: number;
    draft: Partial<Record<Decision['kind'], number>>;
    published?: Partial<Record<Decision['kind'], number>>;
  };
}

export interface SimulateOptions {
  draft: CompiledFlow;
  published?: CompiledFlow;
  inputs: readonly FlowRunInput[];
  facts?: FactProvider;
  /** One clock for every run, so both versions see the same time. Default: now, once. */
  now?: Date | number | string;
  /** Runs at a time (lookups may be slow). Default 4. */
  concurrency?: number;
}

export async function simulateFlows(options: SimulateOptions): Promise<SimulationReport> {
  const now = options.now ?? Date.now();
  const runOne = async (flow: CompiledFlow, input: FlowRunInput): Promise<{ decision: Decision } | { error: string }> => {
    try {
      return { decision: await flow.run(input, { now, ...(options.facts ? { facts: options.facts } : {}) }) };
    } catch (err) {
      return { error: (err as Error).message };
    }
  };
  const cases: SimulationCase[] = new Array(options.inputs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < options.inputs.length; i = next++) {
      const input = options.inputs[i]!;
      const draft = await runOne(options.draft, input);
      const published = options.published ? await runOne(options.published, input) : undefined;
      const c: SimulationCase = { orderId: input.order.id, draft };
      if (published) {
        c.published = published;
        if ('decision' in draft && 'decision' in published) c.diff = diffDecisions(published.decision, draft.decision);
      }
      cases[i] = c;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));

  const count = (side: 'draft' | 'published') => {
    const out: Partial<Record<Decision['kind'], number>> = {};
    for (const c of cases) {
      const r = c[side];
      if (r && 'decision' in r) out[r.decision.kind] = (out[r.decision.kind] ?? 0) + 1;
    }
    return out;
  };
  return {
    draft: { flowId: options.draft.id, version: options.draft.version },
    ...(options.published ? { published: { flowId: options.published.id, version: options.published.version } } : {}),
    cases,
    summary: {
      inputs: cases.length,
      changed: cases.filter((c) => c.diff?.changed).length,
      failed: cases.filter((c) => 'error' in c.draft || (c.published && 'error' in c.published)).length,
      draft: count('draft'),
      ...(options.published ? { published: count('published') } : {}),
    },
  };
}
