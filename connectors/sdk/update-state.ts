/** @module Atomic read-modify-write of one connector state key, whatever the state implementation offers. */
import type { ConnectorState } from './actions.ts';

const chains = new WeakMap<ConnectorState, Map<string, Promise<unknown>>>();

/**
 * Changes `key` with `fn` as one step. The hub's state does it in one transaction (serialised across
 * processes); a state without `update` (a test's in-memory one) is serialised per key in this process.
 *
 * @example
 * ```ts
 * const n = await updateState<number>(ctx.state, 'x12:interchange', (n) => (n ?? 0) + 1);
 * ```
 */
export async function updateState<T>(state: ConnectorState, key: string, fn: (current: T | undefined) => T): Promise<T> {
  if (state.update) return state.update<T>(key, fn);
  let perKey = chains.get(state);
  if (!perKey) chains.set(state, (perKey = new Map()));
  const before = perKey.get(key) ?? Promise.resolve();
  const next = before.catch(() => undefined).then(async () => {
    const value = fn(await state.get<T>(key));
    await state.set(key, value);
    return value;
  });
  perKey.set(key, next);
  return next;
}
