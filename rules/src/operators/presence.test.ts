import { describe, expect, it } from 'vitest';
import { isAbsent, isPresent } from './presence.ts';

describe('presence operators', () => {
  it('tell missing, null, empty text and empty lists from values', () => {
    for (const v of [undefined, null, '', []]) {
      expect(isPresent.evaluate(v, null)).toBe(false);
      expect(isAbsent.evaluate(v, null)).toBe(true);
    }
    for (const v of ['US', 0, false, ['vip']]) {
      expect(isPresent.evaluate(v, null)).toBe(true);
      expect(isAbsent.evaluate(v, null)).toBe(false);
    }
  });
});
