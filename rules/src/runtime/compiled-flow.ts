/**
 * @module A flow compiled once per version and run many times, concurrently if need be.
 *
 * A run walks the graph: from the entry, the rules of the segment pick, per line (or once for the order),
 * the action the line reaches; actions run in graph order on the lines that reached them; their outputs start
 * the next segments. Conditions see the input as it came in; actions see each other's effects only through
 * the lines they pass on (placed lines leave routing nodes through `out`, the rest through `none`).
 */
import type { Assignment, TraceStep } from '@dropline/connectors/model';
import { createInMemoryFactProvider } from '../facts/in-memory-fact-provider.ts';
import type { FactProvider } from '../facts/fact-provider.ts';
import { RunFacts, type LineState, type Scope } from '../facts/run-facts.ts';
import type { Flow, FlowTrigger } from '../model/flow.ts';
import { ROUTING_TRIGGER } from '../model/flow.ts';
import { targetOf, topologicalOrder, type FlowGraph } from '../model/graph.ts';
import type { ActionContext, ActionResult } from '../nodes/define-node.ts';
import { compileRuleTests, type ScopeTest } from '../compiler/compile-closures.ts';
import { factsIn } from '../compiler/compile-rules.ts';
import { LINE_FACT_IDS } from '../facts/catalogue.ts';
import type { CompiledRule, CompiledRules, Segment } from '../compiler/compile-rules.ts';
import { EnginePool } from '../compiler/engines.ts';
import { choiceNodeFacts, type ChoiceNodeFacts } from './choice-facts.ts';
import type { Decision, FlowAction, FlowRunInput, SettledLine } from './decision.ts';
import { CompiledEvaluator, EngineEvaluator, pickRule, type EvaluationMode, type RuleEvaluator } from './evaluators.ts';
import { StockLedger } from './stock-ledger.ts';
import { TRACE_STEPS, TraceWriter } from './trace-writer.ts';

export interface RunOptions {
  /** Lookups for this run (the hub passes one bound to its transaction); defaults to the compile-time one. */
  facts?: FactProvider;
  /** The time of the decision (cut-offs, velocity windows, backorder dates); defaults to now. */
  now?: Date | number | string;
  /** Record the trace (default: the compile option, itself on by default). */
  trace?: boolean;
}

export interface CompiledFlowOptions {
  version: number;
  evaluation: EvaluationMode;
  facts: FactProvider | undefined;
  trace: boolean;
}

interface ActionStep {
  nodeId: string;
  settings: unknown;
  execute(settings: unknown, ctx: ActionContext): ActionResult | Promise<ActionResult>;
  routes: boolean;
  /** The segment each output handle starts, undefined where it leads nowhere. */
  next: Record<string, Segment | undefined>;
}

export class CompiledFlow {
  readonly flow: Flow;
  readonly id: string;
  readonly version: number;
  readonly trigger: FlowTrigger;
  readonly evaluation: EvaluationMode;
  /** The json-rules-engine rules, one per path (see compile-rules.ts). */
  readonly rules: readonly CompiledRule[];
  readonly segments: ReadonlyMap<string, Segment>;
  readonly #graph: FlowGraph;
  readonly #entrySegment: string | undefined;
  /** Action nodes in graph order, with where each output handle leads. */
  readonly #actionPlan: ActionStep[];
  readonly #tests: (ScopeTest | undefined)[];
  readonly #orderPool: EnginePool | undefined;
  readonly #linePool: EnginePool | undefined;
  readonly #choiceFacts: Map<string, ChoiceNodeFacts>;
  readonly #facts: FactProvider;
  readonly #trace: boolean;

