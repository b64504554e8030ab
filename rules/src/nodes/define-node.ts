/**
 * @module `defineNode`: one node type, declared once. The settings schema (zod, with `.meta()` titles and `ui`
 * hints) draws the editor's property form and validates stored flows; `outputs` names the handles edges
 * leave from; `check` adds what the schema can't know (facts, operators, suppliers); actions `execute`.
 *
 * @example
 * ```ts
 * export const addTag = defineNode({
 *   type: 'add-tag', category: 'action', title: 'Add a tag', description: 'Tags the order in the store',
 *   settings: z.object({ tags: z.array(z.string().min(1)).min(1) }),
 *   outputs: () => ['out'],
 *   execute: (s, ctx) => ({ outputs: { out: ctx.lines }, action: { type: 'add-tag', nodeId: ctx.nodeId, tags: s.tags, lines: [] } }),
 * });
 * ```
 */
import type { z } from 'zod';
import type { Assignment } from '@dropline/connectors/model';
import type { FactCatalogue } from '../facts/catalogue.ts';
import type { LineState, RunFacts } from '../facts/run-facts.ts';
import type { FlowTrigger } from '../model/flow.ts';
import type { FlowAction, SettledLine } from '../runtime/decision.ts';
import type { StockLedger } from '../runtime/stock-ledger.ts';
import type { TraceWriter } from '../runtime/trace-writer.ts';
import type { NodeIssue } from '../validation/issues.ts';

/** `trigger`: the entry; `condition` and `table`: branch on facts; `action`: does something, may chain on. */
export type NodeCategory = 'trigger' | 'condition' | 'table' | 'action';

export interface NodeCheckContext {
  trigger: FlowTrigger;
  facts: FactCatalogue;
  /** Supplier ids routes may name; undefined: not checked. */
  knownSuppliers: ReadonlySet<string> | undefined;
  /** Whether an edge leaves this node from the handle. */
  connected(handle: string): boolean;
}

export interface ActionContext {
  readonly nodeId: string;
  readonly run: RunFacts;
  /** Lines that reached this node (none for an order-level path in a flow without lines). */
  readonly lines: LineState[];
  readonly ledger: StockLedger;
  readonly trace: TraceWriter;
}

export interface ActionResult {
  /** Lines leaving through each output handle; a handle with no lines is not followed. */
  outputs: Record<string, LineState[]>;
  assignments?: Assignment[];
  action?: FlowAction;
  settled?: SettledLine[];
}

export interface NodeDefinition<S extends z.ZodType = z.ZodType> {
  /** kebab-case, stored in flows; never renamed. */
  type: string;
  category: NodeCategory;
  title: string;
  description: string;
  settings: S;
  /** Output handle ids for these settings (a table has one per outcome plus `default`). */
  outputs(settings: z.output<S>): string[];
  /** Handles that must be connected for the flow to make sense. */
  requiredOutputs?(settings: z.output<S>): string[];
  check?(settings: z.output<S>, ctx: NodeCheckContext): NodeIssue[];
  /** Routing actions place lines on suppliers (`assignments`); the others produce a {@link FlowAction}. */
  routes?: boolean;
  execute?(settings: z.output<S>, ctx: ActionContext): ActionResult | Promise<ActionResult>;
}

export function defineNode<S extends z.ZodType>(def: NodeDefinition<S>): NodeDefinition<S> {
  if (!/^[a-z]+(-[a-z]+)*$/.test(def.type)) throw new Error(`node type "${def.type}" must be kebab-case`);
  if ((def.category === 'action') !== Boolean(def.execute)) throw new Error(`node type "${def.type}": actions, and only actions, execute`);
  return def;
}

/** A node definition with its settings type erased, as the registry holds them. */
export type AnyNodeDefinition = NodeDefinition<z.ZodType>;
