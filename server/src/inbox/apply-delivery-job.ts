/** @module The `inbox.apply` job: record a stored delivery's events (after a failure on arrival, or a replay). */
import type { JobHandler } from '../jobs/job-runner.ts';
import { JOB_TYPES } from '../workflow/job-types.ts';
import type { Inbox } from './receive-delivery.ts';

export function applyDeliveryJob(inbox: Inbox): JobHandler<{ delivery: string }> {
  return {
    type: JOB_TYPES.applyDelivery,
    run: (payload, ctx) => inbox.apply(payload.delivery, ctx.commit),
  };
}
