/**
 * @module A stand-in for the USPS Addresses API v3: an OAuth token endpoint (client credentials) and the
 * address endpoint answering known addresses with DPV codes, unknown ones with USPS's 400 error body.
 */
import { randomBytes } from 'node:crypto';
import { startFakeServer, type FakeServer } from '../testing/fake-server.ts';

export interface UspsKnownAddress {
  streetAddress: string;
  ZIPCode: string;
  standard: { streetAddress: string; secondaryAddress?: string; city: string; state: string; ZIPCode: string; ZIPPlus4: string };
  dpv: 'Y' | 'D' | 'S';
}

export interface FakeUsps extends FakeServer {
  tokensIssued: number;
}

export async function startFakeUsps(options: { clientId: string; clientSecret: string; known: UspsKnownAddress[]; tokenTtlS?: number }): Promise<FakeUsps> {
  const tokens = new Set<string>();
  const state = { tokensIssued: 0 };
  const server = await startFakeServer((req) => {
    if (req.method === 'POST' && req.path === '/oauth2/v3/token') {
      const body = JSON.parse(req.body || '{}') as Record<string, string>;
      if (body.grant_type !== 'client_credentials' || body.client_id !== options.clientId || body.client_secret !== options.clientSecret) {
        return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed.' } };
      }
      const token = randomBytes(24).toString('base64url');
      tokens.add(token);
      state.tokensIssued++;
      return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: String(options.tokenTtlS ?? 28_799), scope: 'addresses', issuer: 'api.usps.com', client_id: options.clientId, status: 'approved' } };
    }
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !tokens.has(auth.slice(7))) return { status: 401, body: { error: { code: '401', message: 'Unauthorized' } } };
    if (req.method === 'GET' && req.path === '/addresses/v3/address') {
      const q = req.query;
      const key = (s: string | null) => (s ?? '').trim().toUpperCase().replace(/\s+/g, ' ');
      const hit = options.known.find((k) => key(k.streetAddress) === key(q.get('streetAddress')) && k.ZIPCode === (q.get('ZIPCode') ?? '').slice(0, 5));
      if (!hit) return { status: 400, body: { apiVersion: '/addresses/v3', error: { code: '400', message: 'Address Not Found.', errors: [{ status: '400', code: '010005', title: 'Address Not Found.' }] } } };
      return {
        status: 200,
        body: {
          firm: null,
          address: { ...hit.standard, secondaryAddress: hit.standard.secondaryAddress ?? null, urbanization: null },
          additionalInfo: { deliveryPoint: '92', carrierRoute: 'C007', DPVConfirmation: hit.dpv, DPVCMRA: 'N', business: 'N', centralDeliveryPoint: 'N', vacant: 'N' },
          corrections: [],
          matches: [{ code: '31', text: 'Single Response - exact match' }],
        },
      };
    }
    return { status: 404, body: { error: { code: '404', message: 'Not Found' } } };
  });
  return Object.defineProperty(server, 'tokensIssued', { get: () => state.tokensIssued, enumerable: true }) as FakeUsps;
}
