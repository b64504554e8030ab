/**
 * @module The same rule conditions as plain functions, for rules that read only input facts.
 *
 * json-rules-engine deep-copies every rule's conditions into each run's results and resolves every fact
 * through promises; for a condition like `order.total > 500` that is nearly all of the cost. A rule that
 * needs no lookup is compiled here instead: same conditions, same operator functions (the ones registered on
 * the engine), same path semantics, no copies and no promises. Rules that read provider facts stay in
 * json-rules-engine, which resolves and caches the lookups.
 */
import type { Scope } from '../facts/run-facts.ts';
import { findOperator } from '../operators/registry.ts';
import { STATIC_FACTS, isStaticFact, pathGetter } from './fact-access.ts';
import type { ChoiceTest, RuleCondition, RuleLeaf } from './compile-rules.ts';

export type ScopeTest = (scope: Scope) => boolean;

export function compileCondition(c: RuleCondition): ScopeTest {
  if ('fact' in c) return compileLeafTest(c);
  if ('all' in c) return every(c.all.map(compileCondition));
  if ('any' in c) return some(c.any.map(compileCondition));
  const inner = compileCondition(c.not);
  return (s) => !inner(s);
}

const HOLDS = 1;
const FAILS = 2;

/**
 * Tests for many rules at once, sharing work: the paths of a flow share their prefixes (every path through a
 * table repeats the conditions before it), so each choice's condition is evaluated once per scope and
 * remembered, once per order for conditions on order facts (even inside line rules), once per line for the
 * others. A `false` branch reuses its `true` branch's result.
 */
export function compileRuleTests(rules: readonly { tests: readonly ChoiceTest[] }[], readsLineFacts: (c: RuleCondition) => boolean): ScopeTest[] {
  const slots = new Map<string, ScopeTest>();
  // Known once every rule is compiled, before any test runs: memos are allocated at their final size.
  let slotCount = 0;
  const shared = (t: ChoiceTest): ScopeTest => {
    let test = slots.get(t.key);
    if (!test) {
      const slot = slots.size;
      const fn = compileCondition(t.condition);
      const perLine = readsLineFacts(t.condition);
      test = (s) => {
        const owner = perLine ? s.lf! : s.run;
        const memo = (owner.memo ??= new Uint8Array(slotCount));
        const known = memo[slot]!;
        if (known !== 0) return known === HOLDS;
        const ok = fn(s);
        memo[slot] = ok ? HOLDS : FAILS;
        return ok;
      };
      slots.set(t.key, test);
    }
    if (!t.negate) return test;
    const positive = test;
    return (s) => !positive(s);
  };
  const tests = rules.map((r) => every(r.tests.map(shared)));
  slotCount = slots.size;
  return tests;
}

function every(tests: ScopeTest[]): ScopeTest {
  switch (tests.length) {
    case 0:
      return () => true;
    case 1:
      return tests[0]!;
    case 2: {
      const [a, b] = tests as [ScopeTest, ScopeTest];
      return (s) => a(s) && b(s);
    }
    default:
      return (s) => {
        for (const t of tests) if (!t(s)) return false;
        return true;
      };
  }
}

function some(tests: ScopeTest[]): ScopeTest {
  if (tests.length === 1) return tests[0]!;
  return (s) => {
    for (const t of tests) if (t(s)) return true;
    return false;
  };
}

/** A reader for one side of a leaf: a fact at a path. */
export function factReader(fact: string, path: string | undefined): (s: Scope) => unknown {
  if (!isStaticFact(fact as never)) throw new Error(`fact "${fact}" is looked up by the provider; it has no synchronous reader`);
  const get = STATIC_FACTS[fact as keyof typeof STATIC_FACTS];
  const at = pathGetter(path);
  return path ? (s) => at(get(s)) : get;
}

function compileLeafTest(leaf: RuleLeaf): ScopeTest {
  const op = findOperator(leaf.operator);
  if (!op) throw new Error(`unknown operator ${leaf.operator}`);
  const evaluate = op.evaluate;
  const left = factReader(leaf.fact, leaf.path);
  const v = leaf.value as { fact?: string; path?: string } | null;
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.fact === 'string') {
    const right = factReader(v.fact, v.path);
    return (s) => evaluate(left(s), right(s));
  }
  const value = leaf.value;
  return (s) => evaluate(left(s), value);
}
