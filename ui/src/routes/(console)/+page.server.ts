/** @module `/`: the overview: orders by status and the newest few. */
import { toOrderRow } from '$lib/orders/order-row.ts';
import { statusCounts } from '$lib/orders/status-counts.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, url, depends }) => {
  depends('dropline:orders');
  const counts = await statusCounts(fetch, url);
  return { byStatus: counts.byStatus, total: counts.total, newest: counts.newest.map(toOrderRow) };
};
