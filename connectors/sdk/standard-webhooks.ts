/**
 * @module Standard Webhooks (https://www.standardwebhooks.com/, spec v1): signing and verifying.
 *
 * The sender signs `{webhook-id}.{webhook-timestamp}.{body}` with HMAC-SHA256 and sends
 * `webhook-signature: v1,<base64>` (several space-separated signatures while a secret rotates). Secrets are
 * `whsec_` followed by the base64 key. Receivers refuse timestamps more than five minutes away from now,
 * so a captured delivery can't be replayed later.
 *
 * @example
 * ```ts
 * const secret = newWebhookSecret();
 * const headers = signStandardWebhook(secret, 'msg_1', '{"type":"order.received"}');
 * verifyStandardWebhook(secret, headers, '{"type":"order.received"}'); // { ok: true }
 * ```
 */
import { randomBytes } from 'node:crypto';
import { hmacSha256, safeEqual } from './signatures.ts';
import type { VerifyResult } from './inbound.ts';

export const STANDARD_WEBHOOK_TOLERANCE_SECONDS = 5 * 60;
const SECRET_PREFIX = 'whsec_';

/** A fresh `whsec_…` secret with a 24-byte key (the spec asks for 24 to 64 bytes). */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString('base64');
}

/** The key bytes of a `whsec_…` secret (a bare base64 key is accepted too). */
export function webhookSecretKey(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  if (key.length === 0) throw new Error('webhook secret is empty');
  return key;
}

export function standardWebhookSignature(secret: string, id: string, timestampSeconds: number, body: string | Uint8Array): string {
  const prefix = Buffer.from(`${id}.${timestampSeconds}.`);
  const payload = Buffer.concat([prefix, typeof body === 'string' ? Buffer.from(body) : body]);
  return `v1,${hmacSha256(webhookSecretKey(secret), payload, 'base64')}`;
}

/** The three headers of a signed delivery. */
export function signStandardWebhook(
  secret: string,
  id: string,
  body: string | Uint8Array,
  timestampSeconds = Math.floor(Date.now() / 1000),
): { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string } {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': standardWebhookSignature(secret, id, timestampSeconds, body),
  };
}

/** Checks the headers (lower-case names) against the raw body; constant-time per candidate signature. */
export function verifyStandardWebhook(
  secret: string,
  headers: Readonly<Record<string, string | undefined>>,
  body: string | Uint8Array,
  nowSeconds = Math.floor(Date.now() / 1000),
): VerifyResult {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature header' };
  if (!/^\d+$/.test(timestamp.trim())) return { ok: false, reason: 'webhook-timestamp is not an integer number of seconds' };
  const ts = Number(timestamp.trim());
  if (Math.abs(nowSeconds - ts) > STANDARD_WEBHOOK_TOLERANCE_SECONDS) {
    return { ok: false, reason: `webhook-timestamp is more than ${STANDARD_WEBHOOK_TOLERANCE_SECONDS} s away from now` };
  }
  let expected: string;
  try {
    expected = standardWebhookSignature(secret, id, ts, body).slice(3);
  } catch {
    return { ok: false, reason: 'the configured webhook secret is not valid base64' };
  }
  // Compare against every v1 candidate without stopping early: which one matched is no secret, but
  // whether an earlier one came close must not show in the timing.
  let matched = false;
  for (const candidate of signatures.trim().split(/\s+/)) {
    const [version, value] = candidate.split(',', 2);
    if (version === 'v1' && value !== undefined && safeEqual(value, expected)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'no webhook-signature matches the body' };
}
