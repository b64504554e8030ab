/**
 * @module Autosave of the draft: a save runs a moment after the last edit (debounced), one at a time; edits
 * made while a save is in flight are saved right after it. A failed save is retried, and `flush` saves
 * whatever is pending now (before publishing, or leaving the page).
 *
 * @example
 * ```ts
 * const autosave = new Autosave({ save: (flow) => api.saveDraft(id, flow), delayMs: 800, onChange: (s) => (status = s) });
 * autosave.schedule(flow); // … saved 800 ms after the last call
 * ```
 */
export type AutosaveState = { status: 'saved'; at: number | null } | { status: 'pending' } | { status: 'saving' } | { status: 'error'; message: string };

export interface AutosaveOptions<T> {
  save(value: T): Promise<unknown>;
  delayMs: number;
  /** After a failure, the next attempt comes this much later. */
  retryMs?: number;
  onChange?(state: AutosaveState): void;
  now?(): number;
}

export class Autosave<T> {
  readonly #options: AutosaveOptions<T>;
  #pending: { value: T } | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: Promise<void> | undefined;
  #state: AutosaveState = { status: 'saved', at: null };

  constructor(options: AutosaveOptions<T>) {
    this.#options = options;
  }

  get state(): AutosaveState {
    return this.#state;
  }

  /** Whether something is not saved yet (pending, in flight, or failed). */
  get dirty(): boolean {
    return this.#pending !== undefined || this.#inFlight !== undefined;
  }

  schedule(value: T): void {
    this.#pending = { value };
    this.#set({ status: 'pending' });
    this.#arm(this.#options.delayMs);
  }

  /** Saves what is pending now and waits for every save to finish; rejects if the last one failed. */
  async flush(): Promise<void> {
    this.#disarm();
    while (this.#inFlight || this.#pending) {
      if (this.#inFlight) await this.#inFlight;
      else await this.#run();
      if (this.#state.status === 'error') throw new Error(this.#state.message);
    }
  }

  /** Stops timers (the page is going away); nothing more is saved. */
  dispose(): void {
    this.#disarm();
  }

  #arm(ms: number): void {
    this.#disarm();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (!this.#inFlight) void this.#run();
    }, ms);
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #run(): Promise<void> {
    const pending = this.#pending;
    if (!pending) return Promise.resolve();
    this.#pending = undefined;
    this.#set({ status: 'saving' });
    const attempt = (async () => {
      try {
        await this.#options.save(pending.value);
        if (this.#pending) {
          this.#set({ status: 'pending' });
          this.#arm(0);
        } else {
          this.#set({ status: 'saved', at: (this.#options.now ?? Date.now)() });
        }
      } catch (err) {
        // Keep the newest value: an edit made during the failed save wins over the one that failed.
        this.#pending ??= pending;
        this.#set({ status: 'error', message: (err as Error).message || 'saving failed' });
        this.#arm(this.#options.retryMs ?? 5_000);
      } finally {
        this.#inFlight = undefined;
      }
    })();
    this.#inFlight = attempt;
    return attempt;
  }

  #set(state: AutosaveState): void {
    this.#state = state;
    this.#options.onChange?.(state);
  }
}
