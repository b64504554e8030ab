/**
 * @module `compileFlow`: validate a flow, compile it to json-rules-engine rules, and return something to run.
 * Compile once per flow version and keep the result: engines are built here, not per run.
 *
 * @example
 * ```ts
 * const compiled = compileFlow(flow, { version: 3, knownSuppliers: ['us-east', 'eu-west'], facts: provider });
 * const decision = await compiled.run(routingInput);
 * // { kind: 'assign', assignments: [...], unassigned: [], actions: [...], trace: [...] }
 * ```
 */
import type { FactProvider } from '../facts/fact-provider.ts';
import { compileRules } from '../compiler/compile-rules.ts';
import { FlowValidationError } from '../validation/issues.ts';
import { segmentStarts, validateFlow, type ValidateOptions } from '../validation/validate-flow.ts';
import { CompiledFlow } from './compiled-flow.ts';
import type { EvaluationMode } from './evaluators.ts';

export interface CompileOptions extends ValidateOptions {
  /** The version recorded on decisions; defaults to the flow's `version`, or 0 for a draft. */
  version?: number;
  /** Lookups used when a run passes none. */
  facts?: FactProvider;
  /** `compiled` (default): plain functions where no lookup is needed; `engine`: every rule in json-rules-engine. */
  evaluation?: EvaluationMode;
  /** Record traces (default true). */
  trace?: boolean;
}

/** Throws {@link FlowValidationError} (with every issue) when the flow does not validate. */
export function compileFlow(flow: unknown, options: CompileOptions = {}): CompiledFlow {
  const v = validateFlow(flow, options);
  if (!v.ok) throw new FlowValidationError(v.issues);
  const compiled = compileRules(v.graph, segmentStarts(v.graph));
  return new CompiledFlow(v.graph, compiled, {
    version: options.version ?? v.flow.version ?? 0,
    evaluation: options.evaluation ?? 'compiled',
    facts: options.facts,
    trace: options.trace ?? true,
  });
}
