/** @module The job types the workflow enqueues (their handlers live beside the work they do). */
export const JOB_TYPES = {
  /** Choose suppliers for an order's unassigned lines. */
  route: 'order.route',
  /** Send a supplier order to its supplier. */
  place: 'supplier.place',
  /** Cancel a supplier order at its supplier. */
  cancelAtSupplier: 'supplier.cancel',
  /** Tell the store about a shipment (fulfilment with tracking). */
  fulfilInStore: 'store.fulfil',
  /** Register a shipment with the tracking connector. */
  track: 'shipment.track',
  /** Record the events of an inbox delivery that could not be recorded on arrival. */
  applyDelivery: 'inbox.apply',
  /** Poll a connector's feed. */
  poll: 'connector.poll',
} as const;
