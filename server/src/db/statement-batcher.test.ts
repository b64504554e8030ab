import { describe, expect, it } from 'vitest';
import { StatementBatcher } from './statement-batcher.ts';

/** A writer that records each batch it was given and answers when told to. */
function recordingWriter() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const write = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((r) => gates.push(r));
    if (items.includes(13)) throw new Error('13 is refused');
    return items.map((i) => i * 10);
  };
  const openAll = async () => {
    for (let n = 0; n < 50; n++) {
      gates.splice(0).forEach((g) => g());
      await new Promise((r) => setImmediate(r));
    }
  };
  return { batches, write, openAll };
}

describe('StatementBatcher', () => {
  it('starts a lone call at once, and gathers the calls that arrive while the in-flight batches are written', async () => {
    const w = recordingWriter();
    const b = new StatementBatcher(w.write, { maxBatch: 3, maxInFlight: 1 });
    const first = b.add(1);
    await new Promise((r) => setImmediate(r));
    expect(w.batches).toEqual([[1]]);
    const rest = [2, 3, 4, 5].map((i) => b.add(i));
    await new Promise((r) => setImmediate(r));
    expect(w.batches).toEqual([[1]]);
    await w.openAll();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50]);
    expect(w.batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('writes up to maxInFlight batches at once', async () => {
    const w = recordingWriter();
    const b = new StatementBatcher(w.write, { maxBatch: 2, maxInFlight: 2 });
    const all = [1, 2, 3, 4, 5, 6].map((i) => b.add(i));
    await new Promise((r) => setImmediate(r));
    expect(w.batches).toEqual([[1, 2], [3, 4]]);
    await w.openAll();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('fails only the item that fails alone when a batch of several fails', async () => {
    const w = recordingWriter();
    const b = new StatementBatcher(w.write, { maxBatch: 8, maxInFlight: 1 });
    const blocker = b.add(1);
    await new Promise((r) => setImmediate(r));
    const results = [12, 13, 14].map((i) => b.add(i).then((v) => ({ ok: v }), (e: Error) => ({ err: e.message })));
    await w.openAll();
    expect(await blocker).toBe(10);
    expect(await Promise.all(results)).toEqual([{ ok: 120 }, { err: '13 is refused' }, { ok: 140 }]);
    expect(w.batches).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
  });
});
