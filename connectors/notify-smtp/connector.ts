/**
 * @module `smtp`: customer emails through any SMTP server (a provider's relay, or your own), with nodemailer.
 *
 * Each message gets a Message-ID derived from the idempotency key, so a resend after a timeout is
 * recognisable downstream (mail providers and clients collapse identical Message-IDs).
 */
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { defineConnector } from '../sdk/define-connector.ts';
import { UpstreamError } from '../sdk/errors.ts';

const config = z.object({
  host: z.string().min(1).meta({ title: 'SMTP host', ui: { placeholder: 'smtp.example.com' } }),
  port: z.number().int().min(1).max(65535).default(587).meta({ title: 'Port' }),
  /** 465 uses TLS from the start; 587/25 upgrade with STARTTLS when the server offers it. */
  secure: z.boolean().default(false).meta({ title: 'TLS from the start (port 465)' }),
  from: z.email().meta({ title: 'From address', ui: { placeholder: 'orders@shop.example' } }),
  fromName: z.string().optional().meta({ title: 'From name' }),
  replyTo: z.email().optional().meta({ title: 'Reply-To' }),
  /** For test servers with self-signed certificates only. */
  allowInvalidCertificates: z.boolean().default(false).meta({ title: 'Accept invalid TLS certificates', ui: { advanced: true } }),
});

const secrets = z.object({
  username: z.string().optional().meta({ title: 'Username' }),
  password: z.string().optional().meta({ title: 'Password', ui: { widget: 'password' } }),
});

export const smtp = defineConnector({
  type: 'smtp',
  kind: 'notify',
  title: 'Email (SMTP)',
  description: 'Sends customer notifications as email through an SMTP server.',
  config,
  secrets,
  actions: {
    async notify(input, ctx) {
      const transport = nodemailer.createTransport({
        host: ctx.config.host,
        port: ctx.config.port,
        secure: ctx.config.secure,
        auth: ctx.secrets.username ? { user: ctx.secrets.username, pass: ctx.secrets.password ?? '' } : undefined,
        tls: ctx.config.allowInvalidCertificates ? { rejectUnauthorized: false } : undefined,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      });
      const domain = ctx.config.from.split('@')[1];
      const messageId = `<${createHash('sha256').update(ctx.idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;
      try {
        const info = await transport.sendMail({
          from: ctx.config.fromName ? { name: ctx.config.fromName, address: ctx.config.from } : ctx.config.from,
          replyTo: ctx.config.replyTo,
          to: input.to,
          subject: input.subject,
          text: input.text,
          html: input.html,
          messageId,
        });
        return { messageId: info.messageId };
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        // 4xx SMTP replies are temporary by definition (RFC 5321 §4.2.1); 5xx are permanent.
        throw new UpstreamError(`SMTP send failed: ${(err as Error).message}`, { retryable: code === undefined || code < 500, upstreamStatus: code, cause: err });
      } finally {
        transport.close();
      }
    },
  },
});
