/**
 * @module `coalesce`: runs a task once for a burst of triggers. It waits for a short lull, but never longer
 * than `maxWaitMs` after the first trigger, so a steady stream of events still refreshes the page; and
 * it never runs the task twice at once (a trigger during a run schedules one more run).
 */
export interface Coalesced {
  trigger(): void;
  cancel(): void;
}

/**
 * @example
 * const refresh = coalesce(() => invalidate('dropline:orders'), { quietMs: 400, maxWaitMs: 1500 });
 * source.onmessage = () => refresh.trigger();
 */
export function coalesce(task: () => Promise<unknown> | void, opts: { quietMs: number; maxWaitMs: number }): Coalesced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstAt = 0;
  let running = false;
  let again = false;
  let cancelled = false;

  const run = async () => {
    timer = undefined;
    firstAt = 0;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await task();
    } finally {
      running = false;
      if (again && !cancelled) {
        again = false;
        trigger();
      }
    }
  };

  function trigger() {
    if (cancelled) return;
    const now = Date.now();
    if (!firstAt) firstAt = now;
    clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, Math.min(opts.quietMs, firstAt + opts.maxWaitMs - now)));
  }

  return {
    trigger,
    cancel() {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}
