/** @module Job types flows put in motion. */
export const FLOW_JOB_TYPES = {
  /** Run an exception flow (a trigger other than order.received) on the event that started it. */
  run: 'flow.run',
  /** Send the customer a templated message through a notify connector. */
  notify: 'notify.customer',
  /** POST the decision to a URL a flow names. */
  webhook: 'flow.webhook',
} as const;
