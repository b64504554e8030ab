/**
 * @module SKU patterns: globs (`IPOD-*`, `CASE-{S,M,L}`, via picomatch) and plain prefixes.
 *
 * Matchers are compiled once per pattern list and kept: json-rules-engine hands the operator a fresh copy of
 * the condition's value on every run, so identity can't be the cache key; the joined patterns are.
 */
import picomatch from 'picomatch';
import { z } from 'zod';
import { defineOperator } from './define-operator.ts';

const Patterns = z
  .array(z.string().trim().min(1, 'expected a pattern'))
  .min(1, 'expected at least one pattern')
  .meta({ ui: { widget: 'tags', placeholder: 'IPOD-*' } });

const MAX_CACHED_MATCHERS = 1000;
const matchers = new Map<string, (sku: string) => boolean>();

/** A matcher for any of the globs. SKUs are not file paths: `*` also crosses `/`, and dots are ordinary. */
export function skuGlobMatcher(patterns: readonly string[]): (sku: string) => boolean {
  const key = patterns.join('\u0000');
  let m = matchers.get(key);
  if (!m) {
    const isMatch = picomatch(patterns as string[], { dot: true, nobrace: false, noglobstar: false, bash: true });
    m = (sku) => isMatch(sku);
    if (matchers.size >= MAX_CACHED_MATCHERS) matchers.clear();
    matchers.set(key, m);
  }
  return m;
}

export const skuMatches = defineOperator({
  name: 'skuMatches',
  title: 'matches SKU pattern',
  description: 'The SKU matches one of the glob patterns (* any characters, ? one character, {A,B} either).',
  fits: ['sku'],
  value: { kind: 'schema', schema: Patterns, title: 'Patterns' },
  evaluate: (a, b) => typeof a === 'string' && Array.isArray(b) && b.length > 0 && skuGlobMatcher(b as string[])(a),
});

export const skuStartsWith = defineOperator({
  name: 'skuStartsWith',
  title: 'starts with',
  description: 'The SKU starts with one of the prefixes (case-sensitive).',
  fits: ['sku'],
  value: { kind: 'schema', schema: Patterns, title: 'Prefixes' },
  evaluate: (a, b) => typeof a === 'string' && Array.isArray(b) && b.some((p) => typeof p === 'string' && a.startsWith(p)),
});
