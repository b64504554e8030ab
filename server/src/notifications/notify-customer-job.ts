/**
 * @module The `notify.customer` job: render a message template for an order and send it through a notify
 * connector for the channel (email: `smtp`; SMS: `twilio`), then record `notification.sent`.
 *
 * An order with no address for the channel, or a hub with no connector for it, gets an exception on its
 * timeline rather than a silent skip: somebody should tell that customer.
 */
import type { OrderSnapshot } from '@dropline/connectors/model';
import { actionContext } from '../connectors/action-context.ts';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { EventRecorder } from '../workflow/event-recorder.ts';
import type { Repositories } from '../workflow/repositories.ts';
import { HUB_SOURCE } from '../workflow/types.ts';
import { FLOW_JOB_TYPES } from '../flows/flow-job-types.ts';
import { renderMessage } from './message-templates.ts';

/** Which connector types deliver which channel. */
const CHANNEL_TYPES: Record<'email' | 'sms', string[]> = { email: ['smtp'], sms: ['twilio'] };

export function notifyCustomerJob(deps: {
  db: Database;
  repos: Repositories;
  recorder: EventRecorder;
  connectors: ConnectorService;
}): JobHandler<{ orderId: string; template: string; channel: 'email' | 'sms'; to?: string; lines?: string[]; cause: string }> {
  return {
    type: FLOW_JOB_TYPES.notify,
    async run(p, ctx) {
      const row = await deps.repos.orders.require(deps.db.q, p.orderId);
      const order = deps.repos.orders.toCanonical(row);
      const to = p.to ?? (p.channel === 'email' ? order.customer.email : (order.customer.phone ?? (order as OrderSnapshot).shippingAddress?.phone));
      const notifier = (await deps.connectors.resolveKind('notify')).find((c) => CHANNEL_TYPES[p.channel].includes(c.def.type) && c.def.actions?.notify);
      const exception = (code: string, message: string) =>
        ctx.commit((tx) => deps.recorder.record(tx, [{ type: 'order.exception', orderId: p.orderId, data: { code, message } }], { source: HUB_SOURCE }));
      if (!to) return void (await exception('notify_no_address', `cannot send "${p.template}" by ${p.channel}: the order has no ${p.channel === 'email' ? 'email address' : 'phone number'}`));
      if (!notifier) return void (await exception('notify_no_connector', `cannot send "${p.template}": no ${p.channel} connector is configured`));
      const store = await deps.connectors.resolve(order.source).catch(() => undefined);
      const lineTitles = (p.lines ?? []).map((id) => order.lines.find((l) => l.lineId === id)).filter((l) => l !== undefined).map((l) => (l.variantTitle ? `${l.title} (${l.variantTitle})` : l.title));
      const message = renderMessage(p.template, { order, lines: lineTitles, shopName: store?.name ?? 'Your shop' });
      const sent = await notifier.def.actions!.notify!(
        p.channel === 'email' ? { to, subject: message.subject, text: message.text, html: message.html } : { to, subject: message.subject, text: message.sms },
        actionContext(deps.db, notifier, `notify:${p.cause}`, ctx.log),
      );
      await ctx.commit((tx) =>
        deps.recorder.record(
          tx,
          [{ type: 'notification.sent', orderId: p.orderId, data: { channel: p.channel, template: p.template, to, ...(sent.messageId ? { messageId: sent.messageId } : {}) } }],
          { source: notifier.id },
        ),
      );
    },
  };
}
