import { describe, expect, it } from 'vitest';
import { AddressSchema } from '../model/order.ts';
import { checkAddress } from './check-address.ts';

const address = (a: Record<string, unknown>) => AddressSchema.parse({ line1: 'Chestnut Street 92', city: 'Louisville', region: 'KY', postalCode: '40202', country: 'US', ...a });

describe('checkAddress (offline)', () => {
  it('passes a complete address', () => {
    expect(checkAddress(address({}))).toEqual({ verdict: 'deliverable', corrected: address({}), messages: [] });
  });

  it('tidies formatting and says so', () => {
    expect(checkAddress(address({ country: 'CA', region: 'on', postalCode: 'm5h2n2', city: 'Toronto' }))).toMatchObject({
      verdict: 'corrected',
      corrected: { region: 'ON', postalCode: 'M5H 2N2' },
    });
    expect(checkAddress(address({ country: 'GB', region: undefined, postalCode: 'nw16xe', city: 'London' })).corrected?.postalCode).toBe('NW1 6XE');
    expect(checkAddress(address({ postalCode: '402021234' })).corrected?.postalCode).toBe('40202-1234');
  });

  it('refuses missing parts, wrong formats, unknown regions and junk, naming each', () => {
    const r = checkAddress(address({ region: 'XX', postalCode: '4020', city: undefined }));
    expect(r.verdict).toBe('undeliverable');
    expect(r.messages).toEqual([
      'city is required for US',
      'region "XX" is not a US state or province code',
      'postal code "4020" is not in the US format',
    ]);
    expect(checkAddress(address({ line1: 'asdf' })).verdict).toBe('undeliverable');
    expect(checkAddress(address({ line1: '???' })).messages[0]).toMatch(/does not look like/);
    expect(checkAddress(address({ country: 'DE', region: undefined, postalCode: '1011', city: 'Berlin' })).verdict).toBe('undeliverable');
  });

  it('knows city-states and countries without postal codes', () => {
    expect(checkAddress(address({ country: 'SG', city: undefined, region: undefined, postalCode: undefined })).verdict).toBe('deliverable');
    expect(checkAddress(address({ country: 'AE', city: 'Dubai', region: undefined, postalCode: undefined })).verdict).toBe('deliverable');
  });
});
