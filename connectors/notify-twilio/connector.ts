/**
 * @module `twilio`: customer text messages through Twilio's Programmable Messaging API
 * (POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, HTTP basic auth).
 */
import { z } from 'zod';
import { defineConnector } from '../sdk/define-connector.ts';
import { parseOrThrow } from '../sdk/parse.ts';

export const TWILIO_API = 'https://api.twilio.com';

const config = z
  .object({
    accountSid: z.string().regex(/^AC[0-9a-f]{32}$/i, 'expected an Account SID like "AC…" (34 characters)').meta({ title: 'Account SID' }),
    from: z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 number like "+14155552345"').optional().meta({ title: 'From number' }),
    messagingServiceSid: z.string().regex(/^MG[0-9a-f]{32}$/i).optional().meta({ title: 'Messaging Service SID' }),
    apiBaseUrl: z.url().default(TWILIO_API).meta({ title: 'API base URL', ui: { advanced: true } }),
  })
  .refine((c) => c.from || c.messagingServiceSid, { message: 'set a From number or a Messaging Service SID', path: ['from'] });

const secrets = z.object({
  authToken: z.string().min(1).meta({ title: 'Auth token', ui: { widget: 'password' } }),
});

const MessageResource = z.looseObject({ sid: z.string(), status: z.string(), error_code: z.number().nullish(), error_message: z.string().nullish() });

export const twilio = defineConnector({
  type: 'twilio',
  kind: 'notify',
  title: 'Text messages (Twilio)',
  description: 'Sends customer notifications as SMS through Twilio.',
  config,
  secrets,
  actions: {
    async notify(input, ctx) {
      const client = ctx.http(ctx.config.apiBaseUrl, {
        headers: { authorization: `Basic ${Buffer.from(`${ctx.config.accountSid}:${ctx.secrets.authToken}`).toString('base64')}` },
      });
      const form = new URLSearchParams({ To: input.to, Body: input.text });
      if (ctx.config.messagingServiceSid) form.set('MessagingServiceSid', ctx.config.messagingServiceSid);
      else form.set('From', ctx.config.from!);
      const res = await client.request(`/2010-04-01/Accounts/${ctx.config.accountSid}/Messages.json`, {
        method: 'POST',
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const message = parseOrThrow(MessageResource, res.body, 'Twilio message');
      return { messageId: message.sid };
    },
  },
});
