/**
 * @module The 997 functional acknowledgment, both ways.
 *
 * In: the supplier's translator accepted or rejected our 850s (AK1 names our group, AK2 our set, AK5
 * and AK9 the verdict). A rejected 850 never reached the supplier's order system, so it is reported as
 * the supplier rejecting the order, and the lines fail over.
 *
 * Out: one 997 for every functional group the supplier sends us (never for their 997s), accepting each
 * set or noting what was wrong with its trailer.
 */
import type { InboundEvent } from '../sdk/inbound.ts';
import type { ReadContext } from './read-context.ts';
import { el, type FunctionalGroup, type Segment, type TransactionSet } from './x12.ts';

export interface Ack997 {
  /** AK1: the group acknowledged. */
  functionalId: string;
  groupControl: string;
  /** AK9-01: A accepted, E accepted with errors, P partially accepted, R rejected. */
  groupStatus: string;
  sets: { type: string; control: string; status: string; codes: string[] }[];
}

export function parse997(set: TransactionSet): Ack997 {
  const ak1 = set.body.find((s) => s[0] === 'AK1');
  const ack: Ack997 = { functionalId: el(ak1, 1) ?? '', groupControl: el(ak1, 2) ?? '', groupStatus: el(set.body.find((s) => s[0] === 'AK9'), 1) ?? '', sets: [] };
  let current: Ack997['sets'][number] | undefined;
  for (const seg of set.body) {
    if (seg[0] === 'AK2') ack.sets.push((current = { type: el(seg, 1) ?? '', control: el(seg, 2) ?? '', status: '', codes: [] }));
    else if (seg[0] === 'AK5' && current) {
      current.status = el(seg, 1) ?? '';
      current.codes = seg.slice(2).filter(Boolean);
    }
  }
  return ack;
}

/** Events for a 997 about our 850s: a rejection for each PO whose set (or whole group) was rejected. */
export function read997(set: TransactionSet, ctx: ReadContext, posOfGroup: (groupControl: string) => string[]): { ack: Ack997; events: InboundEvent[] } {
  const ack = parse997(set);
  if (ack.functionalId !== 'PO') return { ack, events: [] };
  const pos = posOfGroup(ack.groupControl);
  const rejectedSets = ack.sets.filter((s) => s.status === 'R');
  const groupRejected = ack.groupStatus === 'R' || (ack.sets.length > 0 && rejectedSets.length === ack.sets.length);
  if (!groupRejected && rejectedSets.length === 0) return { ack, events: [] };
  const codes = [...new Set(rejectedSets.flatMap((s) => s.codes))];
  const reason = `997: the supplier's EDI system rejected the 850 (group ${ack.groupControl}${codes.length ? `, AK5 codes ${codes.join(', ')}` : ''})`;
  // Our 850 groups carry one PO each, so a rejected set or group names that PO.
  return {
    ack,
    events: pos.map((po) => ({ type: 'supplier_order.rejected', data: { supplierId: ctx.supplierId, supplierOrderId: po, reason }, ref: { supplierOrderId: po } })),
  };
}

/** The body of a 997 acknowledging `group`. */
export function functionalAck997(group: FunctionalGroup): Segment[] {
  const body: Segment[] = [['AK1', group.functionalId, group.control]];
  let accepted = 0;
  for (const set of group.sets) {
    body.push(['AK2', set.type, set.control]);
    // AK502 code 4: "number of included segments does not match actual count" (also used for a
    // control-number mismatch in the trailer); the set is still taken, with errors noted (E).
    if (set.issues.length) body.push(['AK5', 'E', '4']);
    else body.push(['AK5', 'A']);
    accepted++;
  }
  const status = group.sets.some((s) => s.issues.length) || group.issues.length ? 'E' : 'A';
  body.push(['AK9', status, String(group.sets.length), String(group.sets.length), String(accepted)]);
  return body;
}
