/**
 * @module Group commit for SQLite: write transactions that arrive together share one BEGIN … COMMIT
 * (one fsync), each inside its own SAVEPOINT so one failing rolls back alone.
 *
 * A caller's promise settles only after the shared COMMIT, so nobody answers 2xx for a write that isn't
 * on disk yet. Batches start from `setImmediate`, which lets the event loop read sockets between them
 * instead of handing the lock from one waiter to the next in an unbroken chain of microtasks.
 */

interface Pending<T> {
  fn: () => Promise<T>;
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitDriver {
  exec(sql: string): void;
  inTransaction(): boolean;
}

export class GroupCommit {
  readonly #queue: Pending<any>[] = [];
  #scheduled = false;
  #closed = false;

  constructor(
    private readonly driver: GroupCommitDriver,
    /** Upper bound on one batch, so a flood of writers still sees commits at a steady pace. */
    private readonly maxBatch = 256,
  ) {}

  run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('database is closed'));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve, reject });
      this.#schedule();
    });
  }

  /** Waits for queued work, then refuses more. */
  async close(): Promise<void> {
    await this.run(async () => undefined).catch(() => undefined);
    this.#closed = true;
  }

  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    const batch = this.#queue.splice(0, this.maxBatch);
    // A transaction alone in its batch needs no savepoint: rolling back the whole transaction undoes
    // exactly it. Inside a savepoint SQLite first copies every page the transaction changes to a
    // sub-journal (a temporary file), which for a large transaction (an inventory feed's: some 30,000
    // pages) is a second write of everything it writes.
    const alone = batch.length === 1;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; err: unknown })[] = [];
    try {
      this.driver.exec('BEGIN IMMEDIATE');
      for (const item of batch) {
        if (!alone) this.driver.exec('SAVEPOINT dropline_tx');
        try {
          const value = await item.fn();
          if (!alone) this.driver.exec('RELEASE dropline_tx');
          outcomes.push({ ok: true, value });
        } catch (err) {
          if (!alone) {
            this.driver.exec('ROLLBACK TO dropline_tx');
            this.driver.exec('RELEASE dropline_tx');
          } else if (this.driver.inTransaction()) this.driver.exec('ROLLBACK');
          outcomes.push({ ok: false, err });
        }
      }
      if (!alone || outcomes[0]!.ok) this.driver.exec('COMMIT');
    } catch (err) {
      // BEGIN or COMMIT failed (disk full, I/O error): nothing of the batch is durable.
      if (this.driver.inTransaction()) this.driver.exec('ROLLBACK');
      for (const item of batch) item.reject(err);
      this.#next();
      return;
    }
    batch.forEach((item, i) => {
      const o = outcomes[i]!;
      if (o.ok) item.resolve(o.value);
      else item.reject(o.err);
    });
    this.#next();
  }

  #next() {
    this.#scheduled = false;
    if (this.#queue.length > 0) this.#schedule();
  }
}
