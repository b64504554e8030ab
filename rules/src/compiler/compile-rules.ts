/**
 * @module Graph → json-rules-engine rules.
 *
 * Evaluation starts at the entry and again after every action (an action's outputs depend on what it did,
 * e.g. which lines found a supplier). From each such start, conditions and tables lead to the next actions:
 * each way through them is a *path*, and each path becomes one rule whose conditions are the choices along it
 * (a condition's tree, or its negation for `false`; a table row's cells) and whose event carries the action
 * node it reaches and that node's settings (or the dead end it stops at).
 *
 * Priorities come from the graph: paths are numbered depth-first, table rows top to bottom with `default`
 * last, and an earlier path gets a higher priority. Exactly one path through conditions can hold; a table
 * row may hold together with later rows, and the first hit is the fired rule of highest priority. So the
 * runtime picks, per start, the fired rule with the highest priority: no `engine.stop()`, which would stop
 * the whole engine and every concurrent run on it.
 *
 * A rule that reads a line fact is a *line* rule, evaluated once per line with that line's facts, because
 * json-rules-engine cannot bind several conditions to one array element; the others are *order* rules,
 * evaluated once per order. Conditions on provider facts get the lower priority, so json-rules-engine
 * evaluates the cheap input facts of a rule first and skips lookups once the rule has failed.
 */
import type { RuleProperties, TopLevelCondition } from 'json-rules-engine';
import { factCatalogue, LINE_FACT_IDS, PROVIDER_FACT_IDS, type FactCatalogue, type FactId } from '../facts/catalogue.ts';
import { isLeaf, type ConditionLeaf, type ConditionNode, type FactParams } from '../model/condition.ts';
import { targetOf, type FlowGraph } from '../model/graph.ts';
import { operatorValueSchema } from '../operators/define-operator.ts';
import { findOperator } from '../operators/registry.ts';
import { DEFAULT_OUTCOME, type TableCell } from '../nodes/decision-table.ts';

/** A json-rules-engine condition as we emit it (leaves always carry `value`, groups a `priority`). */
export type RuleCondition =
  | { all: RuleCondition[]; name?: string; priority: number }
  | { any: RuleCondition[]; name?: string; priority: number }
  | { not: RuleCondition; name?: string; priority: number }
  | RuleLeaf;

export interface RuleLeaf {
  fact: FactId;
  path?: string;
  params?: FactParams;
  operator: string;
  value: unknown;
  priority: number;
  /** The catalogue path (`order.total`), for people reading the rule. */
  name: string;
}

/** One step of a path: the branch taken at a condition or table. */
export interface PathChoice {
  nodeId: string;
  kind: 'condition' | 'table';
  /** `true` / `false`, or the table outcome (`default` when no row matched). */
  outcome: string;
  /** The table row that matched. */
  row?: number;
}

export type PathEnd = { kind: 'action'; nodeId: string } | { kind: 'dead-end'; nodeId: string; handle: string };

export interface CompiledRule {
  /** Position in `CompiledRules.rules`; also `event.params.rule`. */
  index: number;
  /** The node evaluation starts from. */
  segment: string;
  /** Depth-first number of the path within its segment (0 is tried first). */
  path: number;
  scope: 'order' | 'line';
  /** Reads a fact looked up through the FactProvider. */
  usesProvider: boolean;
  choices: PathChoice[];
  end: PathEnd;
  /** The json-rules-engine rule. */
  rule: RuleProperties & { name: string; priority: number; conditions: TopLevelCondition };
  /** The conditions of the choices (without the `all` wrapper). */
  conditions: RuleCondition[];
  /**
   * The same choices for compiling to functions: `key` names the tested condition (a condition node's tree, a
   * table row), shared by every rule whose path goes through it; `negate` for a `false` branch.
   */
  tests: ChoiceTest[];
}

export interface ChoiceTest {
  key: string;
  negate: boolean;
  condition: RuleCondition;
}

export interface Segment {
  start: string;
  /** Its rules, first path first (= highest priority first). */
  rules: CompiledRule[];
  /** Whether any rule of the segment reads a line fact / a provider fact. */
  hasLineRules: boolean;
  usesProvider: boolean;
}

export interface CompiledRules {
  rules: CompiledRule[];
  segments: Map<string, Segment>;
  /** The segment evaluation starts with (the entry's target); undefined when the entry leads nowhere. */
  entrySegment: string | undefined;
}

