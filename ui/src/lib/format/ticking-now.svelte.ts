/**
 * @module The current time as reactive state that moves every few seconds, so "2 min ago" stays true on a
 * page left open. One timer serves every component that asks, and stops when the last one is gone.
 */
const TICK_MS = 15_000;

const clock = $state({ value: Date.now() });
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/** Call while a component initialises. */
export function tickingNow(): { readonly value: number } {
  $effect(() => {
    if (users++ === 0) {
      clock.value = Date.now();
      timer = setInterval(() => (clock.value = Date.now()), TICK_MS);
    }
    return () => {
      if (--users === 0) clearInterval(timer);
    };
  });
  return {
    get value() {
      // Read the state either way so the caller re-renders on ticks; with no timer running (on the
      // server, or before the first effect) the clock may be stale, so answer the real time.
      const ticked = clock.value;
      return users > 0 ? ticked : Date.now();
    },
  };
}
