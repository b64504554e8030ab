/**
 * @module What the editor offers, read once from the rules package: node types (the palette and their
 * property forms), the facts a flow's trigger can use, and the operators that fit each fact type. Nothing
 * here is written by hand: a node type or fact added to the rules package shows up in the editor.
 */
import {
  describeFacts,
  describeNodes,
  describeOperators,
  findNodeType,
  fitsType,
  type FactInfo,
  type FactType,
  type FlowTrigger,
  type NodeCategory,
  type NodeTypeInfo,
  type OperatorInfo,
} from '@dropline/rules';

export const NODE_INFOS: readonly NodeTypeInfo[] = describeNodes();
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
 * The output handles of a node with these settings: from the node type itself when its settings parse (a
 * decision table has one per outcome), else what its rows name so far, else the type's defaults.
 */
export function nodeOutputs(type: string, settings: unknown): string[] {
  const def = findNodeType(type);
  const info = NODE_BY_TYPE.get(type);
  if (!def || !info) return [];
  if (!info.outputsDependOnSettings) return info.outputs;
  const parsed = def.settings.safeParse(settings);
  if (parsed.success) return def.outputs(parsed.data as never);
  const rows = (settings as { rows?: unknown } | null)?.rows;
  const outcomes = Array.isArray(rows)
    ? rows.map((r) => (r as { outcome?: unknown } | null)?.outcome).filter((o): o is string => typeof o === 'string' && o !== '' && o !== 'default')
    : [];
  return [...new Set(outcomes), 'default'];
}

const factCache = new Map<FlowTrigger, { list: FactInfo[]; byPath: Map<string, FactInfo> }>();

function factsOf(trigger: FlowTrigger) {
  let entry = factCache.get(trigger);
  if (!entry) {
    const list = describeFacts(trigger);
    entry = { list, byPath: new Map(list.map((f) => [f.path, f])) };
    factCache.set(trigger, entry);
  }
  return entry;
}

export function factsFor(trigger: FlowTrigger): FactInfo[] {
  return factsOf(trigger).list;
}

export function factFor(trigger: FlowTrigger, path: string): FactInfo | undefined {
  return factsOf(trigger).byPath.get(path);
}

/** Facts whose path, title or type contain every word of the query, best matches (path prefix) first. */
export function searchFacts(trigger: FlowTrigger, query: string, only?: (f: FactInfo) => boolean): FactInfo[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const list = factsFor(trigger).filter((f) => !only || only(f));
  if (words.length === 0) return list;
  const hay = (f: FactInfo) => `${f.path} ${f.title} ${f.type} ${f.description ?? ''}`.toLowerCase();
  const q = query.trim().toLowerCase();
  return list
    .filter((f) => words.every((w) => hay(f).includes(w)))
    .sort((a, b) => Number(!a.path.toLowerCase().startsWith(q)) - Number(!b.path.toLowerCase().startsWith(q)));
}

export const OPERATOR_INFOS: readonly OperatorInfo[] = describeOperators();
const OPERATOR_BY_NAME = new Map(OPERATOR_INFOS.map((o) => [o.name, o]));

export function operatorInfo(name: string): OperatorInfo | undefined {
  return OPERATOR_BY_NAME.get(name);
}

/** Operators a fact of this type can use (string operators also fit SKUs, countries, …). */
export function operatorsFor(type: FactType): OperatorInfo[] {
  return OPERATOR_INFOS.filter((o) => o.fits.some((wanted) => fitsType(type, wanted)));
}

/** The fact type another fact must have to be compared with this one, or null for literals only. */
export function comparableFactType(op: OperatorInfo, factType: FactType): FactType | null {
  if (op.valueFactType === 'same') return factType;
  return op.valueFactType ?? null;
}
