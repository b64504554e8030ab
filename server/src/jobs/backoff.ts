/**
 * @module Retry schedule for failed jobs: exponential with "equal jitter".
 *
 * Attempt n waits between half and all of min(cap, base·2^(n-1)): with the defaults 1–2 s, 2–4 s, 4–8 s, …,
 * 256–512 s before the tenth attempt (≈ 17 min of trying in all), then the job is dead-lettered. The
 * jitter spreads retries of jobs that failed together (a supplier outage) so they don't return together.
 * A `Retry-After` from upstream is honoured when it asks for longer.
 */

export const DEFAULT_MAX_ATTEMPTS = 10;
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 60 * 60 * 1000;

export function retryDelayMs(
  attempt: number,
  options: { baseMs?: number; capMs?: number; retryAfterMs?: number; random?: () => number } = {},
): number {
  const base = options.baseMs ?? BACKOFF_BASE_MS;
  const cap = options.capMs ?? BACKOFF_CAP_MS;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + (options.random ?? Math.random)() * (ceiling / 2));
  return Math.max(jittered, options.retryAfterMs ?? 0);
}
