/**
 * @module json-rules-engine engines for a compiled flow: our operators, facts read from the run's scope,
 * the simple path resolver, and a pool so that concurrent runs never share an engine.
 *
 * Sharing is not safe even without `stop()`: `run()` sets the engine's status to RUNNING and to FINISHED when
 * it ends, and every later priority level of a still-running evaluation checks that status; one run ending
 * makes the others skip their remaining rules (see engine-pool.test.ts). An engine is built once per flow
 * version and reused, one run at a time; under concurrency the pool builds another.
 */
import { Engine, type Almanac } from 'json-rules-engine';
import type { FactId } from '../facts/catalogue.ts';
import type { VelocityKey } from '../facts/fact-provider.ts';
import type { RunFacts, Scope } from '../facts/run-facts.ts';
import { registerOperators } from '../operators/registry.ts';
import { factsIn, type CompiledRule } from './compile-rules.ts';
import { resolvePath } from './fact-access.ts';

/** The runtime fact holding the {@link Scope} the other facts read from. */
export const SCOPE_FACT = '$scope';

const scopeOf = (almanac: Almanac) => almanac.factValue<Scope>(SCOPE_FACT);

/** Facts computed from the scope (lazily, once per run: the almanac caches them). */
const SCOPE_FACTS: Partial<Record<FactId, (s: Scope, params: Record<string, unknown>) => unknown>> = {
  orderFacts: (s) => s.run.orderFacts(),
  routing: (s) => s.run.routing(),
  eventFacts: (s) => s.run.eventFacts(),
  lineFacts: (s) => s.lf?.derived(),
  supplier: (s, p) => s.run.supplier(String(p.supplierId)),
  lineStock: (s, p) => s.lf?.stockAt(String(p.supplierId)),
  recentOrders: (s, p) => s.run.recentOrders(p.by as VelocityKey, Number(p.windowHours)),
  addressCheck: (s) => s.run.addressCheck(),
};

export function buildEngine(rules: readonly CompiledRule[]): Engine {
  // allowUndefinedFacts: a fact with no value (an exception flow's event field, a lookup the provider can't
  // answer) must make its conditions false, not reject the whole decision with UNDEFINED_FACT.
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolvePath });
  registerOperators(engine);
  for (const [id, compute] of Object.entries(SCOPE_FACTS)) {
    engine.addFact(id, (params: Record<string, unknown>, almanac: Almanac) => scopeOf(almanac).then((s) => compute(s, params)));
  }
  for (const r of rules) engine.addRule(r.rule);
  return engine;
}

/**
 * The facts passed to `engine.run` for a scope: only those the rules read. What they read straight from the
 * input goes in as constants (json-rules-engine hashes a fact's parameters whenever it stores or looks up a
 * computed value, and for every fact given to `run`); derived and looked-up facts are computed from the
 * scope on first use.
 */
export function runtimeFacts(scope: Scope, uses: ReadonlySet<FactId>): Record<string, unknown> {
  const run: RunFacts = scope.run;
  const facts: Record<string, unknown> = {};
  if (uses.has('order')) facts.order = run.order;
  if (uses.has('clock')) facts.clock = run.clock;
  if (uses.has('event') && run.event !== undefined) facts.event = run.event;
  if (uses.has('line') && scope.lf) facts.line = scope.lf.line();
  for (const id of uses) {
    if (Object.hasOwn(SCOPE_FACTS, id)) {
      facts[SCOPE_FACT] = scope;
      break;
    }
  }
  return facts;
}

/** Engines of one rule set, one per concurrent run, reused. */
export class EnginePool {
  readonly #rules: readonly CompiledRule[];
  readonly #uses: ReadonlySet<FactId>;
  readonly #idle: Engine[] = [];
  readonly #maxIdle: number;
  created = 0;

  constructor(rules: readonly CompiledRule[], maxIdle = 8) {
    this.#rules = rules;
    this.#uses = new Set(rules.flatMap((r) => r.conditions.flatMap(factsIn)));
    this.#maxIdle = maxIdle;
    this.#idle.push(this.#build());
  }

  #build(): Engine {
    this.created++;
    return buildEngine(this.#rules);
  }

  /** Runs the rules for a scope; resolves with the indexes of the rules that held. */
  async fired(scope: Scope): Promise<Set<number>> {
    const engine = this.#idle.pop() ?? this.#build();
    try {
      const { results } = await engine.run(runtimeFacts(scope, this.#uses));
      const out = new Set<number>();
      for (const r of results) out.add((r.event?.params as { rule: number }).rule);
      return out;
    } finally {
      if (this.#idle.length < this.#maxIdle) this.#idle.push(engine);
    }
  }
}
