/** @module Stock and cost feeds from suppliers, their credit memos and invoices. */
import type { EventData, EventType } from '@dropline/connectors/model';
import type { Repositories } from './repositories.ts';
import { assertSupplierIsSource, resolveOrderId } from './resolve-order.ts';
import type { Applier } from './types.ts';

export function catalogAppliers(repos: Repositories): Partial<Record<EventType, Applier>> {
  return {
    'inventory.updated': async (event, ctx) => {
      const data = event.data as EventData<'inventory.updated'>;
      assertSupplierIsSource(data.supplierId, ctx);
      await repos.catalog.applyStock(ctx.tx, data.supplierId, data.items, data.full, ctx.now);
      return {};
    },
    'price.updated': async (event, ctx) => {
      const data = event.data as EventData<'price.updated'>;
      assertSupplierIsSource(data.supplierId, ctx);
      await repos.catalog.applyPrices(ctx.tx, data.supplierId, data.currency, data.items, ctx.now);
      return {};
    },
    'credit_memo.received': async (event, ctx) => {
      const data = event.data as EventData<'credit_memo.received'>;
      assertSupplierIsSource(data.supplierId, ctx);
      return { orderId: await resolveOrderId(event, ctx, repos) };
    },
    'invoice.received': async (event, ctx) => {
      const data = event.data as EventData<'invoice.received'>;
      assertSupplierIsSource(data.supplierId, ctx);
      return { orderId: await resolveOrderId(event, ctx, repos) };
    },
  };
}
