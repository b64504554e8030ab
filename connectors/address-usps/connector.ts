/**
 * @module `usps`: US address validation with the USPS Addresses API v3
 * (GET /addresses/v3/address, OAuth 2.0 client-credentials token from POST /oauth2/v3/token, cached in the
 * connector's state until shortly before it expires). DPV confirmation decides the verdict.
 */
import { z } from 'zod';
import type { Address } from '../model/order.ts';
import { checkAddress } from '../address-offline/check-address.ts';
import type { ActionContext, AddressValidation } from '../sdk/actions.ts';
import { defineConnector } from '../sdk/define-connector.ts';
import { parseOrThrow } from '../sdk/parse.ts';

export const USPS_API = 'https://apis.usps.com';

const config = z.object({ apiBaseUrl: z.url().default(USPS_API).meta({ title: 'API base URL', description: 'https://apis-tem.usps.com for the test environment', ui: { advanced: true } }) });
const secrets = z.object({
  clientId: z.string().min(1).meta({ title: 'Consumer key' }),
  clientSecret: z.string().min(1).meta({ title: 'Consumer secret', ui: { widget: 'password' } }),
});

const Token = z.looseObject({ access_token: z.string(), expires_in: z.union([z.string(), z.number()]).transform(Number) });

export const UspsAddressResponse = z.looseObject({
  address: z.looseObject({
    streetAddress: z.string(),
    secondaryAddress: z.string().nullish(),
    city: z.string(),
    state: z.string(),
    ZIPCode: z.string(),
    ZIPPlus4: z.string().nullish(),
  }),
  additionalInfo: z.looseObject({ DPVConfirmation: z.enum(['Y', 'D', 'S', 'N']).nullish() }).nullish(),
  corrections: z.array(z.looseObject({ code: z.string().nullish(), text: z.string().nullish() })).nullish(),
});

type Ctx = ActionContext<z.output<typeof config>, z.output<typeof secrets>>;

/** Refresh a little early, so a token never expires between fetching and using it. */
const EXPIRY_MARGIN_MS = 60_000;

async function accessToken(ctx: Ctx): Promise<string> {
  const cached = await ctx.state.get<{ token: string; expiresAt: number; clientId: string }>('oauth');
  if (cached && cached.clientId === ctx.secrets.clientId && cached.expiresAt > Date.now() + EXPIRY_MARGIN_MS) return cached.token;
  const res = await ctx.http(ctx.config.apiBaseUrl).request('/oauth2/v3/token', {
    method: 'POST',
    json: { client_id: ctx.secrets.clientId, client_secret: ctx.secrets.clientSecret, grant_type: 'client_credentials' },
  });
  const t = parseOrThrow(Token, res.body, 'USPS token');
  await ctx.state.set('oauth', { token: t.access_token, expiresAt: Date.now() + t.expires_in * 1000, clientId: ctx.secrets.clientId });
  return t.access_token;
}

export function fromUsps(input: Address, r: z.output<typeof UspsAddressResponse>): AddressValidation {
  const dpv = r.additionalInfo?.DPVConfirmation ?? 'N';
  if (dpv === 'N') return { verdict: 'undeliverable', messages: ['USPS could not confirm this address as a delivery point'] };
  const corrected: Address = {
    ...input,
    line1: r.address.streetAddress,
    line2: r.address.secondaryAddress || undefined,
    city: r.address.city,
    region: r.address.state,
    postalCode: r.address.ZIPPlus4 ? `${r.address.ZIPCode}-${r.address.ZIPPlus4}` : r.address.ZIPCode,
  };
  const messages = (r.corrections ?? []).map((c) => c.text).filter((t): t is string => Boolean(t));
  if (dpv === 'D') messages.push('the building is confirmed but the address needs an apartment or suite number');
  if (dpv === 'S') messages.push('the building is confirmed but the apartment or suite number is not');
  const key = (a: Address) => [a.line1, a.line2 ?? '', a.city ?? '', a.region ?? '', a.postalCode ?? ''].join('|').toUpperCase().replace(/\s+/g, ' ');
  return { verdict: dpv === 'Y' && key(corrected) === key(input) ? 'deliverable' : 'corrected', corrected, messages };
}

export const usps = defineConnector({
  type: 'usps',
  kind: 'address',
  title: 'USPS address validation',
  description: 'Validates and standardises US addresses with the USPS Addresses API (DPV confirmed).',
  config,
  secrets,
  actions: {
    async validateAddress({ address }, ctx) {
      if (address.country !== 'US') {
        const offline = checkAddress(address);
        return { ...offline, messages: ['USPS validates US addresses; checked offline', ...offline.messages] };
      }
      const res = await ctx.http(ctx.config.apiBaseUrl, { headers: { authorization: `Bearer ${await accessToken(ctx)}` } }).request('/addresses/v3/address', {
        query: { streetAddress: address.line1, secondaryAddress: address.line2, city: address.city, state: address.region, ZIPCode: address.postalCode?.slice(0, 5) },
        // 400 with "Address Not Found" is USPS's answer for an address that doesn't exist.
        accept: [400, 404],
      });
      if (res.status === 400 || res.status === 404) return { verdict: 'undeliverable', messages: ['USPS does not know this address'] };
      return fromUsps(address, parseOrThrow(UspsAddressResponse, res.body, 'USPS address'));
    },
  },
});
