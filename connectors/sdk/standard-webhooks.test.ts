import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signStandardWebhook, standardWebhookSignature, verifyStandardWebhook } from './standard-webhooks.ts';

// The example from the Standard Webhooks specification.
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('Standard Webhooks', () => {
  it('signs the specification example to its published signature', () => {
    expect(standardWebhookSignature(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
  });

  it('verifies within five minutes of the timestamp, and not outside them', () => {
    const headers = { 'webhook-id': SPEC.id, 'webhook-timestamp': String(SPEC.timestamp), 'webhook-signature': SPEC.signature };
    expect(verifyStandardWebhook(SPEC.secret, headers, SPEC.body, SPEC.timestamp + 300)).toEqual({ ok: true });
    expect(verifyStandardWebhook(SPEC.secret, headers, SPEC.body, SPEC.timestamp - 300)).toEqual({ ok: true });
    expect(verifyStandardWebhook(SPEC.secret, headers, SPEC.body, SPEC.timestamp + 301).ok).toBe(false);
    expect(verifyStandardWebhook(SPEC.secret, { ...headers, 'webhook-timestamp': '1614265330.5' }, SPEC.body, SPEC.timestamp).ok).toBe(false);
  });

  it('accepts any one of several signatures (secret rotation), ignoring versions it does not know', () => {
    const headers = { 'webhook-id': SPEC.id, 'webhook-timestamp': String(SPEC.timestamp), 'webhook-signature': `v1a,abc v1,AAAA ${SPEC.signature}` };
    expect(verifyStandardWebhook(SPEC.secret, headers, SPEC.body, SPEC.timestamp)).toEqual({ ok: true });
    expect(verifyStandardWebhook(SPEC.secret, { ...headers, 'webhook-signature': 'v1,AAAA v2,xyz' }, SPEC.body, SPEC.timestamp).ok).toBe(false);
  });

  it('signs fresh secrets in a way that verifies, bytes and strings alike', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const body = Buffer.from('{"type":"order.received","é":1}');
    expect(verifyStandardWebhook(secret, signStandardWebhook(secret, 'msg_1', body), body.toString())).toEqual({ ok: true });
    expect(verifyStandardWebhook(secret, signStandardWebhook(secret, 'msg_1', body), '{"type":"order.received","é":2}').ok).toBe(false);
  });
});
