/**
 * @module The seam between the workflow and whatever decides where an order goes. The types live in
 * @dropline/rules, which both the hub and the flow editor share: the workflow gathers the facts
 * (lines still to place, candidate suppliers with stock, cost and capacity, who already failed) and applies
 * the decision; a router only decides. The built-in router takes the first supplier with stock; a published
 * routing flow replaces it (flows/flow-routing.ts).
 */
export type { Router, RoutingCandidate, RoutingDecision, RoutingInput, RoutingLine } from '@dropline/rules';
