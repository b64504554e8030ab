import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../sdk/errors.ts';
import { startSmtpServer, type TestSmtpServer } from '../testing/smtp-server.ts';
import { actionContextFor } from '../testing/action-context.ts';
import { smtp } from './connector.ts';

describe('smtp notify connector against a real SMTP server', () => {
  let server: TestSmtpServer;
  beforeAll(async () => {
    server = await startSmtpServer({ username: 'shop', password: 's3cret', refuse: /^bounce@/ });
  });
  afterAll(() => server.close());

  const ctx = (key = 'notify:evt_1', password = 's3cret') =>
    actionContextFor(smtp, {
      config: { host: '127.0.0.1', port: server.port, from: 'orders@shop.example', fromName: 'Shop' },
      secrets: { username: 'shop', password },
      idempotencyKey: key,
    });

  it('delivers the message with a Message-ID derived from the idempotency key', async () => {
    const result = await smtp.actions!.notify!({ to: 'ada@example.com', subject: 'Your order has shipped', text: 'Tracking: 1Z…', html: '<p>Tracking: 1Z…</p>' }, ctx());
    const mail = server.messages.at(-1)!;
    expect(mail.subject).toBe('Your order has shipped');
    expect(mail.from?.value).toEqual([{ name: 'Shop', address: 'orders@shop.example' }]);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('ada@example.com');
    expect(mail.text?.trim()).toBe('Tracking: 1Z…');
    expect(mail.messageId).toBe(result.messageId);
    const again = await smtp.actions!.notify!({ to: 'ada@example.com', subject: 's', text: 't' }, ctx());
    expect(again.messageId).toBe(result.messageId);
  });

  it('reports a refused recipient as a permanent failure and a bad login as an error', async () => {
    await expect(smtp.actions!.notify!({ to: 'bounce@example.com', subject: 's', text: 't' }, ctx())).rejects.toMatchObject({ retryable: false, upstreamStatus: 550 });
    await expect(smtp.actions!.notify!({ to: 'ada@example.com', subject: 's', text: 't' }, ctx('k', 'wrong'))).rejects.toBeInstanceOf(UpstreamError);
  });
});
