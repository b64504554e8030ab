import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressSchema } from '../model/order.ts';
import { actionContextFor, memoryState } from '../testing/action-context.ts';
import { usps } from './connector.ts';
import { startFakeUsps, type FakeUsps } from './fake-usps.ts';

describe('usps address connector', () => {
  let fake: FakeUsps;
  const state = memoryState();
  beforeAll(async () => {
    fake = await startFakeUsps({
      clientId: 'key',
      clientSecret: 'secret',
      known: [
        { streetAddress: 'Chestnut Street 92', ZIPCode: '40202', dpv: 'Y', standard: { streetAddress: '92 CHESTNUT ST', city: 'LOUISVILLE', state: 'KY', ZIPCode: '40202', ZIPPlus4: '1234' } },
        { streetAddress: '92 CHESTNUT ST', ZIPCode: '40202', dpv: 'Y', standard: { streetAddress: '92 CHESTNUT ST', city: 'LOUISVILLE', state: 'KY', ZIPCode: '40202', ZIPPlus4: '1234' } },
        { streetAddress: '1 Tower Plaza', ZIPCode: '40202', dpv: 'D', standard: { streetAddress: '1 TOWER PLZ', city: 'LOUISVILLE', state: 'KY', ZIPCode: '40202', ZIPPlus4: '0001' } },
      ],
    });
  });
  afterAll(() => fake.close());
  const ctx = () => actionContextFor(usps, { config: { apiBaseUrl: fake.url }, secrets: { clientId: 'key', clientSecret: 'secret' }, state });
  const validate = (a: Record<string, unknown>) =>
    usps.actions!.validateAddress!({ address: AddressSchema.parse({ city: 'Louisville', region: 'KY', postalCode: '40202', country: 'US', ...a }) }, ctx());

  it('standardises a confirmed address, fetching one token and reusing it', async () => {
    expect(await validate({ line1: 'Chestnut Street 92' })).toMatchObject({ verdict: 'corrected', corrected: { line1: '92 CHESTNUT ST', postalCode: '40202-1234' } });
    expect(await validate({ line1: '92 CHESTNUT ST', city: 'LOUISVILLE', postalCode: '40202-1234' })).toMatchObject({ verdict: 'deliverable' });
    expect(fake.tokensIssued).toBe(1);
    expect(fake.requests.at(-1)!.query.get('ZIPCode')).toBe('40202');
  });

  it('reports a missing unit (DPV D) and an unknown address', async () => {
    expect(await validate({ line1: '1 Tower Plaza' })).toMatchObject({ verdict: 'corrected', messages: [expect.stringMatching(/apartment or suite number/)] });
    expect(await validate({ line1: '999 Nowhere Rd' })).toEqual({ verdict: 'undeliverable', messages: ['USPS does not know this address'] });
  });

  it('refreshes an expired token', async () => {
    const cached = await state.get<{ expiresAt: number }>('oauth');
    await state.set('oauth', { ...cached, expiresAt: Date.now() });
    await validate({ line1: 'Chestnut Street 92' });
    expect(fake.tokensIssued).toBe(2);
  });
});
