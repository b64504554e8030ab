/**
 * @module Undo and redo over whole snapshots of the draft. Edits share unchanged nodes with the snapshot
 * before them (see flow-commands.ts), so a long history costs little. Typing in one field is one step:
 * edits with the same `coalesce` key in a row replace the top snapshot instead of adding one.
 *
 * @example
 * ```ts
 * const h = new History(flow);
 * h.push(moved, 'Move');
 * h.undo(); // flow
 * h.redo(); // moved
 * ```
 */
export interface HistoryEntry<T> {
  state: T;
  label: string;
  coalesce?: string;
}

export class History<T> {
  #past: HistoryEntry<T>[] = [];
  #present: HistoryEntry<T>;
  #future: HistoryEntry<T>[] = [];
  readonly #limit: number;

  constructor(initial: T, limit = 200) {
    this.#present = { state: initial, label: 'Open' };
    this.#limit = limit;
  }

  get present(): T {
    return this.#present.state;
  }

  get canUndo(): boolean {
    return this.#past.length > 0;
  }

  get canRedo(): boolean {
    return this.#future.length > 0;
  }

  /** What undo would take back ("Connect", "Edit Reason"). */
  get undoLabel(): string | undefined {
    return this.#past.length ? this.#present.label : undefined;
  }

  get redoLabel(): string | undefined {
    return this.#future.at(-1)?.label;
  }

  /** Records a new state; the same state again records nothing. */
  push(state: T, label: string, coalesce?: string): void {
    if (state === this.#present.state) return;
    this.#future = [];
    if (coalesce !== undefined && coalesce === this.#present.coalesce && this.#past.length > 0) {
      this.#present = { state, label, coalesce };
      return;
    }
    this.#past.push(this.#present);
    if (this.#past.length > this.#limit) this.#past.shift();
    this.#present = { state, label, ...(coalesce !== undefined ? { coalesce } : {}) };
  }

  /** Ends a run of coalescing edits, so the next edit of the same field is its own step. */
  seal(): void {
    if (this.#present.coalesce === undefined) return;
    const { coalesce: _, ...rest } = this.#present;
    this.#present = rest;
  }

  undo(): T | undefined {
    const previous = this.#past.pop();
    if (!previous) return undefined;
    this.#future.push({ state: this.#present.state, label: this.#present.label });
    this.#present = { state: previous.state, label: previous.label };
    return previous.state;
  }

  redo(): T | undefined {
    const next = this.#future.pop();
    if (!next) return undefined;
    this.#past.push(this.#present);
    this.#present = next;
    return next.state;
  }

  /** Starts over from `state` (a rollback reloaded the draft from the hub). */
  reset(state: T): void {
    this.#past = [];
    this.#future = [];
    this.#present = { state, label: 'Open' };
  }
}
