/**
 * @module A test run drawn on the canvas: which nodes the order went through (with what each one decided
 * and the fact values it read) and which edges it took. Built from the hub's per-node results and the
 * decision's trace, so it also works for a result that carries only one of them.
 */
import type { Decision } from '@dropline/rules';
import type { NodeRunResult, SimulationResult } from './api-types.ts';
import { nodeOutputs } from './catalogue.ts';
import type { EditorFlow } from './flow-commands.ts';

export interface NodeRun {
  /** Each time the node decided (once per line for a line-level condition). */
  results: NodeRunResult[];
  /** Distinct outcomes, in order. */
  outcomes: string[];
}

export interface RunOverlay {
  nodes: Map<string, NodeRun>;
  edges: Set<string>;
}

export function decisionOf(result: SimulationResult['draft'] | null | undefined): Decision | undefined {
  return result && 'kind' in result ? result : undefined;
}

export function runOverlay(flow: EditorFlow, result: SimulationResult): RunOverlay {
  const steps: NodeRunResult[] = result.nodes.length
    ? result.nodes
    : (decisionOf(result.draft)?.trace ?? [])
        .filter((s) => s.nodeId)
        .map((s) => ({ nodeId: s.nodeId!, ...(s.outcome !== undefined ? { outcome: s.outcome } : {}), ...(s.facts ? { facts: s.facts } : {}), ...(s.note ? { note: s.note } : {}) }));
  const nodes = new Map<string, NodeRun>();
  for (const step of steps) {
    const run = nodes.get(step.nodeId) ?? { results: [], outcomes: [] };
    run.results.push(step);
    if (step.outcome !== undefined && !run.outcomes.includes(step.outcome)) run.outcomes.push(step.outcome);
    nodes.set(step.nodeId, run);
  }
  // The start node is on every path, though nothing is decided there.
  const start = flow.nodes.find((n) => n.type === 'trigger');
  if (start && nodes.size > 0 && !nodes.has(start.id)) nodes.set(start.id, { results: [], outcomes: [] });

  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const edges = new Set<string>();
  for (const e of flow.edges) {
    const source = nodes.get(e.source);
    if (!source || !nodes.has(e.target)) continue;
    const node = byId.get(e.source);
    const outputs = node ? nodeOutputs(node.type, node.settings) : [];
    // When the node's outcomes name its outputs (true / false, a table outcome), only those were taken;
    // an action's outcome is a supplier or an action type, and it carries on through whatever is connected.
    const branching = source.outcomes.some((o) => outputs.includes(o));
    if (!branching || source.outcomes.includes(e.sourceHandle)) edges.add(e.id);
  }
  return { nodes, edges };
}

/** A fact value as a short string for the node's result list. */
export function formatFactValue(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}…` : json;
}
