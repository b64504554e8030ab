import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { FACT_TYPES } from '../facts/fact-types.ts';
import { describeOperators, findOperator, OPERATORS, registerOperators } from './registry.ts';

/** One matching and one failing case per operator: the engine must give the same answers as `evaluate`. */
const CASES: Record<string, [unknown, unknown, boolean][]> = {
  equal: [['a', 'a', true], ['a', 'b', false]],
  notEqual: [['a', 'b', true], ['a', 'a', false]],
  in: [['a', ['a', 'b'], true], ['c', ['a'], false]],
  notIn: [['c', ['a'], true], ['a', ['a'], false]],
  lessThan: [[1, 2, true], [2, 2, false]],
  lessThanInclusive: [[2, 2, true], [3, 2, false]],
  greaterThan: [[3, 2, true], [2, 2, false]],
  greaterThanInclusive: [[2, 2, true], [1, 2, false]],
  contains: [[['vip'], 'vip', true], [[], 'vip', false]],
  doesNotContain: [[[], 'vip', true], [['vip'], 'vip', false]],
  isPresent: [['x', null, true], [undefined, null, false]],
  isAbsent: [[undefined, null, true], ['x', null, false]],
  countryIn: [['US', ['US'], true], ['DE', ['US'], false]],
  countryNotIn: [['DE', ['US'], true], ['US', ['US'], false]],
  skuMatches: [['IPOD1', ['IPOD*'], true], ['IPAD1', ['IPOD*'], false]],
  skuStartsWith: [['IPOD1', ['IPOD'], true], ['IPAD1', ['IPOD'], false]],
  hasStockAt: [[{ quantity: 1, stock: { a: 1 } }, 'a', true], [{ quantity: 2, stock: { a: 1 } }, 'a', false]],
  moneyEqual: [['1.0', '1', true], ['1.01', '1', false]],
  moneyNotEqual: [['1.01', '1', true], ['1.0', '1', false]],
  moneyGreaterThan: [['1.01', '1', true], ['1', '1', false]],
  moneyGreaterThanInclusive: [['1', '1.00', true], ['0.99', '1', false]],
  moneyLessThan: [['0.99', '1', true], ['1', '1', false]],
  moneyLessThanInclusive: [['1', '1.00', true], ['1.01', '1', false]],
  beforeCutoff: [['2026-07-15T12:00:00Z', { time: '14:00', timeZone: 'UTC' }, true], ['2026-07-15T15:00:00Z', { time: '14:00', timeZone: 'UTC' }, false]],
  afterCutoff: [['2026-07-15T15:00:00Z', { time: '14:00', timeZone: 'UTC' }, true], ['2026-07-15T12:00:00Z', { time: '14:00', timeZone: 'UTC' }, false]],
};

describe('operator registry', () => {
  it('has a test case for every operator, and names are unique', () => {
    expect(Object.keys(CASES).sort()).toEqual(OPERATORS.map((o) => o.name).sort());
    expect(new Set(OPERATORS.map((o) => o.name)).size).toBe(OPERATORS.length);
  });

  it('json-rules-engine evaluates every operator exactly like the declaration', async () => {
    const engine = new Engine([], { allowUndefinedFacts: true });
    registerOperators(engine);
    let i = 0;
    for (const [name, cases] of Object.entries(CASES)) {
      for (const [fact, value, expected] of cases) {
        expect(findOperator(name)!.evaluate(fact, value)).toBe(expected);
        engine.addRule({ name: `r${i}`, conditions: { all: [{ fact: `f${i}`, operator: name, value }] }, event: { type: 'hit', params: { name, expected } } });
        i++;
      }
    }
    const facts = Object.fromEntries(Object.values(CASES).flat().map(([fact], j) => [`f${j}`, fact]));
    const { results, failureResults } = await engine.run(facts);
    expect(results.length + failureResults.length).toBe(i);
    for (const r of results) expect(r.event?.params?.expected).toBe(true);
    for (const r of failureResults) expect(r.event?.params?.expected).toBe(false);
  });

  it('describes operators as JSON for the editor', () => {
    const info = describeOperators();
    const country = info.find((o) => o.name === 'countryIn')!;
    expect(country).toMatchObject({ value: 'schema', valueTitle: 'Countries', fits: ['country'] });
    expect(country.valueSchema).toMatchObject({ type: 'array', minItems: 1 });
    expect(info.find((o) => o.name === 'beforeCutoff')).toMatchObject({ valueFactType: 'cutoff' });
    expect(info.find((o) => o.name === 'equal')).toMatchObject({ value: 'same', valueFactType: 'same' });
    for (const o of info) for (const t of o.fits) expect(FACT_TYPES).toContain(t);
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
  });
});
