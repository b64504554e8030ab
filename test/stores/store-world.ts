/**
 * Helpers for the store end-to-end tests: find orders by their store's id, wait for them to ship, and
 * enqueue the store jobs the rules engine and the console enqueue (refund, cancel, annotate).
 */
import type { EnqueueJob } from '../../server/src/jobs/job-queue.ts';
import { eventually, type TestHub } from '../../server/src/testing/test-hub.ts';

export async function storeOrder(t: TestHub, source: string, externalId: string | number): Promise<any | undefined> {
  const { items } = (await t.api('GET', `/api/orders?source=${source}&externalId=${externalId}`)).body;
  if (!items?.[0]) return undefined;
  return (await t.api('GET', `/api/orders/${items[0].id}`)).body;
}

/** The order once `probe` holds for it. */
export function orderWhen(t: TestHub, source: string, externalId: string | number, probe: (o: any) => boolean, timeoutMs = 20_000): Promise<any> {
  return eventually(async () => {
    const o = await storeOrder(t, source, externalId);
    return o && probe(o) ? o : undefined;
  }, timeoutMs);
}

export const shipped = (t: TestHub, source: string, externalId: string | number) => orderWhen(t, source, externalId, (o) => o.status === 'shipped');

export async function enqueue(t: TestHub, ...jobs: EnqueueJob[]): Promise<number[]> {
  const ids = await t.hub.db.transaction((tx) => t.hub.queue.enqueue(tx, jobs));
  t.hub.kick();
  return ids;
}

/** The jobs of `type`, once none of them is pending or running any more. */
export function settledJobs(t: TestHub, type: string, count = 1, timeoutMs = 20_000) {
  return eventually(async () => {
    const jobs = await t.hub.queue.list({ type, limit: 100 });
    return jobs.length >= count && jobs.every((j) => j.status === 'done' || j.status === 'dead') ? jobs : undefined;
  }, timeoutMs);
}

export const eventTypes = (order: any): string[] => order.events.map((e: any) => e.type);

export async function connector(t: TestHub, body: { id: string; type: string; config: unknown; secrets: unknown }): Promise<void> {
  const res = await t.api('POST', '/api/connectors', body);
  if (res.status !== 201) throw new Error(`connector ${body.id}: ${res.status} ${JSON.stringify(res.body)}`);
}
