import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from './coalesce.ts';

describe('coalesce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once for a burst, after a lull', async () => {
    const task = vi.fn();
    const c = coalesce(task, { quietMs: 100, maxWaitMs: 1_000 });
    c.trigger();
    await vi.advanceTimersByTimeAsync(50);
    c.trigger();
    await vi.advanceTimersByTimeAsync(99);
    expect(task).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('still runs under a steady stream of triggers, at most maxWaitMs after the first', async () => {
    const task = vi.fn();
    const c = coalesce(task, { quietMs: 100, maxWaitMs: 300 });
    for (let i = 0; i < 10; i++) {
      c.trigger();
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(task.mock.calls.length).toBeGreaterThanOrEqual(1);
  });

  it('never runs twice at once: a trigger during a run schedules one more', async () => {
    let release: () => void = () => undefined;
    let running = 0;
    let overlapped = false;
    const task = vi.fn(async () => {
      running++;
      overlapped ||= running > 1;
      await new Promise<void>((resolve) => (release = resolve));
      running--;
    });
    const c = coalesce(task, { quietMs: 10, maxWaitMs: 50 });
    c.trigger();
    await vi.advanceTimersByTimeAsync(10);
    c.trigger();
    await vi.advanceTimersByTimeAsync(10);
    expect(task).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect(task).toHaveBeenCalledTimes(2);
    release();
    expect(overlapped).toBe(false);
  });

  it('does nothing after cancel', async () => {
    const task = vi.fn();
    const c = coalesce(task, { quietMs: 10, maxWaitMs: 50 });
    c.trigger();
    c.cancel();
    c.trigger();
    await vi.advanceTimersByTimeAsync(100);
    expect(task).not.toHaveBeenCalled();
  });
});
