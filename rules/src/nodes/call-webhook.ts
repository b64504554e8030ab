/** @module Call an outgoing webhook: the hub POSTs the order and the decision to the URL. */
import { z } from 'zod';
import { defineNode } from './define-node.ts';

export const callWebhook = defineNode({
  type: 'call-webhook',
  category: 'action',
  title: 'Call webhook',
  description: 'POSTs the order and this decision to a URL (your ERP, Slack, a fraud service).',
  settings: z
    .object({
      url: z
        .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
        .meta({ title: 'URL', ui: { widget: 'url', placeholder: 'https://example.com/hooks/dropline' } }),
    })
    .strict(),
  outputs: () => ['out'],
  execute(s, ctx) {
    ctx.trace.action(ctx.nodeId, 'call-webhook', s.url);
    return { outputs: { out: ctx.lines }, action: { type: 'call-webhook', nodeId: ctx.nodeId, url: s.url, lines: ctx.lines.map((l) => l.lineId) } };
  },
});
