import { describe, expect, it } from 'vitest';
import { primarySecondaryFailover } from '../templates/primary-secondary-failover.ts';
import { CompiledFlowCache } from './flow-cache.ts';

describe('CompiledFlowCache', () => {
  it('compiles a version once and keeps the most recently used', () => {
    const cache = new CompiledFlowCache({ max: 2 });
    const v1 = { ...primarySecondaryFailover.build(['a', 'b']), version: 1 };
    const first = cache.get(v1);
    expect(cache.get(structuredClone(v1))).toBe(first);
    expect(first.version).toBe(1);
    const v2 = cache.get({ ...v1, version: 2 });
    expect(v2).not.toBe(first);
    cache.get(v1);
    cache.get({ ...v1, version: 3 });
    expect(cache.size).toBe(2);
    // v2 was the least recently used: compiled again.
    expect(cache.get({ ...v1, version: 2 })).not.toBe(v2);
  });
});
