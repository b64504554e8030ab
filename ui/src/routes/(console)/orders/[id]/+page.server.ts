/** @module `/orders/:id`: one order with its timeline, purchase orders and shipments. */
import { hubGet } from '$lib/api/hub-get.ts';
import type { OrderDetail } from '$lib/api/types.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, url, params, depends }) => {
  depends('dropline:order');
  return { order: await hubGet<OrderDetail>(fetch, `/api/orders/${encodeURIComponent(params.id)}`, url) };
};
