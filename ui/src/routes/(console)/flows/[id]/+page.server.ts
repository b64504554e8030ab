/**
 * @module `/flows/:id`: the editor. Loads the flow with its draft, its version history, the configured
 * suppliers (for supplier pickers and validation), the customer message templates, and the newest orders
 * (to test the draft on real ones); and validates the draft, so the browser can draw it with its problems
 * before it has loaded the validator (see $lib/flows/draft-validator.ts).
 *
 * The draft travels as JSON text. SvelteKit writes page data into the page as a JavaScript literal, which
 * the browser parses as code, twice (once skimmed with the page, then in full when the app starts): for a
 * 300-node draft that took longer than drawing it. A string is skimmed at once, and `JSON.parse` reads it
 * in a few milliseconds.
 */
import { hubGet } from '$lib/api/hub-get.ts';
import type { Connector, OrderSummary, Page } from '$lib/api/types.ts';
import type { FlowDetail, FlowVersionSummary } from '$lib/flows/api-types.ts';
import { openedDraft } from '$lib/flows/flow-commands.ts';
import { validateDraft } from '$lib/flows/validate-draft.ts';
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
  const suppliers = connectors.items.filter((c) => c.kind === 'supplier').map((c) => ({ id: c.id, name: c.name }));
  const { draft, ...summary } = flow;
  return {
    flow: summary,
    draft: JSON.stringify(draft),
    issues: validateDraft(openedDraft(flow), suppliers.map((s) => s.id)),
    versions: versions.items,
    suppliers,
    messageTemplates: messages.items,
    recentOrders: orders.items.map((o) => ({ id: o.id, number: o.number, total: o.total, currency: o.currency, country: o.shippingAddress?.country ?? null, createdAt: o.createdAt })),
  };
};
