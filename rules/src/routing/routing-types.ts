/**
 * @module The seam between the hub's workflow and whatever decides where an order goes.
 *
 * The workflow gathers facts (lines still to place, candidate suppliers with stock and cost, who already
 * failed) and applies the decision; a router only decides. The hub's built-in router takes the first
 * supplier with stock; a published flow (see `flowRouter`) replaces it. These types moved here from the hub
 * so that flows and the hub share them; the hub re-exports them.
 */
import type { Assignment, CanonicalOrder, TraceStep } from '@dropline/connectors/model';
import type { FlowAction, SettledLine } from '../runtime/decision.ts';

export interface RoutingLine {
  lineId: string;
  sku: string | null;
  title: string;
  /** Quantity still without a supplier. */
  quantity: number;
  unitPrice: string;
}

export interface RoutingCandidate {
  supplierId: string;
  supplierSku: string;
  priority: number;
  cost: string | null;
  currency: string | null;
  /** Last reported stock, null if the supplier never reported it. */
  stock: number | null;
  stockUpdatedAt: number | null;
  /** Orders the supplier took today against its agreed daily capacity; absent when it has no limit. */
  capacity?: { limit: number; placed: number; left: number };
}

export interface RoutingInput {
  order: CanonicalOrder;
  lines: RoutingLine[];
  /** Per line id: suppliers that carry the SKU, best priority first, excluded ones already removed. */
  candidates: Record<string, RoutingCandidate[]>;
  /** Per line id: suppliers left out and why (an earlier backorder or rejection for this order). */
  excluded: Record<string, { supplierId: string; reason: string }[]>;
  /** Which routing round this is: 1 for a new order, more after failovers. */
  attempt: number;
  /** The event that asked for routing. */
  cause: { eventId: string; type: string };
}

/**
 * What the hub applies. Flows add `actions` (hold, notify, cancel and refund, tag, webhook: to execute in
 * this order) and `settled` (lines a cancel-and-refund took care of: neither placed nor an exception).
 */
export type RoutingDecision =
  | {
      kind: 'assign';
      flowId: string;
      flowVersion: number;
      assignments: Assignment[];
      trace: TraceStep[];
      /** Lines the router could not place, with the reason; they become an exception. */
      unassigned: { lineId: string; sku: string | null; quantity: number; reason: string }[];
      actions?: FlowAction[];
      settled?: SettledLine[];
    }
  | {
      kind: 'hold';
      flowId: string;
      flowVersion: number;
      reason: string;
      nodeId?: string;
      trace: TraceStep[];
      actions?: FlowAction[];
      settled?: SettledLine[];
    }
  | { kind: 'exception'; flowId: string; flowVersion: number; code: string; message: string; trace: TraceStep[]; actions?: FlowAction[] };

export interface Router {
  route(input: RoutingInput): Promise<RoutingDecision>;
}
