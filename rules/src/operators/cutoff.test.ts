import { describe, expect, it } from 'vitest';
import { afterCutoff, beforeCutoff, isBeforeCutoff, localClock } from './cutoff.ts';

const NEW_YORK = { time: '14:00', timeZone: 'America/New_York' };

describe('cut-off operators', () => {
  it('read the time on the supplier clock: the same 13:59 in New York is 17:59 UTC in summer and 18:59 UTC in winter', () => {
    expect(beforeCutoff.evaluate('2026-07-15T17:59:00Z', NEW_YORK)).toBe(true);
    expect(beforeCutoff.evaluate('2026-07-15T18:00:00Z', NEW_YORK)).toBe(false);
    expect(beforeCutoff.evaluate('2026-01-15T18:59:00Z', NEW_YORK)).toBe(true);
    expect(beforeCutoff.evaluate('2026-01-15T19:00:00Z', NEW_YORK)).toBe(false);
    expect(afterCutoff.evaluate('2026-01-15T19:00:00Z', NEW_YORK)).toBe(true);
  });

  it('follow daylight-saving changes on the day they happen', () => {
    // US clocks spring forward on 2026-03-08 at 02:00 local: 13:59 EDT that day is 17:59 UTC.
    expect(beforeCutoff.evaluate('2026-03-08T17:59:00Z', NEW_YORK)).toBe(true);
    expect(beforeCutoff.evaluate('2026-03-08T18:30:00Z', NEW_YORK)).toBe(false);
    // The day before, still EST: 18:30 UTC is 13:30 local.
    expect(beforeCutoff.evaluate('2026-03-07T18:30:00Z', NEW_YORK)).toBe(true);
    // Europe falls back on 2026-10-25: 14:00 in Berlin is 13:00 UTC after, 12:00 UTC the day before.
    const berlin = { time: '14:00', timeZone: 'Europe/Berlin' };
    expect(beforeCutoff.evaluate('2026-10-24T12:30:00Z', berlin)).toBe(false);
    expect(beforeCutoff.evaluate('2026-10-25T12:30:00Z', berlin)).toBe(true);
  });

  it('count the local calendar day across the date line', () => {
    // 23:30 UTC on a Friday is already Saturday 12:30 in Auckland (NZDT, +13 in January).
    const auckland = { time: '15:00', timeZone: 'Pacific/Auckland', days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const };
    expect(localClock(Date.parse('2026-01-16T23:30:00Z'), 'Pacific/Auckland')).toEqual({ weekday: 'sat', minutes: 12 * 60 + 30 });
    expect(beforeCutoff.evaluate('2026-01-16T23:30:00Z', { ...auckland, days: [...auckland.days] })).toBe(false);
    expect(afterCutoff.evaluate('2026-01-16T23:30:00Z', { ...auckland, days: [...auckland.days] })).toBe(true);
    // Thursday 23:30 UTC is Friday 12:30 there: a shipping day, before 15:00.
    expect(beforeCutoff.evaluate('2026-01-15T23:30:00Z', { ...auckland, days: [...auckland.days] })).toBe(true);
  });

  it('take instants as ISO strings with any offset, epoch milliseconds or dates', () => {
    expect(beforeCutoff.evaluate('2026-07-15T13:59:00-04:00', NEW_YORK)).toBe(true);
    expect(beforeCutoff.evaluate(Date.parse('2026-07-15T17:59:00Z'), NEW_YORK)).toBe(true);
    expect(beforeCutoff.evaluate(new Date('2026-07-15T17:59:00Z'), NEW_YORK)).toBe(true);
  });

  it('match neither way on bad input', () => {
    for (const [instant, cutoff] of [
      ['not a time', NEW_YORK],
      ['2026-07-15T17:59:00Z', { time: '14:00', timeZone: 'Mars/Olympus' }],
      ['2026-07-15T17:59:00Z', { time: '2pm', timeZone: 'UTC' }],
      ['2026-07-15T17:59:00Z', undefined],
      [undefined, NEW_YORK],
    ] as const) {
      expect(isBeforeCutoff(instant, cutoff)).toBeUndefined();
      expect(beforeCutoff.evaluate(instant, cutoff)).toBe(false);
      expect(afterCutoff.evaluate(instant, cutoff)).toBe(false);
    }
  });
});
