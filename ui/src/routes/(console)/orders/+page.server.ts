/** @module `/orders`: one page of orders, newest first, optionally of one status. */
import type { OrderStatus } from '@dropline/connectors/model';
import { hubGet } from '$lib/api/hub-get.ts';
import type { OrderSummary, Page } from '$lib/api/types.ts';
import { pageNumber, pagePosition } from '$lib/orders/cursor-trail.ts';
import { toOrderRow } from '$lib/orders/order-row.ts';
import { isOrderStatus } from '$lib/status/order-status.ts';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 25;

export const load: PageServerLoad = async ({ fetch, url, depends }) => {
  depends('dropline:orders');
  const requested = url.searchParams.get('status') ?? '';
  // An unknown status (an old bookmark) shows everything rather than an empty list that looks like data.
  const status: OrderStatus | '' = isOrderStatus(requested) ? requested : '';
  const position = pagePosition(url);

  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (status) query.set('status', status);
  if (position.cursor) query.set('cursor', position.cursor);
  const page = await hubGet<Page<OrderSummary>>(fetch, `/api/orders?${query}`, url);

  return {
    rows: page.items.map(toOrderRow),
    nextCursor: page.nextCursor,
    status,
    pageNumber: pageNumber(position),
  };
};
