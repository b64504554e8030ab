/**
 * @module `/flows/:id`: the editor. Loads the flow with its draft, its version history, the configured
 * suppliers (for supplier pickers and validation), the customer message templates, and the newest orders
 * (to test the draft on real ones).
 */
import { hubGet } from '$lib/api/hub-get.ts';
import type { Connector, OrderSummary, Page } from '$lib/api/types.ts';
import type { FlowDetail, FlowVersionSummary } from '$lib/flows/api-types.ts';
import type { PageServerLoad } from './$types';

const RECENT_ORDERS = 25;

export const load: PageServerLoad = async ({ fetch, url, params }) => {
  const id = encodeURIComponent(params.id);
  const [flow, versions, connectors, messages, orders] = await Promise.all([
    hubGet<FlowDetail>(fetch, `/api/flows/${id}`, url),
    hubGet<{ items: FlowVersionSummary[] }>(fetch, `/api/flows/${id}/versions`, url),
    hubGet<{ items: Connector[] }>(fetch, '/api/connectors', url),
    hubGet<{ items: { id: string; title: string; description: string }[] }>(fetch, '/api/notification-templates', url),
    hubGet<Page<OrderSummary>>(fetch, `/api/orders?limit=${RECENT_ORDERS}`, url),
  ]);
  return {
    flow,
    versions: versions.items,
    suppliers: connectors.items.filter((c) => c.kind === 'supplier').map((c) => ({ id: c.id, name: c.name })),
    messageTemplates: messages.items,
    recentOrders: orders.items.map((o) => ({ id: o.id, number: o.number, total: o.total, currency: o.currency, country: o.shippingAddress?.country ?? null, createdAt: o.createdAt })),
  };
};