  constructor(graph: FlowGraph, compiled: CompiledRules, options: CompiledFlowOptions) {
    this.#graph = graph;
    this.flow = graph.flow;
    this.id = graph.flow.id;
    this.version = options.version;
    this.trigger = graph.flow.trigger;
    this.evaluation = options.evaluation;
    this.rules = compiled.rules;
    this.segments = compiled.segments;
    this.#entrySegment = compiled.entrySegment;
    this.#actionPlan = topologicalOrder(graph)
      .map((id) => graph.nodes.get(id)!)
      .filter((n) => n.def.category === 'action')
      .map((n) => ({
        nodeId: n.node.id,
        settings: n.settings,
        execute: n.def.execute!.bind(n.def) as ActionStep['execute'],
        routes: Boolean(n.def.routes),
        next: Object.fromEntries(
          n.def.outputs(n.settings as never).map((h) => {
            const target = targetOf(graph, n.node.id, h);
            return [h, target ? compiled.segments.get(target.node.id) : undefined];
          }),
        ),
      }));
    this.#facts = options.facts ?? createInMemoryFactProvider();
    this.#trace = options.trace;
    this.#choiceFacts = choiceNodeFacts(compiled.rules);
    const inEngine = (r: CompiledRule) => options.evaluation === 'engine' || r.usesProvider;
    const functions = compiled.rules.filter((r) => !inEngine(r));
    const tests = compileRuleTests(functions, (c) => factsIn(c).some((f) => LINE_FACT_IDS.has(f)));
    this.#tests = compiled.rules.map(() => undefined);
    functions.forEach((r, i) => (this.#tests[r.index] = tests[i]));
    const orderRules = compiled.rules.filter((r) => r.scope === 'order' && inEngine(r));
    const lineRules = compiled.rules.filter((r) => r.scope === 'line' && inEngine(r));
    this.#orderPool = orderRules.length ? new EnginePool(orderRules) : undefined;
    this.#linePool = lineRules.length ? new EnginePool(lineRules) : undefined;
  }

  /** The segment evaluation starts with: the node after the entry (undefined when the entry leads nowhere). */
  get entrySegment(): string | undefined {
    return this.#entrySegment;
  }

  /** Engines built so far (one per concurrent run at most), for tests and metrics. */
  get enginesCreated(): number {
    return (this.#orderPool?.created ?? 0) + (this.#linePool?.created ?? 0);
  }

  async run(input: FlowRunInput, options: RunOptions = {}): Promise<Decision> {
    const nowMs = options.now === undefined ? Date.now() : new Date(options.now).getTime();
    if (Number.isNaN(nowMs)) throw new Error(`run: invalid "now": ${String(options.now)}`);
    const run = new RunFacts(input, options.facts ?? this.#facts, nowMs);
    if (run.needsCandidates()) await run.fetchMissingCandidates();
    const trace = new TraceWriter(options.trace ?? this.#trace);
    trace.flow(this.id, this.version, this.trigger, this.evaluation);
    if (trace.enabled) {
      for (const line of run.lines) for (const e of run.excludedFor(line.lineId)) trace.dropped(undefined, line, e.supplierId, `excluded: ${e.reason}`);
    }
    const evaluator: RuleEvaluator =
      this.evaluation === 'engine'
        ? await EngineEvaluator.create(run, this.#orderPool, this.#linePool)
        : new CompiledEvaluator(run, this.#tests, this.#orderPool, this.#linePool);
    const walk = new Walk(run, evaluator, trace, this.#choiceFacts);

    // Evaluation and actions are synchronous unless a lookup is needed: await only what is a promise.
    if (this.#entrySegment !== undefined) {
      const entered = walk.enter(this.segments.get(this.#entrySegment)!, run.lines);
      if (entered) await entered;
    }
    const ledger = new StockLedger();
    const assignments: Assignment[] = [];
    const actions: FlowAction[] = [];
    const settled: SettledLine[] = [];
    for (const step of this.#actionPlan) {
      const lines = walk.reached.get(step.nodeId);
      if (!lines) continue;
      if (lines.length > 1) lines.sort(byIndex);
      const ctx: ActionContext = { nodeId: step.nodeId, run, lines, ledger, trace };
      const executed = step.execute(step.settings, ctx);
      const result = executed instanceof Promise ? await executed : executed;
      if (result.assignments) for (const a of result.assignments) assignments.push(a);
      if (result.action) actions.push(result.action);
      if (result.settled) for (const x of result.settled) settled.push(x);
      for (const handle in result.outputs) {
        const out = result.outputs[handle]!;
        const next = step.next[handle];
        if (!next) {
          for (const l of out) l.lastReason ??= `the flow ends at ${step.nodeId} (${handle})`;
          continue;
        }
        // A flow without lines (an event about the whole order) carries on from every action it reaches.
        if (out.length > 0 || (run.lines.length === 0 && !step.routes)) {
          const entered = walk.enter(next, out);
          if (entered) await entered;
        }
      }
    }
    if (walk.lookups.length) await Promise.all(walk.lookups);
    return this.#decide(run, trace, assignments, actions, settled);
  }

  #decide(run: RunFacts, trace: TraceWriter, assignments: Assignment[], actions: FlowAction[], settled: SettledLine[]): Decision {
    let hold: Extract<FlowAction, { type: 'hold' }> | undefined;
    for (const a of actions) {
      if (a.type === 'hold') {
        hold = a;
        break;
      }
    }
    if (hold) {
      if (assignments.length) trace.push({ step: TRACE_STEPS.ended, nodeId: hold.nodeId, outcome: 'hold', note: `order held: ${assignments.length} assignment(s) not placed` });
      return { flowId: this.id, flowVersion: this.version, trigger: this.trigger, actions, settled, trace: trace.steps, kind: 'hold', reason: hold.reason, nodeId: hold.nodeId };
    }
    const routing = this.trigger === ROUTING_TRIGGER;
    const unassigned: Extract<Decision, { kind: 'assign' }>['unassigned'] = [];
    for (const l of run.lines) {
      if (l.quantity > 0 && l.doneBy === undefined && (routing || l.routed)) {
        unassigned.push({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, reason: l.lastReason ?? 'no supplier could take it' });
      }
    }
    return { flowId: this.id, flowVersion: this.version, trigger: this.trigger, actions, settled, trace: trace.steps, kind: 'assign', assignments, unassigned };
  }
}

function byIndex(a: LineState, b: LineState): number {
  return a.index - b.index;
}

/**
 * One run's walk through the segments: which action each line reaches, and the trace of the choices on the
 * way. Kept as an object with methods (not closures made per run): runs are many and short.
 */
class Walk {
  readonly run: RunFacts;
  readonly evaluator: RuleEvaluator;
  readonly trace: TraceWriter;
  readonly choiceFacts: Map<string, ChoiceNodeFacts>;
  /** Lines that reached each action node. */
  readonly reached = new Map<string, LineState[]>();
  /** Provider values the trace waits for. */
  readonly lookups: Promise<unknown>[] = [];
  /** Order-level choices already traced (line-level ones are kept on the line). */
  readonly #tracedOrder: string[] = [];
  readonly #tracedLines = new Map<LineState, string[]>();

  constructor(run: RunFacts, evaluator: RuleEvaluator, trace: TraceWriter, choiceFacts: Map<string, ChoiceNodeFacts>) {
    this.run = run;
    this.evaluator = evaluator;
    this.trace = trace;
    this.choiceFacts = choiceFacts;
  }

  enter(segment: Segment, lines: LineState[]): void | Promise<void> {
    if (this.run.lines.length === 0) {
      const picked = pickRule(segment, undefined, this.evaluator);
      if (picked instanceof Promise) return picked.then((r) => this.reach(r, undefined));
      this.reach(picked, undefined);
      return;
    }
    for (let i = 0; i < lines.length; i++) {
      const picked = pickRule(segment, lines[i], this.evaluator);
      if (picked instanceof Promise) return this.#finish(segment, lines, i, picked);
      this.reach(picked, lines[i]);
    }
  }

  /** A lookup is under way: this line and the rest, asynchronously, in order. */
  async #finish(segment: Segment, lines: LineState[], from: number, picked: Promise<CompiledRule | undefined>): Promise<void> {
    this.reach(await picked, lines[from]);
    for (let j = from + 1; j < lines.length; j++) {
      const next = pickRule(segment, lines[j], this.evaluator);
      this.reach(next instanceof Promise ? await next : next, lines[j]);
    }
  }

  reach(rule: CompiledRule | undefined, line: LineState | undefined): void {
    if (!rule) {
      if (line) line.lastReason ??= 'no path of the flow matched it';
      return;
    }
    if (this.trace.enabled) this.#traceChoices(rule, line);
    if (rule.end.kind === 'dead-end') {
      if (line) line.lastReason ??= `the flow ends at ${rule.end.nodeId} (${rule.end.handle})`;
      return;
    }
    let list = this.reached.get(rule.end.nodeId);
    if (!list) {
      list = [];
      this.reached.set(rule.end.nodeId, list);
    }
    if (line) list.push(line);
  }

  #traceChoices(rule: CompiledRule, line: LineState | undefined): void {
    for (const choice of rule.choices) {
      const facts = this.choiceFacts.get(choice.nodeId);
      const perLine = facts?.scope === 'line' && line !== undefined;
      let done = this.#tracedOrder;
      if (perLine) {
        let forLine = this.#tracedLines.get(line);
        if (!forLine) {
          forLine = [];
          this.#tracedLines.set(line, forLine);
        }
        done = forLine;
      }
      if (done.includes(choice.nodeId)) continue;
      done.push(choice.nodeId);
      const scope: Scope = perLine ? line.facts : this.run;
      const values: Record<string, unknown> = perLine ? { lineId: line.lineId } : {};
      for (const r of facts?.readers ?? []) {
        if (!r.provider) {
          values[r.label] = r.read(scope) ?? null;
          continue;
        }
        // Filled in before the decision is returned; the key keeps its place among the others.
        values[r.label] = null;
        this.lookups.push((r.read(scope) as Promise<unknown>).then((v) => (values[r.label] = v ?? null)));
      }
      const step: TraceStep =
        choice.kind === 'condition'
          ? { step: TRACE_STEPS.condition, nodeId: choice.nodeId, outcome: choice.outcome, facts: values }
          : {
              step: TRACE_STEPS.table,
              nodeId: choice.nodeId,
              outcome: choice.outcome,
              note: choice.row === undefined ? 'no row matched' : `row ${choice.row + 1} matched`,
              facts: values,
            };
      this.trace.push(step);
    }
  }

}
