import { describe, expect, it } from 'vitest';
import { DEFAULT_AFTER_SIGN_IN, safeNext } from './safe-next.ts';

describe('safeNext', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeNext('/orders/ord_1?x=1')).toBe('/orders/ord_1?x=1');
    expect(safeNext('/')).toBe('/');
  });

  it('refuses anything that would leave the site', () => {
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', 'orders']) {
      expect(safeNext(next)).toBe(DEFAULT_AFTER_SIGN_IN);
    }
  });

  it('does not send a signed-in user back to the login page', () => {
    expect(safeNext('/login?next=%2F')).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeNext(null)).toBe(DEFAULT_AFTER_SIGN_IN);
  });
});
