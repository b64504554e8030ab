import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { compileFlow } from '../runtime/compile-flow.ts';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { registerOperators } from '../operators/registry.ts';
import { resolvePath } from './fact-access.ts';

function sample() {
  const b = new FlowBuilder({ id: 'sample', name: 'Sample', trigger: 'order.received' });
  const big = b.add('condition', { condition: { fact: 'order.total', operator: 'moneyGreaterThan', value: 500 } }, { id: 'big' });
  const table = b.add(
    'decision-table',
    {
      columns: [{ fact: 'order.lines[].sku' }],
      rows: [
        { cells: [{ operator: 'skuMatches', value: ['A*'] }], outcome: 'a' },
        { cells: [{ operator: 'skuMatches', value: ['B*'] }], outcome: 'b' },
      ],
    },
    { id: 'by-sku' },
  );
  const slow = b.add('condition', { condition: { fact: 'supplier.leadTimeDays', params: { supplierId: 'x' }, operator: 'greaterThan', value: 3 } }, { id: 'slow' });
  const toX = b.add('route-to-supplier', { supplierId: 'x' }, { id: 'to-x' });
  const toY = b.add('route-to-supplier', { supplierId: 'y' }, { id: 'to-y' });
  const hold = b.add('hold', { reason: 'small' }, { id: 'hold' });
  b.connect(b.start, 'out', big)
    .connect(big, 'true', table)
    .connect(table, 'a', toX)
    .connect(table, 'b', slow)
    .connect(slow, 'true', toY)
    .connect(slow, 'false', toX)
    .connect(big, 'false', hold)
    .connect(toX, 'none', toY);
  return b.build();
}

describe('compiling a graph to json-rules-engine rules', () => {
  const compiled = compileFlow(sample());
  const rules = compiled.rules;

  it('makes one rule per path between actions, numbered depth-first, earlier paths with higher priority', () => {
    expect(rules.map((r) => [r.rule.name, r.rule.priority, r.choices.map((c) => `${c.nodeId}=${c.outcome}`).join(' ')])).toEqual([
      ['big#0', 5, 'big=true by-sku=a'],
      ['big#1', 4, 'big=true by-sku=b slow=true'],
      ['big#2', 3, 'big=true by-sku=b slow=false'],
      ['big#3', 2, 'big=true by-sku=default'],
      ['big#4', 1, 'big=false'],
      ['to-y#0', 5, ''],
    ]);
  });

  it('events carry the action node and its settings, or the dead end', () => {
    expect(rules[0]!.rule.event).toEqual({ type: 'route-to-supplier', params: { rule: 0, segment: 'big', node: 'to-x', settings: { supplierId: 'x', stock: 'require' } } });
    expect(rules[3]!.rule.event).toEqual({ type: 'dead-end', params: { rule: 3, segment: 'big', node: 'by-sku', handle: 'default' } });
    expect(rules[4]!.rule.event).toMatchObject({ type: 'hold', params: { node: 'hold', settings: { reason: 'small' } } });
  });

  it('line rules read line facts (once per line); order rules do not', () => {
    expect(rules.map((r) => r.scope)).toEqual(['line', 'line', 'line', 'order', 'order', 'order']);
  });

  it('provider lookups come last within a rule and mark the rule', () => {
    const r = rules[1]!;
    expect(r.usesProvider).toBe(true);
    expect(r.rule.conditions).toEqual({
      all: [
        { all: [{ fact: 'order', path: 'total', operator: 'moneyGreaterThan', value: '500', priority: 2, name: 'order.total' }], name: 'big', priority: 2 },
        { all: [{ fact: 'line', path: 'sku', operator: 'skuMatches', value: ['B*'], priority: 2, name: 'order.lines[].sku' }], name: 'by-sku#1', priority: 2 },
        { all: [{ fact: 'supplier', path: 'leadTimeDays', params: { supplierId: 'x' }, operator: 'greaterThan', value: 3, priority: 1, name: 'supplier.leadTimeDays' }], name: 'slow', priority: 1 },
      ],
      priority: 1,
    });
    // A false branch is the negation of the same tree; values are normalised (500 → "500").
    expect(rules[2]!.conditions[2]).toMatchObject({ not: { fact: 'supplier', path: 'leadTimeDays' }, name: 'slow' });
    expect(rules.filter((x) => x.usesProvider).map((x) => x.index)).toEqual([1, 2]);
  });

  it('the rules run in a plain json-rules-engine with our operators and path resolver', async () => {
    const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolvePath });
    registerOperators(engine);
    for (const r of rules.filter((x) => x.scope === 'line' && !x.usesProvider)) engine.addRule(r.rule);
    const { events } = await engine.run({ order: { total: '600.00' }, line: { sku: 'A-1' } });
    expect(events.map((e) => e.params?.node)).toEqual(['to-x']);
  });
});
