/**
 * Helpers for the supplier connector flows: ask the hub to poll a connector now (the same job the poll
 * scheduler enqueues, without waiting for its next tick), map catalog items, read stock and deliveries.
 */
import { JOB_TYPES } from '../../server/src/workflow/job-types.ts';
import { eventually, type TestHub } from '../../server/src/testing/test-hub.ts';
import { orderFor } from '../support/small-world.ts';

export async function pollNow(t: TestHub, connectorId: string): Promise<void> {
  await t.hub.db.transaction((tx) => t.hub.queue.enqueue(tx, [{ type: JOB_TYPES.poll, payload: { connectorId }, maxAttempts: 3 }]));
  t.hub.kick();
}

export async function addConnector(t: TestHub, body: { id: string; type: string; config: unknown; secrets?: unknown }): Promise<void> {
  const res = await t.api('POST', '/api/connectors', body);
  if (res.status !== 201) throw new Error(`connector ${body.id}: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function mapCatalog(t: TestHub, supplierId: string, items: [supplierSku: string, sku: string][], priority: number): Promise<void> {
  const res = await t.api('PUT', '/api/catalog/items', { items: items.map(([supplierSku, sku]) => ({ supplierId, supplierSku, sku, priority, cost: '4.10', currency: 'USD' })) });
  if (res.status !== 200) throw new Error(`catalog: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Stock the hub believes `supplierId` has of each store SKU. */
export async function stockOf(t: TestHub, supplierId: string, skus: string[]): Promise<Record<string, number | null>> {
  const { items } = (await t.api('GET', `/api/catalog/items?sku=${skus.join(',')}`)).body as { items: { supplierId: string; sku: string; stock: number | null }[] };
  return Object.fromEntries(items.filter((i) => i.supplierId === supplierId).map((i) => [i.sku, i.stock]));
}

/** Polls `connectorId` until the hub's stock picture of it matches `expected`. */
export async function syncStock(t: TestHub, connectorId: string, expected: Record<string, number>): Promise<void> {
  await pollNow(t, connectorId);
  await eventually(async () => {
    const stock = await stockOf(t, connectorId, Object.keys(expected));
    return Object.entries(expected).every(([sku, n]) => stock[sku] === n);
  }, 15_000);
}

export async function waitForOrder(t: TestHub, externalId: number | string, until: (order: any) => boolean, timeoutMs = 20_000): Promise<any> {
  return eventually(async () => {
    const o = await orderFor(t, externalId);
    return o && until(o) ? o : undefined;
  }, timeoutMs);
}

/** The one supplier order of `supplierId` on the order, once it exists. */
export async function purchaseOrderOf(t: TestHub, externalId: number | string, supplierId: string): Promise<string> {
  const o = await waitForOrder(t, externalId, (x) => x.supplierOrders?.some((so: any) => so.supplierId === supplierId));
  return o.supplierOrders.find((so: any) => so.supplierId === supplierId).id;
}

export async function deliveriesOf(t: TestHub, connectorId: string): Promise<any[]> {
  return (await t.api('GET', `/api/deliveries?connectorId=${connectorId}&limit=200`)).body.items;
}
