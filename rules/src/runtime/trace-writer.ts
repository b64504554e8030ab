/**
 * @module The trace of a decision, as canonical trace steps: the flow version, each condition or table on the
 * path with the fact values it saw, each candidate dropped and why, each line placed and each action.
 * Together they answer "why did this go to supplier B?" on the order's timeline.
 */
import type { TraceStep } from '@dropline/connectors/model';
import type { LineState } from '../facts/run-facts.ts';

export const TRACE_STEPS = {
  flow: 'flow',
  condition: 'condition',
  table: 'decision table',
  dropped: 'candidate dropped',
  assigned: 'line assigned',
  notPlaced: 'line not placed',
  action: 'action',
  ended: 'path ended',
} as const;

export class TraceWriter {
  readonly steps: TraceStep[] = [];
  readonly enabled: boolean;

  constructor(enabled = true) {
    this.enabled = enabled;
  }

  push(step: TraceStep): void {
    if (this.enabled) this.steps.push(step);
  }

  flow(flowId: string, version: number, trigger: string, mode: string): void {
    this.push({ step: TRACE_STEPS.flow, outcome: `${flowId}@${version}`, note: `flow ${flowId} version ${version} on ${trigger} (${mode})`, facts: { flowId, flowVersion: version, trigger } });
  }

  dropped(nodeId: string | undefined, line: LineState, supplierId: string, note: string, facts?: Record<string, unknown>): void {
    if (!this.enabled) return;
    const values: Record<string, unknown> = { lineId: line.lineId, sku: line.sku };
    if (facts) Object.assign(values, facts);
    this.steps.push(nodeId ? { step: TRACE_STEPS.dropped, nodeId, outcome: supplierId, note, facts: values } : { step: TRACE_STEPS.dropped, outcome: supplierId, note, facts: values });
  }

  assigned(nodeId: string, line: LineState, supplierId: string, quantity: number, note: string, facts?: Record<string, unknown>): void {
    if (!this.enabled) return;
    const values: Record<string, unknown> = { lineId: line.lineId, sku: line.sku, quantity };
    if (facts) Object.assign(values, facts);
    this.steps.push({ step: TRACE_STEPS.assigned, nodeId, outcome: supplierId, note, facts: values });
  }

  notPlaced(nodeId: string, line: LineState, reason: string): void {
    if (!this.enabled) return;
    this.push({ step: TRACE_STEPS.notPlaced, nodeId, outcome: 'none', note: reason, facts: { lineId: line.lineId, sku: line.sku, quantity: line.quantity } });
  }

  action(nodeId: string, type: string, note: string, facts?: Record<string, unknown>): void {
    if (!this.enabled) return;
    this.push({ step: TRACE_STEPS.action, nodeId, outcome: type, note, ...(facts ? { facts } : {}) });
  }
}
