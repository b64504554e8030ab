/**
 * @module The `connector.poll` job: ask a polling connector for what's new, and put each item through
 * the inbox as its own delivery (deduplicated by the connector's item id, like a webhook retry). A bad
 * item is kept as rejected without holding back the others.
 */
import { actionContext } from '../connectors/action-context.ts';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import { JOB_TYPES } from '../workflow/job-types.ts';
import type { Inbox } from './receive-delivery.ts';

export function pollConnectorJob(deps: { db: Database; connectors: ConnectorService; inbox: Inbox }): JobHandler<{ connectorId: string }> {
  return {
    type: JOB_TYPES.poll,
    async run({ connectorId }, ctx) {
      const connector = await deps.connectors.resolve(connectorId);
      if (!connector.def.poll || !connector.enabled) return;
      const actx = actionContext(deps.db, connector, `poll:${ctx.job.id}`, ctx.log);
      const items = await connector.def.poll.run(actx);
      for (const item of items) {
        const result = await deps.inbox.acceptPolled(connectorId, item);
        if (result.outcome === 'ignored') ctx.log.warn({ connector: connectorId, item: item.deliveryId, reason: result.reason }, 'polled item rejected');
      }
      // Only now, with every item stored, may the connector move its cursor past them.
      await connector.def.poll.acknowledge?.(items, actx);
    },
  };
}
