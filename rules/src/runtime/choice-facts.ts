/**
 * @module The fact values a trace shows for a condition or table on the path: every fact the node reads,
 * as the run saw it. Input facts are read again (cheap, and the same values). Provider facts come from the
 * run's memo; one that the evaluation skipped (a condition decided before reaching it) is looked up for the
 * trace, so what a trace shows does not depend on evaluation order or mode.
 */
import { LINE_FACT_IDS, PROVIDER_FACT_IDS } from '../facts/catalogue.ts';
import type { VelocityKey } from '../facts/fact-provider.ts';
import type { Scope } from '../facts/run-facts.ts';
import { factReader } from '../compiler/compile-closures.ts';
import type { CompiledRule, RuleCondition, RuleLeaf } from '../compiler/compile-rules.ts';
import { pathGetter } from '../compiler/fact-access.ts';

export interface FactReader {
  label: string;
  /** The value, or a promise of it for provider facts. */
  read(scope: Scope): unknown;
  provider: boolean;
}

export interface ChoiceNodeFacts {
  /** `line` when the node reads a line fact: its trace steps are per line. */
  scope: 'order' | 'line';
  readers: FactReader[];
}

/** For each condition and table node on any rule: what its trace step shows. */
export function choiceNodeFacts(rules: readonly CompiledRule[]): Map<string, ChoiceNodeFacts> {
  const leavesByNode = new Map<string, Map<string, { fact: string; path?: string; params?: Record<string, unknown>; name: string }>>();
  const collect = (c: RuleCondition, nodeId: string | undefined) => {
    const own = 'fact' in c ? nodeId : (c.name?.split('#')[0] ?? nodeId);
    if ('fact' in c) {
      if (!own) return;
      const sides = [c as RuleLeaf, ...valueFactSide(c)];
      const bucket = leavesByNode.get(own) ?? new Map();
      for (const s of sides) bucket.set(labelOf(s), s);
      leavesByNode.set(own, bucket);
      return;
    }
    if ('all' in c) c.all.forEach((x) => collect(x, own));
    else if ('any' in c) c.any.forEach((x) => collect(x, own));
    else collect(c.not, own);
  };
  for (const r of rules) for (const c of r.conditions) collect(c, undefined);
  const out = new Map<string, ChoiceNodeFacts>();
  for (const [nodeId, leaves] of leavesByNode) {
    const list = [...leaves.values()];
    out.set(nodeId, {
      scope: list.some((l) => LINE_FACT_IDS.has(l.fact as never)) ? 'line' : 'order',
      readers: list.map((l) => ({ label: labelOf(l), read: readerFor(l), provider: PROVIDER_FACT_IDS.has(l.fact as never) })),
    });
  }
  return out;
}

function valueFactSide(leaf: RuleLeaf): { fact: string; path?: string; params?: Record<string, unknown>; name: string }[] {
  const v = leaf.value as { fact?: string; path?: string; params?: Record<string, unknown> } | null;
  if (v === null || typeof v !== 'object' || Array.isArray(v) || typeof v.fact !== 'string') return [];
  return [{ fact: v.fact, ...(v.path ? { path: v.path } : {}), ...(v.params ? { params: v.params } : {}), name: `${v.fact}${v.path ? `.${v.path}` : ''}` }];
}

function labelOf(l: { name: string; fact: string; path?: string; params?: Record<string, unknown> }): string {
  const base = l.name.includes('.') ? l.name : `${l.fact}${l.path ? `.${l.path}` : ''}`;
  const params = l.params ? Object.values(l.params) : [];
  return params.length ? `${base}(${params.join(', ')})` : base;
}

function readerFor(l: { fact: string; path?: string; params?: Record<string, unknown> }): (s: Scope) => unknown {
  if (!PROVIDER_FACT_IDS.has(l.fact as never)) return factReader(l.fact, l.path);
  const at = pathGetter(l.path);
  const p = l.params ?? {};
  const lookup = (s: Scope): Promise<unknown> => {
    switch (l.fact) {
      case 'supplier':
        return s.run.supplier(String(p.supplierId));
      case 'lineStock':
        return s.lf ? s.lf.stockAt(String(p.supplierId)) : Promise.resolve(undefined);
      case 'recentOrders':
        return s.run.recentOrders(p.by as VelocityKey, Number(p.windowHours));
      default:
        return s.run.addressCheck();
    }
  };
  return (s) => lookup(s).then(at);
}
