/**
 * @module Wall-clock time in a supplier's IANA time zone: its calendar day (capacity counts per day) and
 * its daily cut-off (orders after it count as received the next day). Built on Intl, so daylight-saving
 * changes come from the platform's zone data, not from fixed offsets.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading in `timeZone` at epoch milliseconds `ms`. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** `YYYY-MM-DD` of the local calendar day at `ms`. */
export function localDate(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/**
 * Epoch milliseconds of a wall-clock time in `timeZone`. Guesses with the offset at that instant and
 * corrects once: enough for every zone, since offsets change at most once within a few hours. A time
 * skipped by a spring-forward change lands an hour later, as clocks do.
 */
export function zonedTime(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  let guess = asUtc - offsetMs(asUtc, timeZone);
  guess = asUtc - offsetMs(guess, timeZone);
  return guess;
}

/** Midnight that starts the local day containing `ms`. */
export function startOfLocalDay(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return zonedTime(p.year, p.month, p.day, 0, 0, timeZone);
}

/** The next local midnight after `ms`. */
export function startOfNextLocalDay(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  // Noon avoids landing on a missing or doubled hour when stepping one day forward.
  const tomorrow = localParts(zonedTime(p.year, p.month, p.day, 12, 0, timeZone) + 24 * 3_600_000, timeZone);
  return zonedTime(tomorrow.year, tomorrow.month, tomorrow.day, 0, 0, timeZone);
}

/** The offset of `timeZone` from UTC at `ms`, in milliseconds (east positive). */
function offsetMs(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(ms / 1000) * 1000;
}
