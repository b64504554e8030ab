/**
 * @module The facts of one run: built from the input once, derived values computed on first use, provider
 * lookups memoised so that conditions, actions and the trace share one call per distinct argument.
 *
 * Nothing here changes during a run: conditions see the order as it came in, even after an action tagged it.
 */
import Big from 'big.js';
import { minorUnits, type CanonicalOrder, type OrderLine } from '@dropline/connectors/model';
import type { FlowRunInput } from '../runtime/decision.ts';
import type { RoutingCandidate, RoutingLine } from '../routing/routing-types.ts';
import type { Availability } from '../operators/stock.ts';
import { velocityKey, type AddressCheck, type FactProvider, type RecentOrders, type SupplierTerms, type VelocityKey } from './fact-provider.ts';

/** A line as the run tracks it: `quantity` shrinks as routing nodes place parts of it. */
export interface LineState {
  readonly index: number;
  readonly lineId: string;
  readonly sku: string | null;
  readonly title: string;
  readonly unitPrice: string;
  /** Quantity still to place. */
  quantity: number;
  /** The quantity the run started with. */
  readonly initialQuantity: number;
  readonly orderLine: OrderLine | undefined;
  /** Why the last routing node could not place it, for `unassigned`. */
  lastReason?: string;
  /** The node that placed all of it, or settled it (refund). */
  doneBy?: string;
  /** The line reached at least one routing node. */
  routed?: boolean;
  facts: LineFacts;
}

/** What closures and engine facts read: the run, and the line when evaluating line-level rules. */
export interface Scope {
  readonly run: RunFacts;
  readonly lf: LineFacts | undefined;
}

/** Results of compiled conditions already evaluated for this order or line (see compileRuleTests). */
export interface ConditionMemo {
  memo: Uint8Array | undefined;
}

export interface LineDerived {
  lineTotal: string;
  candidates: string[];
  candidateCount: number;
  availability: Availability;
  excludedSuppliers: string[];
}

const NONE: readonly never[] = Object.freeze([]);

export class LineFacts implements Scope, ConditionMemo {
  readonly run: RunFacts;
  readonly state: LineState;
  memo: Uint8Array | undefined = undefined;
  #line: Record<string, unknown> | undefined;
  #derived: LineDerived | undefined;
  #stock: Map<string, Promise<number | null>> | undefined;

  constructor(run: RunFacts, state: LineState) {
    this.run = run;
    this.state = state;
  }

  get lf(): LineFacts {
    return this;
  }

  /** The order line with `quantity` = what is still to place (the `line` fact). */
  line(): Record<string, unknown> {
    if (!this.#line) {
      const s = this.state;
      this.#line = { ...(s.orderLine ?? {}), lineId: s.lineId, sku: s.sku, title: s.title, unitPrice: s.unitPrice, quantity: s.initialQuantity };
    }
    return this.#line;
  }

  /** Derived line values (the `lineFacts` fact). */
  derived(): LineDerived {
    if (!this.#derived) {
      const s = this.state;
      const candidates = this.run.candidates(s.lineId);
      const stock: Record<string, number | null> = {};
      for (const c of candidates) stock[c.supplierId] = c.stock;
      this.#derived = {
        lineTotal: lineNet(s, s.initialQuantity, this.run.order.currency),
        candidates: candidates.map((c) => c.supplierId),
        candidateCount: candidates.length,
        availability: { quantity: s.initialQuantity, stock },
        excludedSuppliers: this.run.excludedFor(s.lineId).map((e) => e.supplierId),
      };
    }
    return this.#derived;
  }

  /** The supplier's stock of this line's SKU: from the candidates when it is one, else from the provider. */
  stockAt(supplierId: string): Promise<number | null> {
    this.#stock ??= new Map();
    let p = this.#stock.get(supplierId);
    if (!p) {
      const c = this.run.candidates(this.state.lineId).find((x) => x.supplierId === supplierId);
      p = c ? Promise.resolve(c.stock) : this.state.sku === null ? Promise.resolve(null) : this.run.provider.supplierStock(supplierId, this.state.sku);
      this.#stock.set(supplierId, p);
    }
    return p;
  }
}

/** Unit price × quantity less the discount share, rounded to the currency. */
export function lineNet(s: Pick<LineState, 'unitPrice' | 'orderLine'>, quantity: number, currency: string): string {
  let net = new Big(s.unitPrice).times(quantity);
  const ol = s.orderLine;
  if (ol && ol.quantity > 0 && ol.totalDiscount !== '0') net = net.minus(new Big(ol.totalDiscount).times(quantity).div(ol.quantity));
  return net.round(minorUnits(currency), Big.roundHalfUp).toFixed(minorUnits(currency));
}

export class RunFacts implements Scope, ConditionMemo {
  memo: Uint8Array | undefined = undefined;
  readonly input: FlowRunInput;
  readonly provider: FactProvider;
  readonly order: CanonicalOrder;
  readonly clock: { now: string };
  readonly nowMs: number;
  readonly event: Record<string, unknown> | undefined;
  readonly lines: LineState[];
  readonly lf = undefined;
  #orderFacts: { lineCount: number; totalQuantity: number } | undefined;
  #routing: { attempt: number; cause: string; excludedSuppliers: string[]; lineCount: number } | undefined;
  #eventFacts: { expectedInDays?: number; lineCount?: number } | undefined;
  // Created on first use: most runs need few of them, and a run is short-lived garbage.
  #fetchedCandidates: Map<string, RoutingCandidate[]> | undefined;
  #terms: Map<string, Promise<SupplierTerms | undefined>> | undefined;
  #recent: Map<string, Promise<RecentOrders | undefined>> | undefined;
  #address: Promise<{ verdict: AddressCheck['verdict']; corrected: boolean } | undefined> | undefined;

