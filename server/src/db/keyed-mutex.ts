/**
 * @module One holder per key within this process: callers for the same key run one after another, in
 * the order they asked; different keys don't wait for each other. Keys are dropped once nobody waits,
 * so a long-running hub doesn't keep one entry per order it ever touched.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(key) ?? Promise.resolve();
    const mine = before.then(fn, fn);
    // The tail never rejects, so a failed holder doesn't fail the next one.
    const tail = mine.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    try {
      return await mine;
    } finally {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
