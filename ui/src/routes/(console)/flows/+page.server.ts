/** @module `/flows`: every flow with its published version and draft state, and what a new one can start from. */
import { hubGet } from '$lib/api/hub-get.ts';
import type { Connector } from '$lib/api/types.ts';
import type { FlowSummary, FlowTemplateSummary } from '$lib/flows/api-types.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, url, depends }) => {
  depends('dropline:flows');
  const [flows, templates, connectors] = await Promise.all([
    hubGet<{ items: FlowSummary[] }>(fetch, '/api/flows', url),
    hubGet<{ items: FlowTemplateSummary[] }>(fetch, '/api/flow-templates', url),
    hubGet<{ items: Connector[] }>(fetch, '/api/connectors', url),
  ]);
  return {
    flows: flows.items,
    templates: templates.items,
    suppliers: connectors.items.filter((c) => c.kind === 'supplier').map((c) => ({ id: c.id, name: c.name })),
  };
};