const INPUT_PRIORITY = 2;
const PROVIDER_PRIORITY = 1;

export function compileRules(graph: FlowGraph, starts: readonly string[]): CompiledRules {
  const facts = factCatalogue(graph.flow.trigger);
  const nodeConditions = new Map<string, (outcome: string, row?: number) => { rule: RuleCondition; test: ChoiceTest } | undefined>();
  const conditionFor = (nodeId: string, outcome: string, row?: number) => {
    let f = nodeConditions.get(nodeId);
    if (!f) {
      f = choiceConditions(graph, nodeId, facts);
      nodeConditions.set(nodeId, f);
    }
    return f(outcome, row);
  };

  const pathsBySegment = new Map<string, { choices: PathChoice[]; end: PathEnd }[]>();
  for (const start of starts) pathsBySegment.set(start, enumeratePaths(graph, start));
  const maxPaths = Math.max(1, ...[...pathsBySegment.values()].map((p) => p.length));

  const rules: CompiledRule[] = [];
  const segments = new Map<string, Segment>();
  for (const [start, paths] of pathsBySegment) {
    const segmentRules = paths.map((p, i) => {
      const compiledChoices = p.choices.map((c) => conditionFor(c.nodeId, c.outcome, c.row)).filter((c) => c !== undefined);
      const conditions = compiledChoices.map((c) => c.rule);
      const refs = conditions.flatMap(factsIn);
      const scope = refs.some((f) => LINE_FACT_IDS.has(f)) ? 'line' : 'order';
      const usesProvider = refs.some((f) => PROVIDER_FACT_IDS.has(f));
      const index = rules.length;
      const endNode = graph.nodes.get(p.end.nodeId)!;
      const compiled: CompiledRule = {
        index,
        segment: start,
        path: i,
        scope,
        usesProvider,
        choices: p.choices,
        end: p.end,
        conditions,
        tests: compiledChoices.map((c) => c.test),
        rule: {
          name: `${start}#${i}`,
          priority: maxPaths - i,
          conditions: { all: conditions as never, priority: 1 },
          event: {
            type: p.end.kind === 'action' ? endNode.node.type : 'dead-end',
            params:
              p.end.kind === 'action'
                ? { rule: index, segment: start, node: p.end.nodeId, settings: endNode.settings }
                : { rule: index, segment: start, node: p.end.nodeId, handle: p.end.handle },
          },
        },
      };
      rules.push(compiled);
      return compiled;
    });
    segments.set(start, {
      start,
      rules: segmentRules,
      hasLineRules: segmentRules.some((r) => r.scope === 'line'),
      usesProvider: segmentRules.some((r) => r.usesProvider),
    });
  }
  const entryTarget = targetOf(graph, graph.entry.node.id, 'out');
  return { rules, segments, entrySegment: entryTarget?.node.id };
}

/** Every way from `start` through conditions and tables to an action or a dead end, depth-first. */
function enumeratePaths(graph: FlowGraph, start: string): { choices: PathChoice[]; end: PathEnd }[] {
  const out: { choices: PathChoice[]; end: PathEnd }[] = [];
  const walk = (nodeId: string, choices: PathChoice[]) => {
    const n = graph.nodes.get(nodeId)!;
    if (n.def.category === 'action') {
      out.push({ choices, end: { kind: 'action', nodeId } });
      return;
    }
    const follow = (choice: PathChoice) => {
      const t = targetOf(graph, nodeId, choice.outcome);
      if (t) walk(t.node.id, [...choices, choice]);
      else out.push({ choices: [...choices, choice], end: { kind: 'dead-end', nodeId, handle: choice.outcome } });
    };
    if (n.def.category === 'condition') {
      follow({ nodeId, kind: 'condition', outcome: 'true' });
      follow({ nodeId, kind: 'condition', outcome: 'false' });
    } else if (n.def.category === 'table') {
      const rows = (n.settings as { rows: { outcome: string }[] }).rows;
      rows.forEach((r, row) => follow({ nodeId, kind: 'table', outcome: r.outcome, row }));
      follow({ nodeId, kind: 'table', outcome: DEFAULT_OUTCOME });
    }
  };
  walk(start, []);
  return out;
}

