/**
 * @module One line under a node's title on the canvas saying what it does with its current settings
 * ("Atlantic Goods → Nordkap Supply", "order total > 500"), so a flow can be read without opening nodes.
 */
import type { FlowNode } from '@dropline/rules';
import { operatorInfo } from './catalogue.ts';

type Names = Readonly<Record<string, string>>;

const name = (names: Names, id: unknown) => (typeof id === 'string' ? (names[id] ?? id) : '?');

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function shortValue(v: unknown): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return v.length > 3 ? `${v.slice(0, 3).join(', ')}, …` : v.join(', ');
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

interface Leaf {
  fact?: unknown;
  operator?: unknown;
  value?: unknown;
  valueFact?: { fact?: unknown };
}

function leafText(leaf: Leaf): string {
  const fact = typeof leaf.fact === 'string' && leaf.fact ? leaf.fact.replace(/^order\./, '') : 'fact?';
  const op = typeof leaf.operator === 'string' && leaf.operator ? (operatorInfo(leaf.operator)?.title ?? leaf.operator) : 'operator?';
  const rhs = leaf.valueFact?.fact ? String(leaf.valueFact.fact).replace(/^order\./, '') : shortValue(leaf.value);
  return `${fact} ${op}${rhs ? ` ${rhs}` : ''}`;
}

/** The condition tree as text: leaves joined by "and" / "or", at most a few of them. */
export function conditionText(node: unknown, depth = 0): string {
  if (!node || typeof node !== 'object') return '';
  const n = node as { all?: unknown[]; any?: unknown[]; not?: unknown } & Leaf;
  const group = (items: unknown[], word: string) => {
    const parts = items.slice(0, 2).map((c) => conditionText(c, depth + 1));
    const more = items.length > 2 ? ` ${word} ${items.length - 2} more` : '';
    const text = parts.join(` ${word} `) + more;
    return depth > 0 && items.length > 1 ? `(${text})` : text;
  };
  if (Array.isArray(n.all)) return group(n.all, 'and');
  if (Array.isArray(n.any)) return group(n.any, 'or');
  if ('not' in n) return `not ${conditionText(n.not, depth + 1)}`;
  return leafText(n);
}

export function nodeSummary(node: Pick<FlowNode, 'type' | 'settings'>, names: Names): string {
  const s = node.settings as Record<string, unknown>;
  switch (node.type) {
    case 'trigger':
      return '';
    case 'condition':
      return conditionText(s.condition);
    case 'decision-table': {
      const cols = list(s.columns).map((c) => String((c as { label?: unknown; fact?: unknown }).label ?? (c as { fact?: unknown }).fact ?? '').replace(/^order\./, ''));
      return `${plural(list(s.rows).length, 'row')} · ${cols.filter(Boolean).join(', ') || 'no columns'}`;
    }
    case 'route-to-supplier':
      return s.supplierId ? name(names, s.supplierId) : 'no supplier yet';
    case 'route-failover':
      return list(s.suppliers).length ? list(s.suppliers).map((id) => name(names, id)).join(' → ') : 'no suppliers yet';
    case 'route-nearest':
      return `${plural(list(s.areas).length, 'area')}${list(s.fallback).length ? `, fallback ${list(s.fallback).map((id) => name(names, id)).join(', ')}` : ''}`;
    case 'route-by-sku':
      return `${plural(list(s.rules).length, 'SKU rule')}, others: ${String(s.otherwise ?? 'priority')}`;
    case 'split-order':
      return `${String(s.prefer ?? 'fewest-suppliers')}${s.splitLines ? ', divides lines' : ''}`;
    case 'hold':
    case 'cancel-refund':
      return typeof s.reason === 'string' && s.reason ? `${node.type === 'cancel-refund' ? `${String(s.mode ?? 'partial')}: ` : ''}${s.reason}` : 'no reason yet';
    case 'notify-customer':
      return s.template ? `${String(s.template)} by ${String(s.channel ?? 'email')}` : 'no template yet';
    case 'add-tag':
      return list(s.tags).join(', ') || 'no tags yet';
    case 'call-webhook':
      return typeof s.url === 'string' && s.url ? s.url : 'no URL yet';
    default:
      return '';
  }
}
