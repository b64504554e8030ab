/** @module The `inbox.apply` job: record a stored delivery's events (its normal path, and replays). */
import type { InboundEvent } from '@dropline/connectors/sdk';
import type { JobHandler } from '../jobs/job-runner.ts';
import { JOB_TYPES } from '../workflow/job-types.ts';
import type { Inbox } from './receive-delivery.ts';

export function applyDeliveryJob(inbox: Inbox): JobHandler<{ delivery: string; events?: InboundEvent[] }> {
  return {
    type: JOB_TYPES.applyDelivery,
    run: (payload, ctx) => inbox.apply(payload.delivery, ctx.commit, payload.events),
  };
}