/** The condition a choice adds to a path, or undefined when it adds none (a table's default). */
function choiceConditions(graph: FlowGraph, nodeId: string, facts: FactCatalogue): (outcome: string, row?: number) => { rule: RuleCondition; test: ChoiceTest } | undefined {
  const n = graph.nodes.get(nodeId)!;
  if (n.def.category === 'condition') {
    const tree = compileTree((n.settings as { condition: ConditionNode }).condition, facts);
    const whenTrue = { rule: named(tree, nodeId), test: { key: nodeId, negate: false, condition: tree } };
    const whenFalse = { rule: { not: tree, name: nodeId, priority: tree.priority } as RuleCondition, test: { key: nodeId, negate: true, condition: tree } };
    return (outcome) => (outcome === 'true' ? whenTrue : whenFalse);
  }
  const { columns, rows } = n.settings as { columns: { fact: string; params?: FactParams }[]; rows: { cells: (TableCell | null)[] }[] };
  const compiledRows = rows.map((r, i) => {
    const cells = r.cells.flatMap((cell, c) => (cell ? [compileLeaf({ fact: columns[c]!.fact, params: columns[c]!.params, ...cell }, facts)] : []));
    const rule: RuleCondition = { all: cells, name: `${nodeId}#${i}`, priority: groupPriority(cells) };
    return { rule, test: { key: `${nodeId}#${i}`, negate: false, condition: rule } };
  });
  return (_outcome, row) => (row === undefined ? undefined : compiledRows[row]);
}

function named(c: RuleCondition, name: string): RuleCondition {
  return 'fact' in c ? { all: [c], name, priority: c.priority } : { ...c, name };
}

export function compileTree(node: ConditionNode, facts: FactCatalogue): RuleCondition {
  if (isLeaf(node)) return compileLeaf(node, facts);
  if ('all' in node) {
    const all = node.all.map((n) => compileTree(n, facts));
    return { all, priority: groupPriority(all) };
  }
  if ('any' in node) {
    const any = node.any.map((n) => compileTree(n, facts));
    return { any, priority: groupPriority(any) };
  }
  const not = compileTree(node.not, facts);
  return { not, priority: not.priority };
}

function groupPriority(children: RuleCondition[]): number {
  return children.every((c) => c.priority === INPUT_PRIORITY) ? INPUT_PRIORITY : PROVIDER_PRIORITY;
}

/** A validated leaf → json-rules-engine condition, with its value normalised by the operator's schema. */
export function compileLeaf(leaf: ConditionLeaf, facts: FactCatalogue): RuleLeaf {
  const fact = facts.get(leaf.fact);
  const op = findOperator(leaf.operator);
  if (!fact || !op) throw new Error(`compileLeaf: ${leaf.fact} ${leaf.operator} was not validated`);
  let value: unknown = null;
  let usesProvider = PROVIDER_FACT_IDS.has(fact.ref.fact);
  if (leaf.valueFact) {
    const other = facts.get(leaf.valueFact.fact)!;
    usesProvider ||= PROVIDER_FACT_IDS.has(other.ref.fact);
    value = { fact: other.ref.fact, ...(other.ref.path ? { path: other.ref.path } : {}), ...(leaf.valueFact.params ? { params: leaf.valueFact.params } : {}) };
  } else {
    const schema = operatorValueSchema(op, fact.type, fact.values);
    // The schema normalises what people type: "us" → "US", 500 → "500" for money, offsets → UTC.
    if (schema) value = schema.parse(leaf.value);
  }
  return {
    fact: fact.ref.fact,
    ...(fact.ref.path ? { path: fact.ref.path } : {}),
    ...(leaf.params && Object.keys(leaf.params).length ? { params: leaf.params } : {}),
    operator: op.name,
    value,
    priority: usesProvider ? PROVIDER_PRIORITY : INPUT_PRIORITY,
    name: leaf.fact,
  };
}

/** The fact ids a condition reads (both sides). */
export function factsIn(c: RuleCondition): FactId[] {
  if ('fact' in c) {
    const v = c.value as { fact?: FactId } | null;
    return v && typeof v === 'object' && typeof v.fact === 'string' && !Array.isArray(v) ? [c.fact, v.fact] : [c.fact];
  }
  if ('all' in c) return c.all.flatMap(factsIn);
  if ('any' in c) return c.any.flatMap(factsIn);
  return factsIn(c.not);
}
