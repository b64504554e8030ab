/**
 * @module `lob`: US address verification with Lob's US Verifications API
 * (POST /v1/us_verifications, HTTP basic auth with the API key as the user name). Addresses outside the
 * US get the offline check, and say so.
 */
import { z } from 'zod';
import type { Address } from '../model/order.ts';
import { checkAddress } from '../address-offline/check-address.ts';
import type { AddressValidation } from '../sdk/actions.ts';
import { defineConnector } from '../sdk/define-connector.ts';
import { parseOrThrow } from '../sdk/parse.ts';

export const LOB_API = 'https://api.lob.com';

export const LobVerification = z.looseObject({
  id: z.string(),
  primary_line: z.string().default(''),
  secondary_line: z.string().default(''),
  last_line: z.string().default(''),
  deliverability: z.enum(['deliverable', 'deliverable_unnecessary_unit', 'deliverable_incorrect_unit', 'deliverable_missing_unit', 'undeliverable']),
  components: z.looseObject({
    city: z.string().default(''),
    state: z.string().default(''),
    zip_code: z.string().default(''),
    zip_code_plus_4: z.string().default(''),
  }),
});
export type LobVerification = z.infer<typeof LobVerification>;

const MESSAGES: Record<LobVerification['deliverability'], string | undefined> = {
  deliverable: undefined,
  deliverable_unnecessary_unit: 'the unit (apartment, suite) is not needed at this address',
  deliverable_incorrect_unit: 'the unit (apartment, suite) does not exist at this address',
  deliverable_missing_unit: 'the address needs a unit (apartment, suite) number',
  undeliverable: 'USPS cannot deliver to this address',
};

export function fromLob(input: Address, v: LobVerification): AddressValidation {
  const message = MESSAGES[v.deliverability];
  if (v.deliverability === 'undeliverable') return { verdict: 'undeliverable', messages: [message!] };
  const zip = v.components.zip_code_plus_4 ? `${v.components.zip_code}-${v.components.zip_code_plus_4}` : v.components.zip_code;
  const corrected: Address = {
    ...input,
    line1: v.primary_line || input.line1,
    line2: v.secondary_line || undefined,
    city: v.components.city || input.city,
    region: v.components.state || input.region,
    postalCode: zip || input.postalCode,
  };
  const same =
    norm(corrected.line1) === norm(input.line1) &&
    norm(corrected.line2) === norm(input.line2) &&
    norm(corrected.city) === norm(input.city) &&
    norm(corrected.region) === norm(input.region) &&
    norm(corrected.postalCode) === norm(input.postalCode);
  return { verdict: same && !message ? 'deliverable' : 'corrected', corrected, messages: message ? [message] : same ? [] : ['standardised by USPS'] };
}

const norm = (s: string | undefined) => (s ?? '').trim().toUpperCase().replace(/\s+/g, ' ');

export const lob = defineConnector({
  type: 'lob',
  kind: 'address',
  title: 'Lob address verification',
  description: 'Checks US addresses against USPS data through Lob and returns the standardised address.',
  config: z.object({ apiBaseUrl: z.url().default(LOB_API).meta({ title: 'API base URL', ui: { advanced: true } }) }),
  secrets: z.object({ apiKey: z.string().min(1).meta({ title: 'API key', ui: { widget: 'password' } }) }),
  actions: {
    async validateAddress({ address }, ctx) {
      if (address.country !== 'US') {
        const offline = checkAddress(address);
        return { ...offline, messages: ['Lob verifies US addresses; checked offline', ...offline.messages] };
      }
      const client = ctx.http(ctx.config.apiBaseUrl, { headers: { authorization: `Basic ${Buffer.from(`${ctx.secrets.apiKey}:`).toString('base64')}` } });
      const res = await client.request('/v1/us_verifications', {
        method: 'POST',
        json: { primary_line: address.line1, secondary_line: address.line2 ?? '', city: address.city ?? '', state: address.region ?? '', zip_code: address.postalCode ?? '' },
      });
      return fromLob(address, parseOrThrow(LobVerification, res.body, 'Lob verification'));
    },
  },
});
