import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressSchema } from '../model/order.ts';
import type { FakeServer } from '../testing/fake-server.ts';
import { actionContextFor } from '../testing/action-context.ts';
import { lob } from './connector.ts';
import { startFakeLob } from './fake-lob.ts';

describe('lob address connector', () => {
  let fake: FakeServer;
  beforeAll(async () => {
    fake = await startFakeLob({
      apiKey: 'test_key',
      known: [
        { primaryLine: '185 berry st ste 6100', zip: '94107', standard: { primary_line: '185 BERRY ST STE 6100', city: 'SAN FRANCISCO', state: 'CA', zip_code: '94107', zip_code_plus_4: '1741' } },
        { primaryLine: '210 KING ST', zip: '94107', standard: { primary_line: '210 KING ST', city: 'SAN FRANCISCO', state: 'CA', zip_code: '94107', zip_code_plus_4: '1702' }, deliverability: 'deliverable_missing_unit' },
      ],
    });
  });
  afterAll(() => fake.close());
  const ctx = (key = 'test_key') => actionContextFor(lob, { config: { apiBaseUrl: fake.url }, secrets: { apiKey: key } });
  const validate = (a: Record<string, unknown>, key?: string) =>
    lob.actions!.validateAddress!({ address: AddressSchema.parse({ city: 'San Francisco', region: 'CA', postalCode: '94107', country: 'US', ...a }) }, ctx(key));

  it('returns the USPS-standard address as a correction', async () => {
    const r = await validate({ line1: '185 Berry St Ste 6100' });
    expect(r).toMatchObject({ verdict: 'corrected', corrected: { line1: '185 BERRY ST STE 6100', city: 'SAN FRANCISCO', region: 'CA', postalCode: '94107-1741' } });
    expect(JSON.parse(fake.requests.at(-1)!.body)).toEqual({ primary_line: '185 Berry St Ste 6100', secondary_line: '', city: 'San Francisco', state: 'CA', zip_code: '94107' });
  });

  it('passes unit problems on as messages, and undeliverable addresses as such', async () => {
    expect(await validate({ line1: '210 King St' })).toMatchObject({ verdict: 'corrected', messages: ['the address needs a unit (apartment, suite) number'] });
    expect(await validate({ line1: '1 Nowhere Lane' })).toEqual({ verdict: 'undeliverable', messages: ['USPS cannot deliver to this address'] });
  });

  it('checks non-US addresses offline instead of calling Lob', async () => {
    const before = fake.requests.length;
    const r = await validate({ line1: 'Torstraße 49', city: 'Berlin', region: undefined, postalCode: '10119', country: 'DE' });
    expect(r.verdict).toBe('deliverable');
    expect(r.messages[0]).toMatch(/checked offline/);
    expect(fake.requests.length).toBe(before);
  });

  it('fails without retry on a bad key', async () => {
    await expect(validate({ line1: '185 Berry St' }, 'nope')).rejects.toMatchObject({ upstreamStatus: 401, retryable: false });
  });
});
