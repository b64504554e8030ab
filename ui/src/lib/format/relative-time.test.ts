import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time.ts';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('relativeTime', () => {
  it('says it the way people do', () => {
    expect(relativeTime(ago(10_000), NOW)).toBe('just now');
    expect(relativeTime(ago(150_000), NOW)).toBe('3 min ago');
    expect(relativeTime(ago(3 * 3_600_000), NOW)).toBe('3 h ago');
    expect(relativeTime(ago(2 * 86_400_000), NOW)).toBe('2 d ago');
  });

  it('treats a moment slightly in the future (clock skew) as just now', () => {
    expect(relativeTime(ago(-5_000), NOW)).toBe('just now');
  });
});
