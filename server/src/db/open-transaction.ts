/**
 * @module A transaction held open while its work arrives piece by piece: each step runs in it in
 * order, and all of them commit together, or none.
 *
 * For work that can start before all of it is known: a long inventory feed on PostgreSQL writes its
 * stock while the rest of the file is still being parsed, so the database server works on the other core
 * meanwhile instead of after. The caller is held back while a step waits behind the one running, so
 * what waits to be written stays bounded.
 */
import type { Database, Queryable } from './database.ts';

export type Step = (tx: Queryable) => Promise<void>;

interface Settle {
  resolve(): void;
  reject(err: unknown): void;
}

export interface OpenTransaction {
  /** Queues `step`; resolves once the step before it is done (one runs, one waits). Rejects once the transaction failed. */
  run(step: Step): Promise<void>;
  /** Runs `last` (if given) after every queued step, then commits; rejects (rolled back) if any step failed. */
  commit(last?: Step): Promise<void>;
  /** Rolls back whatever ran; the queued steps don't run. */
  rollback(reason: unknown): Promise<void>;
}

/**
 * Opens the transaction at once. `around` wraps the steps inside it (work the transaction begins and
 * ends with); it must call `steps` once.
 */
export function openTransaction(db: Database, around: (tx: Queryable, steps: () => Promise<void>) => Promise<void> = (_, steps) => steps()): OpenTransaction {
  const queue: { step: Step; done: Settle }[] = [];
  let previous: Promise<void> = Promise.resolve();
  let closing = false;
  let wake: (() => void) | undefined;
  const nudge = () => {
    wake?.();
    wake = undefined;
  };
  const committed = db.transaction((tx) =>
    around(tx, async () => {
      for (;;) {
        const next = queue.shift();
        if (next) {
          try {
            await next.step(tx);
            next.done.resolve();
          } catch (err) {
            next.done.reject(err);
            throw err;
          }
          continue;
        }
        if (closing) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }),
  );
  let failure: { err: unknown } | undefined;
  // Steps still queued when it failed never run: their callers hear of the failure instead.
  committed.catch((err) => {
    failure = { err };
    for (const q of queue.splice(0)) q.done.reject(err);
  });

  const enqueue = (step: Step): Promise<void> => {
    if (failure) {
      // Refused: kept as the step before the next one, which may never come; so handled here too.
      const refused = Promise.reject(failure.err);
      refused.catch(() => undefined);
      return refused;
    }
    let done!: Settle;
    const promise = new Promise<void>((resolve, reject) => (done = { resolve, reject }));
    // Awaited by whoever waits on it, or by commit; never left unhandled here.
    promise.catch(() => undefined);
    queue.push({ step, done });
    nudge();
    return promise;
  };

  return {
    async run(step) {
      const before = previous;
      previous = enqueue(step);
      await before;
    },
    async commit(last) {
      if (last) void enqueue(last);
      closing = true;
      nudge();
      await committed;
    },
    async rollback(reason) {
      if (failure) return;
      for (const q of queue.splice(0)) q.done.reject(reason);
      void enqueue(() => Promise.reject(reason));
      closing = true;
      nudge();
      await committed.catch(() => undefined);
    },
  };
}
