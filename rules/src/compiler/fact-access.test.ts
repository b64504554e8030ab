import { describe, expect, it } from 'vitest';
import { pathGetter, resolvePath } from './fact-access.ts';

describe('fact paths', () => {
  const order = { shippingAddress: { country: 'US', geo: { lat: 1 } }, tags: ['a'], total: '5' };

  it('resolves dotted paths, undefined as soon as a step is missing', () => {
    expect(resolvePath(order, 'shippingAddress.country')).toBe('US');
    expect(resolvePath(order, 'shippingAddress.geo.lat')).toBe(1);
    expect(resolvePath(order, 'billingAddress.country')).toBeUndefined();
    expect(resolvePath(order, 'total.length')).toBeUndefined();
    expect(resolvePath(undefined, 'a')).toBeUndefined();
  });

  it('compiled getters agree with the resolver for every path length', () => {
    for (const path of ['total', 'shippingAddress.country', 'shippingAddress.geo.lat', 'nope.nope', 'tags']) {
      expect(pathGetter(path)(order)).toEqual(resolvePath(order, path));
    }
    expect(pathGetter(undefined)(order)).toBe(order);
  });
});
