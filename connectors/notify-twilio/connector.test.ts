import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionContextFor } from '../testing/action-context.ts';
import { twilio } from './connector.ts';
import { startFakeTwilio, type FakeTwilio } from './fake-twilio.ts';

const ACCOUNT = `AC${'a'.repeat(32)}`;

describe('twilio notify connector', () => {
  let fake: FakeTwilio;
  beforeAll(async () => {
    fake = await startFakeTwilio({ accountSid: ACCOUNT, authToken: 'tok' });
  });
  afterAll(() => fake.close());

  const ctx = (token = 'tok') =>
    actionContextFor(twilio, { config: { accountSid: ACCOUNT, from: '+14155552345', apiBaseUrl: fake.url }, secrets: { authToken: token } });

  it('sends a form-encoded message with basic auth and returns the message SID', async () => {
    const result = await twilio.actions!.notify!({ to: '+14155550100', subject: 'ignored for SMS', text: 'Your order #1001 has shipped' }, ctx());
    expect(result.messageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(fake.sent.at(-1)).toMatchObject({ to: '+14155550100', from: '+14155552345', body: 'Your order #1001 has shipped', sid: result.messageId });
    const req = fake.requests.at(-1)!;
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('turns Twilio errors into non-retryable failures (bad number, bad credentials)', async () => {
    await expect(twilio.actions!.notify!({ to: '12345', subject: '', text: 'x' }, ctx())).rejects.toMatchObject({ retryable: false, upstreamStatus: 400 });
    await expect(twilio.actions!.notify!({ to: '+14155550100', subject: '', text: 'x' }, ctx('wrong'))).rejects.toMatchObject({ upstreamStatus: 401 });
  });

  it('requires a sender', () => {
    expect(twilio.config.safeParse({ accountSid: ACCOUNT }).success).toBe(false);
    expect(twilio.config.safeParse({ accountSid: 'nope', from: '+14155552345' }).success).toBe(false);
  });
});
