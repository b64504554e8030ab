/** @module The job types of the supplier features (their handlers live beside the work they do). */
export const SUPPLIER_JOB_TYPES = {
  /** Check one SLA deadline of a supplier order (acknowledgment or shipment). */
  slaCheck: 'supplier.sla-check',
  /** Look for suppliers whose inventory feed is older than their agreement allows. */
  feedStaleness: 'supplier.feed-staleness',
  /** Pull a supplier's stock feed through its connector's `fetchInventory` action. */
  fetchInventory: 'supplier.fetch-inventory',
  /** Recompute store quantities after pushed stock (an `inventory.updated` event) and queue what changed. */
  syncInventory: 'inventory.sync',
  /** Send one chunk of changed quantities to a store (`setInventoryLevels`). */
  pushInventory: 'store.set-inventory',
  /** Send one chunk of changed retail prices to a store (`updatePrices`). */
  pushPrices: 'store.update-prices',
} as const;
