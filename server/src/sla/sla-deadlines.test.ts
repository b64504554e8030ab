import { describe, expect, it } from 'vitest';
import { AgreementTermsSchema } from '../suppliers/agreement-terms.ts';
import { ackDeadline, receivedAt, shipDeadline } from './sla-deadlines.ts';

const terms = (cutoff: { time: string; timeZone: string }, shipWithinHours = 24, windowMinutes = 60) =>
  AgreementTermsSchema.parse({ cutoff, turnaround: { shipWithinHours }, acknowledgment: { windowMinutes } });

describe('SLA deadlines', () => {
  it('acknowledgment: the window from placement (fractions of a minute allowed)', () => {
    const at = Date.parse('2026-03-02T10:00:00Z');
    expect(ackDeadline(at, terms({ time: '14:00', timeZone: 'UTC' }))).toBe(at + 3_600_000);
    expect(ackDeadline(at, terms({ time: '14:00', timeZone: 'UTC' }, 24, 0.05))).toBe(at + 3_000);
  });

  it('shipping: from placement when before the cut-off, in the supplier’s time zone', () => {
    // 10:00 in New York (EST, UTC−5) is before a 14:00 cut-off.
    const at = Date.parse('2026-03-02T15:00:00Z');
    const t = terms({ time: '14:00', timeZone: 'America/New_York' });
    expect(receivedAt(at, t)).toBe(at);
    expect(shipDeadline(at, t)).toBe(at + 24 * 3_600_000);
  });

  it('shipping: from the supplier’s next local midnight when placed after the cut-off', () => {
    // 15:30 in New York is after the cut-off: received at 00:00 EST on 3 March = 05:00Z.
    const at = Date.parse('2026-03-02T20:30:00Z');
    const t = terms({ time: '14:00', timeZone: 'America/New_York' }, 48);
    expect(new Date(receivedAt(at, t)).toISOString()).toBe('2026-03-03T05:00:00.000Z');
    expect(new Date(shipDeadline(at, t)).toISOString()).toBe('2026-03-05T05:00:00.000Z');
  });

  it('knows daylight saving: the next day after a spring-forward night starts at the right instant', () => {
    // Berlin moves to CEST (UTC+2) on 29 March 2026; 30 March starts at 22:00Z on the 29th.
    const at = Date.parse('2026-03-29T17:00:00Z'); // 19:00 CEST, after an 18:00 cut-off
    const t = terms({ time: '18:00', timeZone: 'Europe/Berlin' });
    expect(new Date(receivedAt(at, t)).toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('rejects an unknown time zone and a malformed cut-off, naming the field', () => {
    const bad = AgreementTermsSchema.safeParse({ cutoff: { time: '25:00', timeZone: 'Mars/Olympus' } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['cutoff.time', 'cutoff.timeZone']);
  });
});