  constructor(input: FlowRunInput, provider: FactProvider, nowMs: number) {
    this.input = input;
    this.provider = provider;
    this.order = input.order;
    this.nowMs = nowMs;
    this.clock = { now: new Date(nowMs).toISOString() };
    this.event = input.event?.data;
    const orderLines = input.order.lines;
    this.lines = input.lines.map((l: RoutingLine, index) => {
      let orderLine: OrderLine | undefined;
      for (const ol of orderLines) {
        if (ol.lineId === l.lineId) {
          orderLine = ol;
          break;
        }
      }
      const state = {
        index,
        lineId: l.lineId,
        sku: l.sku,
        title: l.title,
        unitPrice: l.unitPrice,
        quantity: l.quantity,
        initialQuantity: l.quantity,
        orderLine,
      } as LineState;
      state.facts = new LineFacts(this, state);
      return state;
    });
  }

  get run(): RunFacts {
    return this;
  }

  /** Lines the input gave no candidates for get them from the catalog mapping, before anything is evaluated. */
  async fetchMissingCandidates(): Promise<void> {
    const missing = this.lines.filter((l) => l.sku !== null && !Object.hasOwn(this.input.candidates, l.lineId));
    this.#fetchedCandidates ??= new Map();
    for (const l of missing) this.#fetchedCandidates.set(l.lineId, await this.provider.catalogCandidates(l.sku!));
  }

  needsCandidates(): boolean {
    return this.lines.some((l) => l.sku !== null && !Object.hasOwn(this.input.candidates, l.lineId));
  }

  excludedFor(lineId: string): readonly { supplierId: string; reason: string }[] {
    return this.input.excluded[lineId] ?? NONE;
  }

  /** Candidates for a line, best priority first, suppliers excluded for it left out (defensively, again). */
  candidates(lineId: string): readonly RoutingCandidate[] {
    const given = this.input.candidates[lineId] ?? this.#fetchedCandidates?.get(lineId) ?? NONE;
    const excluded = this.input.excluded[lineId];
    // The hub already leaves excluded suppliers out; filter (and allocate) only if one slipped through.
    if (!excluded || excluded.length === 0 || !given.some((c) => excluded.some((e) => e.supplierId === c.supplierId))) return given;
    return given.filter((c) => !excluded.some((e) => e.supplierId === c.supplierId));
  }

  orderFacts(): { lineCount: number; totalQuantity: number } {
    if (!this.#orderFacts) {
      let totalQuantity = 0;
      for (const l of this.order.lines) totalQuantity += l.quantity;
      this.#orderFacts = { lineCount: this.order.lines.length, totalQuantity };
    }
    return this.#orderFacts;
  }

  routing(): { attempt: number; cause: string; excludedSuppliers: string[]; lineCount: number } {
    if (!this.#routing) {
      const excluded = new Set<string>();
      for (const list of Object.values(this.input.excluded)) for (const e of list) excluded.add(e.supplierId);
      this.#routing = { attempt: this.input.attempt, cause: this.input.cause.type, excludedSuppliers: [...excluded], lineCount: this.lines.length };
    }
    return this.#routing;
  }

  eventFacts(): { expectedInDays?: number; lineCount?: number } {
    if (!this.#eventFacts) {
      const out: { expectedInDays?: number; lineCount?: number } = {};
      const expectedAt = this.event?.expectedAt;
      if (typeof expectedAt === 'string' && !Number.isNaN(Date.parse(expectedAt))) {
        // Whole days, rounded up: stock expected in 30 hours is "2 days" away for a customer.
        out.expectedInDays = Math.max(0, Math.ceil((Date.parse(expectedAt) - this.nowMs) / 86_400_000));
      }
      if (Array.isArray(this.event?.lines)) out.lineCount = this.event.lines.length;
      this.#eventFacts = out;
    }
    return this.#eventFacts;
  }

  supplier(supplierId: string): Promise<SupplierTerms | undefined> {
    this.#terms ??= new Map();
    let p = this.#terms.get(supplierId);
    if (!p) {
      p = this.provider.supplierTerms(supplierId);
      this.#terms.set(supplierId, p);
    }
    return p;
  }

  recentOrders(by: VelocityKey, windowHours: number): Promise<RecentOrders | undefined> {
    const memo = `${by}|${windowHours}`;
    this.#recent ??= new Map();
    let p = this.#recent.get(memo);
    if (!p) {
      const key = velocityKey(by, this.order);
      p =
        key === undefined
          ? Promise.resolve(undefined)
          : this.provider.recentOrders({ by, key, windowHours, excludeOrderId: this.order.id, currency: this.order.currency, now: this.clock.now });
      this.#recent.set(memo, p);
    }
    return p;
  }

  addressCheck(): Promise<{ verdict: AddressCheck['verdict']; corrected: boolean } | undefined> {
    if (!this.#address) {
      const address = this.order.shippingAddress;
      this.#address = address
        ? this.provider.validateAddress(address, { orderId: this.order.id }).then((r) => (r ? { verdict: r.verdict, corrected: r.verdict === 'corrected' } : undefined))
        : Promise.resolve(undefined);
    }
    return this.#address;
  }
}
