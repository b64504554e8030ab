/**
 * @module What the editor offers, as the rules package describes it: node types (the palette, their
 * outputs and their property forms) and operators. Nothing here is written by hand: a node type or
 * operator added to the rules package shows up in the editor.
 *
 * The descriptions are computed when the console is built (`virtual:flow-catalogue`), so drawing a flow
 * needs no zod in the browser. Facts, which only the forms need, are in fact-catalogue.ts.
 */
import type { NodeCategory, NodeTypeInfo, OperatorInfo } from '@dropline/rules';
import catalogue from 'virtual:flow-catalogue';

export const NODE_INFOS: readonly NodeTypeInfo[] = catalogue.nodes;
const NODE_BY_TYPE = new Map(NODE_INFOS.map((n) => [n.type, n]));

export function nodeInfo(type: string): NodeTypeInfo | undefined {
  return NODE_BY_TYPE.get(type);
}

export const CATEGORY_TITLES: Record<NodeCategory, string> = {
  trigger: 'Start',
  condition: 'Decide',
  table: 'Decide',
  action: 'Act',
};

export interface PaletteGroup {
  title: string;
  items: NodeTypeInfo[];
}

/** Palette sections in the order a flow reads: start, decisions, routing actions, other actions. */
export function paletteGroups(): PaletteGroup[] {
  const by = (pred: (n: NodeTypeInfo) => boolean) => NODE_INFOS.filter(pred);
  return [
    { title: 'Start', items: by((n) => n.category === 'trigger') },
    { title: 'Decide', items: by((n) => n.category === 'condition' || n.category === 'table') },
    { title: 'Route', items: by((n) => n.category === 'action' && n.routes) },
    { title: 'Act', items: by((n) => n.category === 'action' && !n.routes) },
  ].filter((g) => g.items.length > 0);
}

/**
 * The output handles of a node with these settings. Only a decision table's depend on its settings: one
 * per distinct outcome its rows name, in row order, then `default` (the rules package's `tableOutputs`,
 * which catalogue.test.ts holds this to). Read from the rows as they are, so a half-written table still
 * shows the outputs it has so far.
 */
export function nodeOutputs(type: string, settings: unknown): string[] {
  const info = NODE_BY_TYPE.get(type);
  if (!info) return [];
  if (!info.outputsDependOnSettings) return info.outputs;
  const rows = (settings as { rows?: unknown } | null)?.rows;
  const outcomes = Array.isArray(rows)
    ? rows.map((r) => (r as { outcome?: unknown } | null)?.outcome).filter((o): o is string => typeof o === 'string' && o !== '' && o !== 'default')
    : [];
  return [...new Set(outcomes), 'default'];
}

export const OPERATOR_INFOS: readonly OperatorInfo[] = catalogue.operators;
const OPERATOR_BY_NAME = new Map(OPERATOR_INFOS.map((o) => [o.name, o]));

export function operatorInfo(name: string): OperatorInfo | undefined {
  return OPERATOR_BY_NAME.get(name);
}
