/**
 * @module Time of day against a supplier's daily cut-off, on the supplier's wall clock.
 *
 * The instant is read in the cut-off's IANA time zone with Intl, so daylight-saving changes come from the
 * platform's zone data: 13:59 in New York is 17:59 UTC in July and 18:59 UTC in January, and both are
 * before a 14:00 cut-off. On a day the supplier doesn't ship (`days`), every time is after the cut-off.
 */
import { CutoffSchema, isTimeZone, type Weekday } from '../facts/fact-types.ts';
import { defineOperator } from './define-operator.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Weekday and minutes since local midnight of `ms` in `timeZone`. */
export function localClock(ms: number, timeZone: string): { weekday: Weekday; minutes: number } {
  let weekday: Weekday = 'mon';
  let hour = 0;
  let minute = 0;
  for (const p of formatter(timeZone).formatToParts(ms)) {
    if (p.type === 'weekday') weekday = p.value.slice(0, 3).toLowerCase() as Weekday;
    else if (p.type === 'hour') hour = Number(p.value);
    else if (p.type === 'minute') minute = Number(p.value);
  }
  return { weekday, minutes: hour * 60 + minute };
}

function toMs(instant: unknown): number | undefined {
  if (typeof instant === 'number') return Number.isFinite(instant) ? instant : undefined;
  if (instant instanceof Date) return Number.isNaN(instant.getTime()) ? undefined : instant.getTime();
  if (typeof instant !== 'string') return undefined;
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? undefined : ms;
}

/** true: before the cut-off on a shipping day; false: at or after it, or not a shipping day; undefined: bad input. */
export function isBeforeCutoff(instant: unknown, cutoff: unknown): boolean | undefined {
  const ms = toMs(instant);
  if (ms === undefined || cutoff === null || typeof cutoff !== 'object') return undefined;
  const { time, timeZone, days } = cutoff as { time?: unknown; timeZone?: unknown; days?: unknown };
  if (typeof time !== 'string' || typeof timeZone !== 'string' || !isTimeZone(timeZone)) return undefined;
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) return undefined;
  const local = localClock(ms, timeZone);
  if (Array.isArray(days) && days.length > 0 && !days.includes(local.weekday)) return false;
  return local.minutes < Number(m[1]) * 60 + Number(m[2]);
}

export const beforeCutoff = defineOperator({
  name: 'beforeCutoff',
  title: 'is before cut-off',
  description: "The time is before the cut-off on the supplier's clock, on one of its shipping days.",
  fits: ['instant'],
  value: { kind: 'schema', schema: CutoffSchema, factType: 'cutoff', title: 'Cut-off' },
  evaluate: (a, b) => isBeforeCutoff(a, b) === true,
});

export const afterCutoff = defineOperator({
  name: 'afterCutoff',
  title: 'is after cut-off',
  description: "The time is at or after the cut-off on the supplier's clock, or on a day it doesn't ship.",
  fits: ['instant'],
  value: { kind: 'schema', schema: CutoffSchema, factType: 'cutoff', title: 'Cut-off' },
  evaluate: (a, b) => isBeforeCutoff(a, b) === false,
});

