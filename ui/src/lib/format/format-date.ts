/**
 * @module Absolute dates and times for display.
 *
 * `timeZone` is `'UTC'` wherever the text must be the same on the server and in the browser (server
 * rendering, hydration, the script-free tracking page); `<LocalTime>` switches to the viewer's zone once
 * the page is live.
 */
import { LOCALE } from './locale.ts';

export type DateStyle = 'datetime' | 'moment' | 'date';

const OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  datetime: { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  moment: { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' },
  date: { weekday: 'short', month: 'short', day: 'numeric' },
};

/**
 * @example formatDate('2026-11-24T22:14:02.855Z', 'datetime', 'UTC') // "Nov 24, 2026, 10:14 PM UTC"
 * @example formatDate('2026-11-24T22:14:02.855Z', 'moment', 'UTC') // "Nov 24, 10:14:02 PM"
 * @example formatDate('2026-11-27T22:14:07Z', 'date', 'UTC') // "Fri, Nov 27"
 */
export function formatDate(iso: string | null | undefined, style: DateStyle, timeZone?: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return new Intl.DateTimeFormat(LOCALE, { ...OPTIONS[style], timeZone }).format(ms);
}
