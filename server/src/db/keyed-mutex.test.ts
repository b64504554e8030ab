import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('KeyedMutex', () => {
  it('runs holders of one key one after another, in order, and other keys alongside', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const hold = (key: string, name: string) =>
      mutex.run(key, async () => {
        log.push(`${name} in`);
        await tick();
        log.push(`${name} out`);
        return name;
      });
    const results = await Promise.all([hold('a', 'a1'), hold('a', 'a2'), hold('b', 'b1')]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a1 out')).toBeLessThan(log.indexOf('a2 in'));
    expect(log.indexOf('b1 in')).toBeLessThan(log.indexOf('a1 out'));
  });

  it('lets the next holder run when one fails, and hands the failure to its caller', async () => {
    const mutex = new KeyedMutex();
    const failed = mutex.run('a', async () => {
      throw new Error('store down');
    });
    const next = mutex.run('a', async () => 'ran');
    await expect(failed).rejects.toThrow('store down');
    await expect(next).resolves.toBe('ran');
  });
});
