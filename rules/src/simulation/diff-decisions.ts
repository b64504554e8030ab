/**
 * @module What changes between two decisions on the same input: the outcome, which supplier takes which
 * line, which lines stay unplaced, and which actions would run. Node ids are left out of the comparison
 * (two versions of a flow name their nodes as they like); what the action does is compared.
 */
import type { Assignment } from '@dropline/connectors/model';
import type { Decision, FlowAction } from '../runtime/decision.ts';

export interface LineChange {
  lineId: string;
  sku: string | null;
  /** Supplier and quantity per assignment of the line, before and after (empty: not placed). */
  before: { supplierId: string; quantity: number }[];
  after: { supplierId: string; quantity: number }[];
}

export interface DecisionDiff {
  changed: boolean;
  kind?: { before: Decision['kind']; after: Decision['kind'] };
  holdReason?: { before?: string; after?: string };
  assignments: LineChange[];
  unassigned: { lineId: string; before?: string; after?: string }[];
  actions: { added: FlowAction[]; removed: FlowAction[] };
}

export function diffDecisions(before: Decision, after: Decision): DecisionDiff {
  const diff: DecisionDiff = { changed: false, assignments: [], unassigned: [], actions: { added: [], removed: [] } };
  if (before.kind !== after.kind) diff.kind = { before: before.kind, after: after.kind };
  const reasonBefore = before.kind === 'hold' ? before.reason : undefined;
  const reasonAfter = after.kind === 'hold' ? after.reason : undefined;
  if (reasonBefore !== reasonAfter) diff.holdReason = { ...(reasonBefore ? { before: reasonBefore } : {}), ...(reasonAfter ? { after: reasonAfter } : {}) };

  const a = byLine(before.kind === 'assign' ? before.assignments : []);
  const b = byLine(after.kind === 'assign' ? after.assignments : []);
  for (const lineId of union(a.keys(), b.keys())) {
    const x = a.get(lineId) ?? [];
    const y = b.get(lineId) ?? [];
    if (key(x) !== key(y)) {
      diff.assignments.push({ lineId, sku: (x[0] ?? y[0])!.sku, before: x.map(short), after: y.map(short) });
    }
  }

  const ua = new Map((before.kind === 'assign' ? before.unassigned : []).map((u) => [u.lineId, u.reason]));
  const ub = new Map((after.kind === 'assign' ? after.unassigned : []).map((u) => [u.lineId, u.reason]));
  for (const lineId of union(ua.keys(), ub.keys())) {
    if (ua.get(lineId) !== ub.get(lineId)) diff.unassigned.push({ lineId, ...(ua.has(lineId) ? { before: ua.get(lineId) } : {}), ...(ub.has(lineId) ? { after: ub.get(lineId) } : {}) });
  }

  const remaining = after.actions.map(actionKey);
  for (const action of before.actions) {
    const i = remaining.indexOf(actionKey(action));
    if (i >= 0) remaining[i] = '';
    else diff.actions.removed.push(action);
  }
  after.actions.forEach((action, i) => {
    if (remaining[i] !== '') diff.actions.added.push(action);
  });

  diff.changed = Boolean(diff.kind || diff.holdReason || diff.assignments.length || diff.unassigned.length || diff.actions.added.length || diff.actions.removed.length);
  return diff;
}

function byLine(assignments: readonly Assignment[]): Map<string, Assignment[]> {
  const m = new Map<string, Assignment[]>();
  for (const a of assignments) m.set(a.lineId, [...(m.get(a.lineId) ?? []), a]);
  return m;
}

function short(a: Assignment) {
  return { supplierId: a.supplierId, quantity: a.quantity };
}

function key(list: readonly Assignment[]): string {
  return list
    .map((a) => `${a.supplierId}×${a.quantity}`)
    .sort()
    .join(',');
}

function union<T>(a: Iterable<T>, b: Iterable<T>): T[] {
  return [...new Set([...a, ...b])];
}

/** An action without its node id, with stable key order. */
function actionKey(action: FlowAction): string {
  const { nodeId: _ignored, ...rest } = action;
  return JSON.stringify(rest, Object.keys(rest).sort());
}
