/**
 * @module Baseline (a): the flow's compiled rules in json-rules-engine, driven directly, as one would
 * without our runtime: facts passed as plain objects, the order rules run once and the line rules once per
 * line, and for each line the fired rule of highest priority in the entry segment taken as its first match.
 * No actions, no decision, no trace: only what json-rules-engine itself costs for these rules.
 */
import { Engine, type PathResolver } from 'json-rules-engine';
import { registerOperators, resolvePath, type CompiledFlow, type FlowRunInput } from '@dropline/rules';

export interface RawEngine {
  /** The action node (or dead end) each line reaches first. */
  decide(input: FlowRunInput): Promise<string[]>;
}

export function rawEngine(compiled: CompiledFlow, options: { jsonPath?: boolean; enginePerRun?: boolean } = {}): RawEngine {
  const build = (scope: 'order' | 'line') => {
    // Without a pathResolver json-rules-engine resolves paths with JSONPath ($.a.b).
    const pathResolver: PathResolver | undefined = options.jsonPath ? undefined : resolvePath;
    const engine = new Engine([], { allowUndefinedFacts: true, ...(pathResolver ? { pathResolver } : {}) });
    registerOperators(engine);
    for (const r of compiled.rules) {
      if (r.scope !== scope) continue;
      engine.addRule(options.jsonPath ? { ...r.rule, conditions: toJsonPath(r.rule.conditions) } : r.rule);
    }
    return engine;
  };
  const shared = options.enginePerRun ? undefined : { order: build('order'), line: build('line') };
  const entryRules = compiled.segments.get(compiled.entrySegment!)!.rules;

  return {
    async decide(input) {
      // Building the engines for every decision is what "compile once and reuse" avoids.
      const { order: orderEngine, line: lineEngine } = shared ?? { order: build('order'), line: build('line') };
      const order = input.order;
      const facts = { order, clock: { now: '2026-03-10T15:00:00.000Z' } };
      const orderRun = await orderEngine.run(facts);
      const orderFired = new Set(orderRun.results.map((r) => (r.event!.params as { rule: number }).rule));
      const reached: string[] = [];
      for (const l of input.lines) {
        const orderLine = order.lines.find((x) => x.lineId === l.lineId);
        const lineRun = await lineEngine.run({ ...facts, line: { ...orderLine, quantity: l.quantity } });
        const fired = new Set(lineRun.results.map((r) => (r.event!.params as { rule: number }).rule));
        const first = entryRules.find((r) => (r.scope === 'order' ? orderFired : fired).has(r.index));
        reached.push(first ? first.end.nodeId : 'none');
      }
      return reached;
    },
  };
}

/** Conditions with JSONPath paths (`$.shippingAddress.country`), for the pathResolver comparison. */
function toJsonPath<T>(c: T): T {
  if (Array.isArray(c)) return c.map(toJsonPath) as T;
  if (c === null || typeof c !== 'object') return c;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) out[k] = k === 'path' && typeof v === 'string' ? `$.${v}` : k === 'value' ? v : toJsonPath(v);
  if ('value' in out && out.value && typeof out.value === 'object' && !Array.isArray(out.value) && typeof (out.value as { path?: unknown }).path === 'string') {
    out.value = { ...(out.value as object), path: `$.${(out.value as { path: string }).path}` };
  }
  return out as T;
}
