/**
 * @module Waiting out a rate limit inside one job attempt.
 *
 * A 429 with a short `Retry-After` is cheaper to wait out in place than to hand back to the job queue;
 * a long one (or one that keeps coming) is thrown on, and the job runner schedules the retry no sooner
 * than `Retry-After` says. Only calls the far side refused are repeated: a 429 means nothing was done,
 * so waiting and asking again can't duplicate a fulfilment or a refund.
 */
import { UpstreamError } from './errors.ts';

export interface RateLimitOptions {
  /** Calls in all, the first included. */
  attempts?: number;
  /** Longest wait taken in place; a longer `Retry-After` goes back to the job queue. */
  maxWaitMs?: number;
  /** Wait when the 429 gives no `Retry-After`. */
  defaultWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function isRateLimited(err: unknown): err is UpstreamError {
  return err instanceof UpstreamError && err.upstreamStatus === 429;
}

export async function retryOnRateLimit<T>(call: () => Promise<T>, options: RateLimitOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!isRateLimited(err) || attempt >= attempts) throw err;
      const ms = err.retryAfterMs ?? options.defaultWaitMs ?? 1_000;
      if (ms > maxWaitMs) throw err;
      await wait(ms);
    }
  }
}
