/**
 * @module The facts a flow's trigger can use, and the operators that fit each fact type, from the rules
 * package: what the condition and decision-table forms offer. Only the forms need these, and they load
 * with the rules package (see catalogue.ts for what drawing a flow needs).
 */
import { describeFacts, fitsType, type FactInfo, type FactType, type FlowTrigger, type OperatorInfo } from '@dropline/rules';
import { OPERATOR_INFOS } from './catalogue.ts';

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

/** Operators a fact of this type can use (string operators also fit SKUs, countries, …). */
export function operatorsFor(type: FactType): OperatorInfo[] {
  return OPERATOR_INFOS.filter((o) => o.fits.some((wanted) => fitsType(type, wanted)));
}

/** The fact type another fact must have to be compared with this one, or null for literals only. */
export function comparableFactType(op: OperatorInfo, factType: FactType): FactType | null {
  if (op.valueFactType === 'same') return factType;
  return op.valueFactType ?? null;
}
