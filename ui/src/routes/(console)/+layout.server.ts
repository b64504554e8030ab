/** @module Data every console page shares: the connectors, to show names instead of ids. */
import { hubGet } from '$lib/api/hub-get.ts';
import type { Connector } from '$lib/api/types.ts';
import { connectorNames } from '$lib/connectors/connector-names.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ fetch, url, depends }) => {
  depends('dropline:connectors');
  const { items } = await hubGet<{ items: Connector[] }>(fetch, '/api/connectors', url);
  return { connectorNames: connectorNames(items) };
};
