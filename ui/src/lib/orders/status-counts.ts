/** @module How many orders are in each status (`GET /api/orders/counts`), and the newest few. */
import { hubGet } from '$lib/api/hub-get.ts';
import type { OrderSummary, Page } from '$lib/api/types.ts';

export interface StatusCounts {
  byStatus: Record<string, number>;
  /** All orders. */
  total: number;
  /** The newest orders, for a glance. */
  newest: OrderSummary[];
}

export async function statusCounts(fetch: typeof globalThis.fetch, from: URL, newest = 5): Promise<StatusCounts> {
  const [counts, page] = await Promise.all([
    hubGet<{ total: number; byStatus: Record<string, number> }>(fetch, '/api/orders/counts', from),
    hubGet<Page<OrderSummary>>(fetch, `/api/orders?limit=${newest}`, from),
  ]);
  return { byStatus: counts.byStatus, total: counts.total, newest: page.items };
}
