/**
 * @module SQLite: the checkpoint after a long feed's transaction runs in a worker thread, not in the
 * thread that committed it.
 *
 * A long feed's one transaction puts some 30,000 pages (150 MB for 5% of a million items changed) into
 * the WAL. With SQLite's automatic checkpoint the COMMIT that wrote them then copies them all into the
 * database file and fsyncs it, on the hub's only database thread: about half a second in which the hub
 * answers nothing and no other write starts. The feed is durable once its COMMIT has fsynced the WAL
 * (`synchronous=FULL`), so the copy can wait: while a feed writes, its connection's automatic
 * checkpoint is off, and once the feed has committed a worker (wal-checkpoint-worker.mjs) checkpoints
 * on a connection of its own, on the other core, while the hub goes on (PASSIVE: it never blocks a
 * writer, and writers never wait for it). The automatic checkpoint comes back once it is done. The hub
 * does this in production, not only in the benchmark; the benchmark reports how long it ran after the
 * feed returned (`checkpointMs`).
 *
 * If the hub stops before the worker is done, nothing is lost: the WAL is complete, and SQLite
 * checkpoints it at the next open or commit. Readers meanwhile read the pages from the WAL, as they
 * would between any commit and its checkpoint.
 */
import { Worker } from 'node:worker_threads';
import type { Database } from '../db/database.ts';

const WORKER = new URL('./wal-checkpoint-worker.mjs', import.meta.url);

export interface CheckpointOutcome {
  /** The worker's time for the checkpoint(s) since the last `idle()`. */
  ms: number;
  /** Frames in the WAL, and copied into the database file, at the last checkpoint (-1 when it failed). */
  log: number;
  checkpointed: number;
}

type Reply = { ms?: number; log?: number; checkpointed?: number; error?: string };

interface SqliteClient {
  name: string;
  open: boolean;
  memory: boolean;
  pragma(source: string, options?: { simple: boolean }): unknown;
}

export class WalCheckpointer {
  static readonly #of = new WeakMap<object, WalCheckpointer>();

  /** The checkpointer of a SQLite file database; undefined for PostgreSQL and in-memory or temporary SQLite. */
  static of(db: Database): WalCheckpointer | undefined {
    const native = db.native;
    if (native.dialect !== 'sqlite') return undefined;
    const client = native.client as unknown as SqliteClient;
    // Another connection can't open an in-memory or temporary database.
    if (client.memory || !client.name) return undefined;
    let c = WalCheckpointer.#of.get(client);
    if (!c) WalCheckpointer.#of.set(client, (c = new WalCheckpointer(client)));
    return c;
  }

  #holders = 0;
  /** The connection's `wal_autocheckpoint` before the first hold. */
  #before: number | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #outcome: CheckpointOutcome = { ms: 0, log: 0, checkpointed: 0 };

  private constructor(private readonly client: SqliteClient) {}

  /**
   * Turns the connection's automatic checkpoint off until the returned function is called and the
   * checkpoint started by `checkpoint()` (if any) is done.
   */
  hold(): () => void {
    if (this.#holders++ === 0 && !this.#running && this.#before === undefined) {
      this.#before = Number(this.client.pragma('wal_autocheckpoint', { simple: true }));
      this.client.pragma('wal_autocheckpoint = 0');
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holders--;
      this.#restore();
    };
  }

  /** Checkpoints in the worker now, or once more after the checkpoint under way. */
  checkpoint(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#run().finally(() => {
      this.#running = undefined;
      this.#restore();
    });
  }

  /** Resolves once no checkpoint is under way, with what the ones since the last call did. */
  async idle(): Promise<CheckpointOutcome> {
    while (this.#running) await this.#running;
    const out = this.#outcome;
    this.#outcome = { ms: 0, log: 0, checkpointed: 0 };
    return out;
  }

  async #run(): Promise<void> {
    // It allocates next to nothing: a small young generation keeps its resident memory small too.
    const worker = new Worker(WORKER, { workerData: { file: this.client.name }, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 2 } });
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    let answer: { resolve: (m: Reply) => void; reject: (err: unknown) => void } | undefined;
    worker.on('message', (m: Reply) => answer?.resolve(m));
    // Fails the checkpoint under way; one that fails (the file went away, an I/O error) leaves the WAL to the automatic one.
    worker.on('error', (err) => answer?.reject(err));
    void exited.then(() => answer?.reject(new Error('the checkpoint worker stopped')));
    try {
      do {
        this.#again = false;
        const reply = await new Promise<Reply>((resolve, reject) => {
          answer = { resolve, reject };
          worker.postMessage('checkpoint');
        });
        this.#outcome = { ms: this.#outcome.ms + (reply.ms ?? 0), log: reply.log ?? -1, checkpointed: reply.checkpointed ?? -1 };
      } while (this.#again);
    } catch {
      this.#outcome = { ...this.#outcome, log: -1, checkpointed: -1 };
    } finally {
      answer = undefined;
      worker.postMessage('close');
      await exited;
    }
  }

  /** Gives the connection its automatic checkpoint back once nobody holds it off and none runs here. */
  #restore(): void {
    if (this.#holders > 0 || this.#running || this.#before === undefined) return;
    if (this.client.open) this.client.pragma(`wal_autocheckpoint = ${this.#before}`);
    this.#before = undefined;
  }
}
