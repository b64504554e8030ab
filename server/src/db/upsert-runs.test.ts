import { describe, expect, it } from 'vitest';
import { upsertRuns } from './upsert-runs.ts';

const runs = (rows: { k: string; s?: string }[], max = 10) => [...upsertRuns(rows, (r) => r.k, (r) => r.s ?? '', max)].map((run) => run.map((r) => r.k).join(''));

describe('upsertRuns', () => {
  it('keeps rows in order, in runs of at most `max`', () => {
    expect(runs([{ k: 'a' }, { k: 'b' }, { k: 'c' }, { k: 'd' }, { k: 'e' }], 2)).toEqual(['ab', 'cd', 'e']);
    expect(runs([])).toEqual([]);
  });

  it('starts a new run at a key seen again, so the later row is applied after the earlier', () => {
    expect(runs([{ k: 'a' }, { k: 'b' }, { k: 'a' }, { k: 'c' }, { k: 'a' }])).toEqual(['ab', 'ac', 'a']);
  });

  it('starts a new run where the columns set change', () => {
    expect(runs([{ k: 'a', s: 'price' }, { k: 'b', s: 'price' }, { k: 'c', s: 'title' }, { k: 'd', s: 'price' }])).toEqual(['ab', 'c', 'd']);
  });
});
