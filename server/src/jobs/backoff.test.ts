import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.ts';

describe('retryDelayMs', () => {
  it('doubles per attempt, between half and all of the ceiling', () => {
    expect(retryDelayMs(1, { random: () => 0 })).toBe(1_000);
    expect(retryDelayMs(1, { random: () => 1 })).toBe(2_000);
    expect(retryDelayMs(4, { random: () => 0 })).toBe(8_000);
    expect(retryDelayMs(4, { random: () => 1 })).toBe(16_000);
  });

  it('stops growing at the cap', () => {
    expect(retryDelayMs(40, { random: () => 1 })).toBe(3_600_000);
  });

  it('waits at least as long as upstream asked with Retry-After', () => {
    expect(retryDelayMs(1, { random: () => 0, retryAfterMs: 30_000 })).toBe(30_000);
    expect(retryDelayMs(8, { random: () => 0, retryAfterMs: 5 })).toBe(128_000);
  });
});
