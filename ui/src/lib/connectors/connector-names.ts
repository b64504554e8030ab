/** @module Connector ids in the words an operator gave them ("supplier-us-east" → "Atlantic Goods (US-East)"). */
import type { Connector } from '$lib/api/types.ts';

export type ConnectorNames = Record<string, string>;

export function connectorNames(connectors: Connector[]): ConnectorNames {
  return Object.fromEntries(connectors.map((c) => [c.id, c.name || c.id]));
}

/** The name, or the id itself for a connector since removed (or `dropline` for the hub's own decisions). */
export function nameOf(names: ConnectorNames, id: string | null | undefined): string {
  if (!id) return '';
  if (id === 'dropline') return 'Dropline';
  return names[id] ?? id;
}
