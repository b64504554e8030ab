/**
 * @module What running a flow returns: the routing decision the hub applies, the other actions to execute
 * in order, and the trace that explains it.
 */
import type { Assignment, Money, TraceStep } from '@dropline/connectors/model';
import type { FlowTrigger } from '../model/flow.ts';
import type { RoutingCandidate, RoutingInput, RoutingLine } from '../routing/routing-types.ts';

/** A line a cancel-and-refund action took care of. */
export interface SettledLine {
  lineId: string;
  sku: string | null;
  quantity: number;
  nodeId: string;
}

export interface RefundLine {
  lineId: string;
  sku: string | null;
  quantity: number;
  /** Net of the line's discount share, plus its share of the order's tax; in the order currency. */
  amount: Money;
}

/** The non-routing actions a flow asks for, in the order they fired. `type` is the node type. */
export type FlowAction =
  | { type: 'hold'; nodeId: string; reason: string; lines: string[] }
  | { type: 'notify-customer'; nodeId: string; template: string; channel: 'email' | 'sms'; to?: string; lines: string[] }
  | {
      type: 'cancel-refund';
      nodeId: string;
      /** `full`: cancel the order and refund its total; `partial`: cancel and refund the lines listed. */
      mode: 'full' | 'partial';
      reason: string;
      currency: string;
      /** Sum of the lines, plus shipping for a full refund. */
      amount: Money;
      shipping: Money;
      lines: RefundLine[];
      /** Also tell the store to cancel the order (always for `full`). */
      cancelOrder: boolean;
    }
  | { type: 'add-tag'; nodeId: string; tags: string[]; lines: string[] }
  | { type: 'call-webhook'; nodeId: string; url: string; lines: string[] };

export type FlowActionType = FlowAction['type'];

export interface DecisionBase {
  flowId: string;
  flowVersion: number;
  trigger: FlowTrigger;
  trace: TraceStep[];
  actions: FlowAction[];
  settled: SettledLine[];
}

/** The result of `CompiledFlow.run`; assignable to the hub's {@link RoutingDecision}. */
export type Decision =
  | (DecisionBase & {
      kind: 'assign';
      assignments: Assignment[];
      unassigned: { lineId: string; sku: string | null; quantity: number; reason: string }[];
    })
  | (DecisionBase & { kind: 'hold'; reason: string; nodeId: string });

/** The canonical event that started an exception flow (its `data` is what `event.*` facts read). */
export interface TriggerEvent {
  type: FlowTrigger;
  data: Record<string, unknown>;
  occurredAt?: string;
}

/**
 * What a flow runs on. For routing flows it is exactly the hub's {@link RoutingInput}; exception flows add the
 * event that triggered them, with `lines` the lines it affects (the backordered ones, say).
 */
export interface FlowRunInput extends RoutingInput {
  event?: TriggerEvent;
}

export type { RoutingCandidate, RoutingLine };
