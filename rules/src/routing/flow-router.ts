/**
 * @module A published routing flow as the hub's {@link Router}: what replaces the built-in first-in-stock
 * router once a flow is published.
 *
 * @example
 * ```ts
 * const router = flowRouter(cache.get(publishedFlow), { facts: provider });
 * const decision = await router.route(input); // RoutingDecision with actions, settled and trace
 * ```
 */
import type { FactProvider } from '../facts/fact-provider.ts';
import type { CompiledFlow } from '../runtime/compiled-flow.ts';
import type { Decision } from '../runtime/decision.ts';
import { ROUTING_TRIGGER } from '../model/flow.ts';
import type { Router, RoutingInput } from './routing-types.ts';

export interface FlowRouter extends Router {
  route(input: RoutingInput): Promise<Decision>;
}

export function flowRouter(flow: CompiledFlow, options: { facts?: FactProvider; now?: () => Date | number } = {}): FlowRouter {
  if (flow.trigger !== ROUTING_TRIGGER) throw new Error(`flow ${flow.id} starts on ${flow.trigger}; a router needs a flow on ${ROUTING_TRIGGER}`);
  return {
    route: (input) => flow.run(input, { ...(options.facts ? { facts: options.facts } : {}), ...(options.now ? { now: options.now() } : {}) }),
  };
}
