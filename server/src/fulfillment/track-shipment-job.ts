/**
 * @module The `shipment.track` job: register a new shipment with the tracking connector (EasyPost, a
 * carrier's own API, …), whose updates then arrive as webhooks. Stores without a tracking connector skip it.
 */
import { actionContext } from '../connectors/action-context.ts';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { EventRecorder } from '../workflow/event-recorder.ts';
import { JOB_TYPES } from '../workflow/job-types.ts';

export function trackShipmentJob(deps: { db: Database; recorder: EventRecorder; connectors: ConnectorService }): JobHandler<{ carrier: string; trackingNumber: string }> {
  return {
    type: JOB_TYPES.track,
    async run({ carrier, trackingNumber }, ctx) {
      const trackers = (await deps.connectors.resolveKind('carrier')).filter((c) => c.def.actions?.track);
      const tracker = trackers.find((c) => !Array.isArray(c.config.carriers) || c.config.carriers.includes(carrier)) ?? trackers[0];
      if (!tracker) return;
      const result = await tracker.def.actions!.track!({ carrier, trackingNumber }, actionContext(deps.db, tracker, `track:${carrier}:${trackingNumber}`, ctx.log));
      await ctx.commit(async (tx) => {
        if (result.events.length) await deps.recorder.record(tx, result.events, { source: tracker.id });
      });
    },
  };
}
