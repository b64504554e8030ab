/**
 * @module Two ways to know which rules hold for a scope (the order, or one line), behind one interface.
 *
 * `engine`: json-rules-engine evaluates every rule up front, the order rules once and the line rules once
 * per line, exactly as the rules were compiled. `compiled` (the default): rules without provider lookups are
 * plain functions evaluated on demand, highest priority first, stopping at the first that holds; rules with
 * lookups run in json-rules-engine, once per scope and only if the runtime gets to them.
 */
import type { LineState, RunFacts } from '../facts/run-facts.ts';
import type { ScopeTest } from '../compiler/compile-closures.ts';
import type { CompiledRule, Segment } from '../compiler/compile-rules.ts';
import type { EnginePool } from '../compiler/engines.ts';

export type EvaluationMode = 'compiled' | 'engine';

export interface RuleEvaluator {
  /** Whether the rule holds: for line rules on `line`, for order rules on the order. */
  test(rule: CompiledRule, line: LineState | undefined): boolean | Promise<boolean>;
}

export class EngineEvaluator implements RuleEvaluator {
  readonly #order: Set<number>;
  readonly #lines: Set<number>[];

  private constructor(order: Set<number>, lines: Set<number>[]) {
    this.#order = order;
    this.#lines = lines;
  }

  static async create(run: RunFacts, orderPool: EnginePool | undefined, linePool: EnginePool | undefined): Promise<EngineEvaluator> {
    const order = orderPool ? await orderPool.fired(run) : new Set<number>();
    const lines: Set<number>[] = [];
    // One line after another: each run of the line engine sees only that line's facts.
    if (linePool) for (const l of run.lines) lines.push(await linePool.fired(l.facts));
    return new EngineEvaluator(order, lines);
  }

  test(rule: CompiledRule, line: LineState | undefined): boolean {
    if (rule.scope === 'order') return this.#order.has(rule.index);
    return line !== undefined && (this.#lines[line.index]?.has(rule.index) ?? false);
  }
}

const UNKNOWN = 0;
const HOLDS = 1;
const FAILS = 2;

export class CompiledEvaluator implements RuleEvaluator {
  readonly #run: RunFacts;
  readonly #tests: readonly (ScopeTest | undefined)[];
  readonly #orderResults: Uint8Array;
  readonly #orderPool: EnginePool | undefined;
  readonly #linePool: EnginePool | undefined;
  #orderFired: Promise<Set<number>> | undefined;
  readonly #lineFired: (Promise<Set<number>> | undefined)[] = [];

  constructor(run: RunFacts, tests: readonly (ScopeTest | undefined)[], orderPool: EnginePool | undefined, linePool: EnginePool | undefined) {
    this.#run = run;
    this.#tests = tests;
    this.#orderResults = new Uint8Array(tests.length);
    this.#orderPool = orderPool;
    this.#linePool = linePool;
  }

  test(rule: CompiledRule, line: LineState | undefined): boolean | Promise<boolean> {
    const fn = this.#tests[rule.index];
    if (rule.scope === 'order') {
      if (fn) {
        const known = this.#orderResults[rule.index];
        if (known !== UNKNOWN) return known === HOLDS;
        const ok = fn(this.#run);
        this.#orderResults[rule.index] = ok ? HOLDS : FAILS;
        return ok;
      }
      this.#orderFired ??= this.#orderPool!.fired(this.#run);
      return this.#orderFired.then((s) => s.has(rule.index));
    }
    if (line === undefined) return false;
    // A line meets each rule at most once (lines only move forward), so line results need no cache.
    if (fn) return fn(line.facts);
    let fired = this.#lineFired[line.index];
    if (!fired) {
      fired = this.#linePool!.fired(line.facts);
      this.#lineFired[line.index] = fired;
    }
    return fired.then((s) => s.has(rule.index));
  }
}

/** The first rule of the segment (highest priority) that holds for the line, or for the order when no line. */
export function pickRule(segment: Segment, line: LineState | undefined, evaluator: RuleEvaluator, from = 0): CompiledRule | undefined | Promise<CompiledRule | undefined> {
  const rules = segment.rules;
  for (let i = from; i < rules.length; i++) {
    const rule = rules[i]!;
    if (line === undefined && rule.scope === 'line') continue;
    const t = evaluator.test(rule, line);
    if (t === true) return rule;
    if (t !== false) return t.then((ok) => (ok ? rule : pickRule(segment, line, evaluator, i + 1)));
  }
  return undefined;
}
