/** @module ISO 8601 timestamps, always stored in UTC with a `Z`. */
import { z } from 'zod';

/**
 * Accepts any ISO 8601 date-time with an offset ("2008-01-10T11:00:00-05:00") and normalises it to UTC
 * ("2008-01-10T16:00:00.000Z"), so that sorting strings sorts instants.
 */
export const UtcTimestampSchema = z
  .string()
  .transform((s, ctx) => {
    const iso = toUtcIso(s);
    if (iso === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected an ISO 8601 date-time with a time zone, got ${JSON.stringify(s)}` });
      return z.NEVER;
    }
    return iso;
  })
  .meta({ title: 'Time', type: 'string', format: 'date-time' });

// A date-time with an explicit zone; a bare local time would be ambiguous.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

export function toUtcIso(input: string): string | undefined {
  if (!ISO_WITH_ZONE.test(input.trim())) return undefined;
  const ms = Date.parse(input.trim().replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * When every one of several dated things will have happened: the latest instant (epoch ms) as ISO 8601
 * UTC, or undefined when any of them has no date (then nobody can say). A backorder of several lines is
 * whole again only when its last line is back.
 */
export function latestOfAll(instants: readonly (number | undefined)[]): string | undefined {
  if (instants.length === 0 || instants.some((t) => t === undefined || Number.isNaN(t))) return undefined;
  return new Date(Math.max(...(instants as number[]))).toISOString();
}
