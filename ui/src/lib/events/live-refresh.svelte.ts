/**
 * @module `liveRefresh`: keeps a page's data current while it is open. Each canonical event from the hub's
 * stream (only the order's, when `orderId` is given) re-runs the loads that depend on `dependency`,
 * coalesced so a burst of events costs one refresh.
 */
import { invalidate } from '$app/navigation';
import { navigating } from '$app/state';
import { coalesce } from './coalesce.ts';
import { subscribeToEvents } from './live-events.ts';

/** A burst of events (one order emits several within milliseconds) settles within this. */
const QUIET_MS = 300;
/** Under a steady stream of events the page still refreshes at least this often. */
const MAX_WAIT_MS = 1_500;

export interface LiveState {
  readonly connected: boolean;
}

/**
 * Call while a component initialises; `options` is read inside an effect, so a new `orderId` (another
 * order opened in the same page) re-subscribes.
 * @example const live = liveRefresh(() => ({ dependency: 'dropline:orders' }));
 */
export function liveRefresh(options: () => { dependency: string; orderId?: string }): LiveState {
  const state = $state({ connected: false });
  $effect(() => {
    const { dependency, orderId } = options();
    const refresh = coalesce(
      () => {
        // Invalidating re-runs this page's load as a navigation of its own, which would cancel the one
        // the user just started (a click on a row while events stream in). Not dropped, though: if the
        // navigation ends on this page (the one that just mounted, say), its load may predate the event.
        if (navigating.to) {
          refresh.trigger();
          return;
        }
        return invalidate(dependency);
      },
      { quietMs: QUIET_MS, maxWaitMs: MAX_WAIT_MS },
    );
    const stop = subscribeToEvents({
      orderId,
      onEvent: () => refresh.trigger(),
      onConnection: (connected) => {
        state.connected = connected;
        // Events recorded between the page's load and this (re)connection were not streamed to us.
        if (connected) refresh.trigger();
      },
    });
    return () => {
      stop();
      refresh.cancel();
      state.connected = false;
    };
  });
  return state;
}
