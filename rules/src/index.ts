/**
 * @module @dropline/rules: flows (model, node types, facts, operators), their validation, the compiler to
 * json-rules-engine, the runtime, starter templates and simulation. No Hono, no Svelte: the hub and the
 * editor share it.
 */
export * from './model/condition.ts';
export * from './model/flow.ts';
export * from './model/parse-flow.ts';
export * from './facts/fact-types.ts';
export * from './facts/catalogue.ts';
export * from './facts/fact-provider.ts';
export * from './facts/in-memory-fact-provider.ts';
export * from './operators/define-operator.ts';
export * from './operators/registry.ts';
export type { Availability } from './operators/stock.ts';
export * from './nodes/define-node.ts';
export * from './nodes/registry.ts';
export * from './validation/issues.ts';
export * from './validation/validate-flow.ts';
export type { CompiledRule, PathChoice, PathEnd, RuleCondition, RuleLeaf, Segment } from './compiler/compile-rules.ts';
export { buildEngine } from './compiler/engines.ts';
export { resolvePath } from './compiler/fact-access.ts';
export * from './runtime/decision.ts';
export * from './runtime/compile-flow.ts';
export { CompiledFlow, type RunOptions } from './runtime/compiled-flow.ts';
export type { EvaluationMode } from './runtime/evaluators.ts';
export * from './runtime/flow-cache.ts';
export { TRACE_STEPS } from './runtime/trace-writer.ts';
export * from './routing/routing-types.ts';
export * from './routing/flow-router.ts';
export * from './templates/template.ts';
export * from './templates/flow-builder.ts';
export * from './templates/starter-templates.ts';
export * from './simulation/diff-decisions.ts';
export * from './simulation/simulate.ts';
