/**
 * @module A stand-in for Lob's US Verifications API that knows a few addresses: it answers in Lob's
 * response shape (deliverability, primary_line, components with ZIP+4) and `undeliverable` otherwise.
 */
import { randomBytes } from 'node:crypto';
import { startFakeServer, type FakeServer } from '../testing/fake-server.ts';

export interface KnownAddress {
  /** Matched case-insensitively against the request's primary_line + zip_code. */
  primaryLine: string;
  zip: string;
  standard: { primary_line: string; secondary_line?: string; city: string; state: string; zip_code: string; zip_code_plus_4: string };
  deliverability?: 'deliverable' | 'deliverable_missing_unit' | 'deliverable_unnecessary_unit' | 'deliverable_incorrect_unit';
}

export async function startFakeLob(options: { apiKey: string; known: KnownAddress[] }): Promise<FakeServer> {
  return startFakeServer((req) => {
    if (req.headers.authorization !== `Basic ${Buffer.from(`${options.apiKey}:`).toString('base64')}`) {
      return { status: 401, body: { error: { message: 'Your API key is not valid. Please sign up on lob.com to get a valid api key.', status_code: 401, code: 'unauthorized' } } };
    }
    if (req.method !== 'POST' || req.path !== '/v1/us_verifications') return { status: 404, body: { error: { message: 'Not found', status_code: 404 } } };
    const body = JSON.parse(req.body || '{}') as { primary_line?: string; zip_code?: string };
    if (!body.primary_line) return { status: 422, body: { error: { message: 'primary_line is required', status_code: 422, code: 'invalid' } } };
    const key = (s?: string) => (s ?? '').trim().toUpperCase().replace(/\s+/g, ' ');
    const hit = options.known.find((k) => key(k.primaryLine) === key(body.primary_line) && key(k.zip) === key(body.zip_code).slice(0, 5));
    const id = `us_ver_${randomBytes(10).toString('hex')}`;
    if (!hit) {
      return { status: 200, body: { id, recipient: null, primary_line: key(body.primary_line), secondary_line: '', urbanization: '', last_line: '', deliverability: 'undeliverable', components: { city: '', state: '', zip_code: '', zip_code_plus_4: '' }, object: 'us_verification' } };
    }
    const s = hit.standard;
    return {
      status: 200,
      body: {
        id,
        recipient: null,
        primary_line: s.primary_line,
        secondary_line: s.secondary_line ?? '',
        urbanization: '',
        last_line: `${s.city} ${s.state} ${s.zip_code}-${s.zip_code_plus_4}`,
        deliverability: hit.deliverability ?? 'deliverable',
        components: { city: s.city, state: s.state, zip_code: s.zip_code, zip_code_plus_4: s.zip_code_plus_4, record_type: 'street', address_type: 'residential' },
        deliverability_analysis: { dpv_confirmation: 'Y', dpv_cmra: 'N', dpv_vacant: 'N', dpv_active: 'Y', dpv_footnotes: ['AA', 'BB'] },
        object: 'us_verification',
      },
    };
  });
}
