/**
 * @module A store connector for tests that records the quantities and prices the hub sends it
 * (`setInventoryLevels`, `updatePrices`) instead of calling a platform.
 */
import { z } from 'zod';
import { defineConnector, type InventoryLevel, type PriceUpdate } from '@dropline/connectors/sdk';

export interface RecordedCall<T> {
  connectorId: string;
  idempotencyKey: string;
  items: T[];
}

export function recordingStore(type = 'recording-store') {
  const inventory: RecordedCall<InventoryLevel>[] = [];
  const prices: RecordedCall<PriceUpdate>[] = [];
  const connector = defineConnector({
    type,
    kind: 'store',
    title: 'Recording store (tests)',
    config: z.object({}),
    secrets: z.object({}),
    actions: {
      async setInventoryLevels(input, ctx) {
        inventory.push({ connectorId: ctx.connectorId, idempotencyKey: ctx.idempotencyKey, items: input.items });
        return { updated: input.items.length };
      },
      async updatePrices(input, ctx) {
        prices.push({ connectorId: ctx.connectorId, idempotencyKey: ctx.idempotencyKey, items: input.items });
        return { updated: input.items.length };
      },
    },
  });
  return { connector, inventory, prices };
}
