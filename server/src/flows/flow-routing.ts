/**
 * @module Routing by the published `order.received` flow (or the built-in first-in-stock router while none
 * is published), and shadow mode: a second version decides beside it on the same input, without effects,
 * and what it would have done differently is kept for review.
 */
import { CompiledFlowCache, diffDecisions, ROUTING_TRIGGER, type Decision, type FactProvider, type Router, type RoutingDecision, type RoutingInput } from '@dropline/rules';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logging.ts';
import type { FlowService } from './flow-service.ts';

export class FlowRouting implements Router {
  readonly cache = new CompiledFlowCache();

  constructor(
    private readonly deps: { db: Database; flows: FlowService; facts: FactProvider; fallback: Router; log: Logger },
  ) {}

  async route(input: RoutingInput): Promise<RoutingDecision> {
    const published = await this.deps.flows.published(ROUTING_TRIGGER);
    if (!published) return this.deps.fallback.route(input);
    const decision = await this.cache.get(published.flow).run(input, { facts: this.deps.facts });
    if (published.shadow) {
      // Off the request for a decision: a shadow must never slow or break live routing.
      void this.#shadow(published.shadow, input, decision).catch((err) => this.deps.log.warn({ err, flow: published.flow.id }, 'shadow flow failed'));
    }
    return decision;
  }

  async #shadow(flow: Parameters<CompiledFlowCache['get']>[0], input: RoutingInput, live: Decision): Promise<void> {
    const shadow = await this.cache.get(flow).run(input, { facts: this.deps.facts });
    const diff = diffDecisions(live, shadow);
    await this.deps.db.transaction((tx) =>
      tx.insert(this.deps.db.t.shadowDecisions).values({
        flowId: flow.id,
        version: flow.version,
        orderId: input.order.id,
        decision: shadow as unknown as Record<string, unknown>,
        liveFlow: live.flowId,
        liveVersion: live.flowVersion,
        differs: diff.changed,
        diff: diff as unknown as Record<string, unknown>,
        createdAt: Date.now(),
      }),
    );
  }
}
