/**
 * @module When a supplier order must be acknowledged and shipped, from the agreement in force.
 *
 * The acknowledgment clock starts at placement. The shipping clock starts at receipt: at placement when
 * the order reached the supplier before its daily cut-off (local time), otherwise at the start of the
 * supplier's next day — an order placed at 9 pm is not late for a 24-hour turnaround at 9 pm tomorrow.
 */
import type { AgreementTerms } from '../suppliers/agreement-terms.ts';
import { localParts, startOfNextLocalDay } from '../suppliers/zoned-time.ts';

export function ackDeadline(placedAt: number, terms: AgreementTerms): number {
  return placedAt + Math.round(terms.acknowledgment.windowMinutes * 60_000);
}

/** When the supplier counts the order as received, given its cut-off. */
export function receivedAt(placedAt: number, terms: AgreementTerms): number {
  const { time, timeZone } = terms.cutoff;
  const local = localParts(placedAt, timeZone);
  const [h, m] = time.split(':').map(Number) as [number, number];
  const afterCutoff = local.hour * 60 + local.minute >= h * 60 + m;
  return afterCutoff ? startOfNextLocalDay(placedAt, timeZone) : placedAt;
}

export function shipDeadline(placedAt: number, terms: AgreementTerms): number {
  return receivedAt(placedAt, terms) + Math.round(terms.turnaround.shipWithinHours * 3_600_000);
}
