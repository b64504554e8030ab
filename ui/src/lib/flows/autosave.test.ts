import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave, type AutosaveState } from './autosave.ts';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Autosave', () => {
  it('saves once, a moment after the last edit', async () => {
    const saved: number[] = [];
    const a = new Autosave<number>({ save: async (v) => void saved.push(v), delayMs: 800 });
    a.schedule(1);
    await vi.advanceTimersByTimeAsync(500);
    a.schedule(2);
    await vi.advanceTimersByTimeAsync(799);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual([2]);
    expect(a.state.status).toBe('saved');
    expect(a.dirty).toBe(false);
  });

  it('saves an edit made during a save right after it, one save at a time', async () => {
    const calls: number[] = [];
    let release: () => void = () => undefined;
    const a = new Autosave<number>({
      save: (v) => {
        calls.push(v);
        return new Promise<void>((r) => (release = r));
      },
      delayMs: 10,
    });
    a.schedule(1);
    await vi.advanceTimersByTimeAsync(10);
    a.schedule(2);
    await vi.advanceTimersByTimeAsync(50);
    expect(calls).toEqual([1]);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([1, 2]);
    release();
    await a.flush();
    expect(a.dirty).toBe(false);
  });

  it('reports a failed save and tries again later with the newest value', async () => {
    const states: AutosaveState['status'][] = [];
    let fail = true;
    const saved: number[] = [];
    const a = new Autosave<number>({
      save: async (v) => {
        if (fail) throw new Error('hub down');
        saved.push(v);
      },
      delayMs: 10,
      retryMs: 1000,
      onChange: (s) => states.push(s.status),
    });
    a.schedule(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(a.state).toEqual({ status: 'error', message: 'hub down' });
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual([1]);
    expect(states).toEqual(['pending', 'saving', 'error', 'saving', 'saved']);
  });

  it('flush saves what is pending now', async () => {
    const saved: number[] = [];
    const a = new Autosave<number>({ save: async (v) => void saved.push(v), delayMs: 60_000 });
    a.schedule(7);
    await a.flush();
    expect(saved).toEqual([7]);
  });
});
