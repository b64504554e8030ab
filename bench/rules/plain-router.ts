/**
 * @module The floor: the benchmark flow's logic written by hand as one plain TypeScript function, with the
 * same semantics as the flow runtime (stock policies, exclusions, reservations across lines, tie-breaks,
 * split strategies, refund amounts). No rules, no promises, no trace. The benchmark checks that it decides
 * exactly like the flow on every generated order before timing anything.
 */
import { money, type Assignment } from '@dropline/connectors/model';
import type { FlowRunInput, RoutingCandidate, SupplierTerms } from '@dropline/rules';
import { lineWorth } from '../../rules/src/nodes/cancel-refund.ts';
import { ASIA_PACIFIC, EUROPE, NORTH_AMERICA } from './routing-flow.ts';

/** What the comparison looks at: outcome, placements, unplaced lines and actions, in a canonical form. */
export interface DecisionSummary {
  kind: 'assign' | 'hold';
  hold?: string;
  assignments: string[];
  unassigned: string[];
  actions: string[];
}

interface Line {
  lineId: string;
  sku: string | null;
  quantity: number;
  initial: number;
  done: boolean;
}

type Policy = 'require' | 'allow-unknown';

export function plainRoute(input: FlowRunInput, terms: Record<string, SupplierTerms>): DecisionSummary {
  const order = input.order;
  const reserved = new Map<string, number>();
  const assignments: Assignment[] = [];
  const actions: string[] = [];
  const lines: Line[] = input.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity, initial: l.quantity, done: false }));
  const ids = (ls: Line[]) => ls.map((l) => l.lineId).join(',');
  const email = order.customer.email;

  const ship = order.shippingAddress?.country;
  const bill = order.billingAddress?.country;
  const fraud = (bill !== undefined && ship !== bill) || money.compare(order.total, '5000') > 0;
  if (fraud) {
    const all = ids(lines);
    actions.push(`add-tag:fraud-review:${all}`, `hold:possible fraud:${all}`, `notify-customer:order-under-review:${email}:${all}`, `call-webhook:https://fraud.example.com/hooks/dropline:${all}`);
    return { kind: 'hold', hold: 'hold-review', assignments: [], unassigned: [], actions };
  }
  if (order.tags.includes('vip')) actions.push(`add-tag:vip-routing:${ids(lines)}`);

  const inList = (list: string[]) => ship !== undefined && list.includes(ship);
  const region = inList(NORTH_AMERICA)
    ? 'na'
    : inList(EUROPE) && money.compare(order.total, '100') > 0
      ? 'eu'
      : inList(EUROPE)
        ? 'eu-small'
        : inList(ASIA_PACIFIC)
          ? 'apac'
          : 'intl';

  const excludedFor = (l: Line) => input.excluded[l.lineId] ?? [];
  const candidatesFor = (l: Line) => {
    const ex = excludedFor(l);
    const all = input.candidates[l.lineId] ?? [];
    return ex.length ? all.filter((c) => !ex.some((e) => e.supplierId === c.supplierId)) : all;
  };
  const key = (c: RoutingCandidate) => `${c.supplierId}\u0000${c.supplierSku}`;
  const available = (c: RoutingCandidate) => (c.stock === null ? null : c.stock - (reserved.get(key(c)) ?? 0));
  const canTake = (l: Line, supplierId: string, policy: Policy): RoutingCandidate | undefined => {
    if (l.sku === null || excludedFor(l).some((e) => e.supplierId === supplierId)) return undefined;
    const c = candidatesFor(l).find((x) => x.supplierId === supplierId);
    if (!c) return undefined;
    const a = available(c);
    if (a === null ? policy === 'require' : a < l.quantity) return undefined;
    return c;
  };
  const place = (l: Line, c: RoutingCandidate, quantity = l.quantity) => {
    reserved.set(key(c), (reserved.get(key(c)) ?? 0) + quantity);
    l.quantity -= quantity;
    if (l.quantity === 0) l.done = true;
    assignments.push({ lineId: l.lineId, sku: l.sku, quantity, supplierId: c.supplierId, supplierSku: c.supplierSku });
  };
  const firstOf = (l: Line, chain: string[], policy: Policy = 'require') => {
    for (const s of chain) {
      const c = canTake(l, s, policy);
      if (c) return c;
    }
    return undefined;
  };
  const costOrder = (a: RoutingCandidate, b: RoutingCandidate) => (a.cost === null || b.cost === null ? (a.cost === null ? (b.cost === null ? 0 : 1) : -1) : money.compare(a.cost, b.cost));

  const toSplit: Line[] = [];
  const toValueCheck: Line[] = [];
  const intl: Line[] = [];
  for (const l of lines) {
    let c: RoutingCandidate | undefined;
    if (region === 'na') {
      if (l.sku !== null && /^EXPRESS-/.test(l.sku)) {
        const eligible = ['us-east', 'us-west', 'dropco'].map((s) => canTake(l, s, 'require')).filter((x): x is RoutingCandidate => x !== undefined);
        const days = (x: RoutingCandidate) => terms[x.supplierId]?.leadTimeDays;
        c = eligible.sort((a, b) => {
          const da = days(a);
          const db = days(b);
          const speed = da === undefined || db === undefined ? (da === undefined ? (db === undefined ? 0 : 1) : -1) : da - db;
          return speed || costOrder(a, b) || a.priority - b.priority;
        })[0];
      } else if (l.sku !== null && l.sku.startsWith('BOOK-')) {
        c = canTake(l, 'dropco', 'require');
      }
      c ??= firstOf(l, ['us-east', 'us-west', 'dropco']);
    } else if (region === 'eu') {
      // Nearest: the area's suppliers then the fallback, which for every European area here is this chain.
      c = firstOf(l, ['eu-west', 'dropco']);
    } else if (region === 'eu-small') {
      const eligible = candidatesFor(l)
        .map((x) => canTake(l, x.supplierId, 'require'))
        .filter((x): x is RoutingCandidate => x !== undefined);
      c = eligible.sort((a, b) => costOrder(a, b) || a.priority - b.priority)[0];
    } else if (region === 'apac') {
      c = canTake(l, 'apac', 'allow-unknown');
    } else {
      intl.push(l);
      continue;
    }
    if (c) place(l, c);
    else toSplit.push(l);
  }
  if (region === 'intl') {
    actions.push(`add-tag:international:${ids(intl)}`);
    for (const l of intl) {
      const c = l.sku === null ? undefined : candidatesFor(l).find((x) => canTake(l, x.supplierId, 'require'));
      if (c) place(l, c);
      else toValueCheck.push(l);
    }
  }
  if (toSplit.length) toValueCheck.push(...splitFewest(toSplit));

  if (toValueCheck.length) {
    if (money.compare(order.total, '200') > 0) {
      actions.push(`hold:valuable order without a supplier:${ids(toValueCheck)}`, `notify-customer:order-delayed:${email}:${ids(toValueCheck)}`);
      return { kind: 'hold', hold: 'hold-no-stock', assignments: [], unassigned: [], actions };
    }
    const worth = lineWorth(order, true);
    const refunded = toValueCheck.map((l) => {
      const w = worth.get(l.lineId)!;
      // Rounded half-up to cents (USD orders here).
      const amount = (l.quantity === w.quantity ? w.amount : w.amount.times(l.quantity).div(w.quantity)).toFixed(2);
      l.done = true;
      return { l, amount };
    });
    const total = money.toCurrencyPrecision(money.add('0', ...refunded.map((r) => r.amount)), order.currency);
    actions.push(`cancel-refund:partial:${total}:${refunded.map((r) => `${r.l.lineId}×${r.l.quantity}=${r.amount}`).join(',')}`);
    actions.push(`notify-customer:partial-refund:${email}:${ids(toValueCheck)}`);
  }
  return {
    kind: 'assign',
    assignments: assignments.map((a) => `${a.lineId}→${a.supplierId}×${a.quantity}`).sort(),
    unassigned: lines.filter((l) => !l.done && l.quantity > 0).map((l) => `${l.lineId}×${l.quantity}`),
    actions,
  };

  /** Fewest suppliers, then divide what is left; returns the lines still not placed. */
  function splitFewest(pool: Line[]): Line[] {
    const wholeFor = (l: Line) => candidatesFor(l).filter((c) => canTake(l, c.supplierId, 'require'));
    let open = pool.filter((l) => l.sku !== null);
    const used = new Set<string>();
    for (;;) {
      const coverage = new Map<string, { lines: Map<Line, RoutingCandidate>; best: number }>();
      for (const l of open) {
        for (const c of wholeFor(l)) {
          const e = coverage.get(c.supplierId) ?? { lines: new Map(), best: c.priority };
          e.lines.set(l, c);
          e.best = Math.min(e.best, c.priority);
          coverage.set(c.supplierId, e);
        }
      }
      const best = [...coverage.entries()].sort(([a, x], [b, y]) => y.lines.size - x.lines.size || x.best - y.best || (a < b ? -1 : 1))[0];
      if (!best) break;
      used.add(best[0]);
      let placed = 0;
      for (const [l, c] of best[1].lines) {
        if (!canTake(l, c.supplierId, 'require')) continue;
        place(l, c);
        placed++;
      }
      open = open.filter((l) => l.quantity > 0);
      if (placed === 0) break;
    }
    for (const l of open) {
      const byUse = [...candidatesFor(l)].sort((a, b) => Number(used.has(b.supplierId)) - Number(used.has(a.supplierId)) || a.priority - b.priority);
      for (const c of byUse) {
        if (l.quantity === 0) break;
        const a = available(c);
        if (a === null || a <= 0) continue;
        place(l, c, Math.min(a, l.quantity));
      }
    }
    return pool.filter((l) => l.quantity > 0);
  }
}
