/**
 * @module Reading facts: the simple dotted-path resolver json-rules-engine gets instead of JSONPath (measured
 * 3.2× slower here), and the accessors compiled conditions and the trace use for the same facts.
 */
import type { Scope } from '../facts/run-facts.ts';
import type { FactId } from '../facts/catalogue.ts';

const splitCache = new Map<string, string[]>();

function segments(path: string): string[] {
  let s = splitCache.get(path);
  if (!s) {
    s = path.split('.');
    splitCache.set(path, s);
  }
  return s;
}

/** `a.b.c` inside a value; undefined as soon as a step is missing. No wildcards, no filters: not needed. */
export function resolvePath(value: unknown, path: string): unknown {
  let v: unknown = value;
  for (const key of segments(path)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** A getter for a fixed path, specialised for the short paths almost every fact has. */
export function pathGetter(path: string | undefined): (v: unknown) => unknown {
  if (!path) return (v) => v;
  const [a, b, c] = segments(path);
  if (b === undefined) return (v) => (v === null || typeof v !== 'object' ? undefined : (v as Record<string, unknown>)[a!]);
  if (c === undefined) {
    return (v) => {
      if (v === null || typeof v !== 'object') return undefined;
      const x = (v as Record<string, unknown>)[a!];
      return x === null || typeof x !== 'object' ? undefined : (x as Record<string, unknown>)[b];
    };
  }
  return (v) => resolvePath(v, path);
}

export type StaticFactId = Exclude<FactId, 'supplier' | 'lineStock' | 'recentOrders' | 'addressCheck'>;

/** How each fact taken from the input is read from a scope. */
export const STATIC_FACTS: Record<StaticFactId, (s: Scope) => unknown> = {
  order: (s) => s.run.order,
  orderFacts: (s) => s.run.orderFacts(),
  routing: (s) => s.run.routing(),
  clock: (s) => s.run.clock,
  event: (s) => s.run.event,
  eventFacts: (s) => s.run.eventFacts(),
  line: (s) => s.lf?.line(),
  lineFacts: (s) => s.lf?.derived(),
};

export function isStaticFact(id: FactId): id is StaticFactId {
  return Object.hasOwn(STATIC_FACTS, id);
}
