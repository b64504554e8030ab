/**
 * @module Where a feed's ingest spends its time, phase by phase: opt-in (the benchmark passes one), so
 * the answer to "what is slow" is measured in the run that is slow rather than guessed.
 *
 * Times are wall milliseconds summed over the phase's occurrences. Phases overlap: the worker parses
 * while this thread reads the snapshot, filters or writes, so the sum is not the feed's time. "Wait" phases are this thread idle:
 * `parseWait` for the worker's next rows, `snapshotWait` for the snapshot. `write` is the
 * transactions' whole time, of which `sort` (of the held rows), `stock`, `costs`, `claim` and `enqueue`
 * (the statements, and `available`) happen inside, and `commit` is the rest: COMMIT with its fsync and, on SQLite, the
 * checkpoint it may run and the wait for its turn in the group commit.
 */
export type FeedPhase =
  | 'parseWait'
  | 'snapshot'
  | 'snapshotWait'
  | 'filter'
  | 'write'
  | 'sort'
  | 'stock'
  | 'costs'
  | 'claim'
  /** PostgreSQL, claiming in a second transaction: the stock available behind the changed items, read in the first. */
  | 'available'
  | 'enqueue'
  | 'commit'
  /** Writing the stock digest the next feed reads (inside 'finish'). */
  | 'digest'
  | 'finish';

export class FeedProfile {
  readonly ms: Partial<Record<FeedPhase, number>> = {};
  /** Transactions written, and rows sent to them. */
  batches = 0;
  batchRows = 0;

  add(phase: FeedPhase, ms: number): void {
    this.ms[phase] = (this.ms[phase] ?? 0) + ms;
  }

  async time<T>(phase: FeedPhase, fn: () => Promise<T> | T): Promise<T> {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      this.add(phase, performance.now() - t);
    }
  }

  toJSON(): { batches: number; batchRows: number; ms: Partial<Record<FeedPhase, number>> } {
    return { batches: this.batches, batchRows: this.batchRows, ms: Object.fromEntries(Object.entries(this.ms).map(([k, v]) => [k, Math.round(v)])) };
  }
}
