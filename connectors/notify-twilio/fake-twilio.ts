/**
 * @module A stand-in for Twilio's Messages API: it checks basic auth, validates the form like Twilio does
 * (21211 invalid To, 21602 missing Body) and answers with Twilio's message resource.
 */
import { randomBytes } from 'node:crypto';
import { fixtureJson } from '../testing/fixtures.ts';
import { startFakeServer, type FakeServer } from '../testing/fake-server.ts';

export interface FakeTwilio extends FakeServer {
  sent: { to: string; from?: string; body: string; sid: string }[];
}

export async function startFakeTwilio(options: { accountSid: string; authToken: string }): Promise<FakeTwilio> {
  const sent: FakeTwilio['sent'] = [];
  const template = fixtureJson('notify/twilio_message_create_response_queued.json');
  const server = await startFakeServer((req) => {
    const expected = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return { status: 401, body: { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 } };
    if (req.method !== 'POST' || req.path !== `/2010-04-01/Accounts/${options.accountSid}/Messages.json`) {
      return { status: 404, body: { code: 20404, message: 'The requested resource was not found', status: 404 } };
    }
    const form = new URLSearchParams(req.body);
    const to = form.get('To') ?? '';
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return { status: 400, body: { code: 21211, message: `Invalid 'To' Phone Number: ${to}`, status: 400 } };
    if (!form.get('Body')) return { status: 400, body: { code: 21602, message: 'Message body is required.', status: 400 } };
    const sid = `SM${randomBytes(16).toString('hex')}`;
    sent.push({ to, from: form.get('From') ?? undefined, body: form.get('Body')!, sid });
    return { status: 201, body: { ...template, sid, to, from: form.get('From'), body: form.get('Body'), account_sid: options.accountSid, status: 'queued' } };
  });
  return { ...server, sent };
}
