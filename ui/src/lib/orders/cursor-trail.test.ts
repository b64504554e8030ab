import { describe, expect, it } from 'vitest';
import { newerHref, olderHref, pageNumber, pagePosition } from './cursor-trail.ts';

const at = (path: string) => new URL(path, 'http://console.test');

describe('cursor trail', () => {
  it('walks forward and back through pages, keeping the filter', () => {
    const first = at('/orders?status=shipped');
    expect(pageNumber(pagePosition(first))).toBe(1);
    expect(newerHref(first)).toBeUndefined();

    const second = at(olderHref(first, 'C1'));
    expect(second.searchParams.get('status')).toBe('shipped');
    expect(pageNumber(pagePosition(second))).toBe(2);

    const third = at(olderHref(second, 'C2'));
    expect(pagePosition(third)).toEqual({ cursor: 'C2', back: ['', 'C1'] });
    expect(pageNumber(pagePosition(third))).toBe(3);

    expect(newerHref(third)).toBe(`${second.pathname}${second.search}`);
    expect(newerHref(second)).toBe('/orders?status=shipped');
  });

  it('treats a trail without a cursor as the first page', () => {
    expect(pagePosition(at('/orders?back=,C1'))).toEqual({ cursor: undefined, back: [] });
  });
});
