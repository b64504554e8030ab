/**
 * @module Group commit for PostgreSQL's hot inserts: calls that arrive while earlier ones are being
 * written are gathered and written together, as one statement and one commit.
 *
 * On PostgreSQL every commit waits for its WAL to reach the disk, and under a burst of webhooks the
 * backends queue on that flush (pg_stat_activity shows them in `LWLock:WALWrite` and `IO:WALSync`).
 * Gathering turns N commits into one without waiting on a timer: a lone call starts at once, and only
 * calls that arrive while `maxInFlight` batches are already being written wait, for the next batch.
 * Every caller's promise settles after its batch's commit, so nothing is answered before it is durable.
 *
 * One bad item must not fail the others: when a batch of several fails, each of its items is tried
 * again alone, and only the one that fails alone gets the error.
 */

export interface StatementBatcherOptions {
  /** Items in one batch at most. */
  maxBatch: number;
  /** Batches being written at once (each holds a pooled connection). */
  maxInFlight: number;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

export class StatementBatcher<I, O> {
  readonly #queue: Waiting<I, O>[] = [];
  #inFlight = 0;
  #scheduled = false;

  /** `write` stores the items in one atomic statement and answers one result per item, in order. */
  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly options: StatementBatcherOptions,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.options.maxInFlight || this.#queue.length === 0) return;
    this.#scheduled = true;
    // One turn of the event loop first, so requests whose bodies were read in the same turn share a batch.
    setImmediate(() => {
      this.#scheduled = false;
      while (this.#inFlight < this.options.maxInFlight && this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.options.maxBatch);
        this.#inFlight++;
        void this.#flush(batch).finally(() => {
          this.#inFlight--;
          this.#schedule();
        });
      }
    });
  }

  async #flush(batch: Waiting<I, O>[]): Promise<void> {
    try {
      const results = await this.write(batch.map((w) => w.item));
      if (results.length !== batch.length) throw new Error(`batch write answered ${results.length} results for ${batch.length} items`);
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      // The statement is atomic: nothing of the batch was stored. Each item on its own now.
      await Promise.all(batch.map((w) => this.#flush([w])));
    }
  }
}
