/** @module Notify the customer with a message template, by email or text message. */
import { z } from 'zod';
import { defineNode } from './define-node.ts';

export const notifyCustomer = defineNode({
  type: 'notify-customer',
  category: 'action',
  title: 'Notify customer',
  description: 'Sends the customer a message from a template (backorder delay, refund, …).',
  settings: z
    .object({
      template: z
        .string()
        .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'expected a template id such as "backorder-delay"')
        .meta({ title: 'Template', ui: { widget: 'notification-template' } }),
      channel: z.enum(['email', 'sms']).default('email').meta({ title: 'Channel', ui: { widget: 'select' } }),
    })
    .strict(),
  outputs: () => ['out'],
  execute(s, ctx) {
    const customer = ctx.run.order.customer;
    const to = s.channel === 'email' ? customer.email : (customer.phone ?? ctx.run.order.shippingAddress?.phone);
    ctx.trace.action(ctx.nodeId, 'notify-customer', `${s.template} by ${s.channel}${to ? '' : ' (the order has no address for it)'}`, { to: to ?? null });
    return {
      outputs: { out: ctx.lines },
      action: { type: 'notify-customer', nodeId: ctx.nodeId, template: s.template, channel: s.channel, ...(to ? { to } : {}), lines: ctx.lines.map((l) => l.lineId) },
    };
  },
});
