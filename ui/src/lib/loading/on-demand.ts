/**
 * @module A part of the console loaded the first time it is needed (a dynamic `import()` and what is made
 * of it): asked for again, the same load; failed (the hub restarting, say), the next ask tries again
 * rather than keeping the failure for the page's lifetime.
 */
export interface OnDemand<T> {
  /** Loads it, once. */
  load(): Promise<T>;
  /** It, if it has loaded: to use at once without waiting. */
  loaded(): T | undefined;
}

export function onDemand<T>(load: () => Promise<T>): OnDemand<T> {
  let value: T | undefined;
  let loading: Promise<T> | undefined;
  return {
    load() {
      loading ??= load().then(
        (v) => (value = v),
        (err: unknown) => {
          loading = undefined;
          throw err;
        },
      );
      return loading;
    },
    loaded: () => value,
  };
}
