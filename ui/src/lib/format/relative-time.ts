/** @module How long ago something happened, the way people say it ("just now", "2 min ago", "3 d ago"). */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * @example relativeTime('2026-01-01T10:00:00Z', Date.parse('2026-01-01T10:02:30Z')) // "2 min ago"
 */
export function relativeTime(iso: string, now: number): string {
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  // Clocks differ a little between the hub and the browser: a moment "in the future" is just now.
  if (ms < 45_000) return 'just now';
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / MINUTE))} min ago`;
  if (ms < DAY) return `${Math.round(ms / HOUR)} h ago`;
  if (ms < 30 * DAY) return `${Math.round(ms / DAY)} d ago`;
  return `${Math.round(ms / (30 * DAY))} mo ago`;
}
