import { describe, expect, it } from 'vitest';
import { onDemand } from './on-demand.ts';

describe('onDemand', () => {
  it('loads once however often it is asked, and has the value at hand afterwards', async () => {
    let loads = 0;
    const part = onDemand(async () => ++loads);
    expect(part.loaded()).toBeUndefined();
    const [a, b] = await Promise.all([part.load(), part.load()]);
    expect([a, b, loads, part.loaded()]).toEqual([1, 1, 1, 1]);
    expect(await part.load()).toBe(1);
  });

  it('tries again after a failed load', async () => {
    let loads = 0;
    const part = onDemand(async () => {
      if (++loads === 1) throw new Error('offline');
      return 'ready';
    });
    await expect(part.load()).rejects.toThrow('offline');
    expect(part.loaded()).toBeUndefined();
    expect(await part.load()).toBe('ready');
    expect(loads).toBe(2);
  });
});
