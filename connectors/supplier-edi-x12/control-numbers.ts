/**
 * @module Interchange, group and transaction-set control numbers: persisted per connector and handed
 * out once each, across retries, restarts and hub processes (one atomic state update per envelope).
 *
 * A number is taken before the file is written, so a crash after writing can't hand it out again; a
 * crash before writing only leaves a gap, which X12 allows.
 */
import type { ConnectorState } from '../sdk/actions.ts';
import { updateState } from '../sdk/update-state.ts';
import type { ControlNumbers } from './x12.ts';

const KEY = 'x12:control-numbers';
/** ISA13 has nine digits; ST02 is kept to nine as well. */
const MAX = 999_999_999;

interface Counters {
  interchange: number;
  group: number;
  set: number;
}

export async function nextControlNumbers(state: ConnectorState, sets: number): Promise<ControlNumbers> {
  const next = await updateState<Counters>(state, KEY, (c) => {
    const cur = c ?? { interchange: 0, group: 0, set: 0 };
    if (cur.interchange >= MAX || cur.set + sets > MAX) throw new RangeError('X12 control numbers are exhausted for this connector');
    return { interchange: cur.interchange + 1, group: cur.group + 1, set: cur.set + sets };
  });
  return { interchange: next.interchange, group: next.group, sets: Array.from({ length: sets }, (_, i) => next.set - sets + 1 + i) };
}
