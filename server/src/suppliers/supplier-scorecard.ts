/**
 * @module A supplier's scorecard: what it actually did over a period, against the agreement it had
 * agreed to — acknowledgments against the acknowledgment window, shipments against the turnaround (from
 * receipt, the cut-off applied), inventory feeds against their schedule, orders against the daily
 * capacity.
 *
 * Each order is judged by the agreement version in force when it was placed: a window tightened last
 * week doesn't make last month's orders late. An order counts as answered when it was acknowledged, or
 * shipped without an acknowledgment (some suppliers only send ship notices), or released (rejected,
 * backordered, cancelled; when, is its last update) — in time when that happened by the deadline. The
 * acknowledgment timer's own rejection comes after the deadline, so an order it failed over counts as
 * late. Orders the supplier no longer holds have no shipping deadline to meet.
 */
import { and, count, eq, gte, lt } from 'drizzle-orm';
import { CronExpressionParser } from 'cron-parser';
import type { Database, Queryable } from '../db/database.ts';
import { RELEASED_STATUSES, type SupplierOrderRow } from '../fulfillment/supplier-order-repository.ts';
import { allowedFeedAgeMs, lastFeedAt } from '../sla/feed-staleness.ts';
import { ackDeadline, shipDeadline } from '../sla/sla-deadlines.ts';
import { DEFAULT_TERMS, type AgreementTerms } from './agreement-terms.ts';
import type { AgreementRepository, AgreementVersion } from './agreement-repository.ts';
import { capacityLimit } from './capacity.ts';
import { localDate } from './zoned-time.ts';

/** On time, late, or not yet due: against one deadline per order. */
export interface DeadlineScore {
  onTime: number;
  late: number;
  /** Past the deadline with nothing yet. */
  missed: number;
  /** Nothing yet, the deadline still ahead. */
  open: number;
  /** onTime ÷ (onTime + late + missed); null when none is due yet. */
  onTimeRate: number | null;
}

export interface SupplierScorecardView {
  supplierId: string;
  from: number;
  to: number;
  /** The agreement versions the period's orders were judged by (none: the defaults). */
  agreementVersions: number[];
  orders: { placed: number; acknowledged: number; shipped: number; backordered: number; rejected: number; cancelled: number };
  acknowledgment: DeadlineScore & { windowMinutes: number; medianMinutes: number | null };
  shipping: DeadlineScore & { shipWithinHours: number; medianHours: number | null };
  /** Null when the agreement in force sets no feed schedule. */
  inventoryFeed: { cron: string; expected: number; received: number; lastFeedAt: number | null; allowedAgeMinutes: number; fresh: boolean } | null;
  /** Days of the period (the cut-off's time zone) on which orders were placed. */
  capacity: { ordersPerDay: number | null; busiestDay: { day: string; orders: number; limit: number | null } | null; daysOverLimit: number };
}

/** Periods longer than this are refused: the orders are read into memory. */
export const MAX_PERIOD_DAYS = 366;

export class SupplierScorecard {
  constructor(private readonly deps: { db: Database; agreements: AgreementRepository }) {}

  /** The scorecard of the orders placed in [from, to) and the feeds received then; `now` decides what is due. */
  async forSupplier(supplierId: string, from: number, to: number, now = Date.now(), tx: Queryable = this.deps.db.q): Promise<SupplierScorecardView> {
    const { db, agreements } = this.deps;
    const versions = (await agreements.versions(supplierId)).sort((a, b) => a.createdAt - b.createdAt);
    const so = db.t.supplierOrders;
    const rows = await tx
      .select()
      .from(so)
      .where(and(eq(so.supplierId, supplierId), gte(so.placedAt, from), lt(so.placedAt, to)))
      .orderBy(so.placedAt);

    const orders = { placed: rows.length, acknowledged: 0, shipped: 0, backordered: 0, rejected: 0, cancelled: 0 };
    const ack = emptyScore();
    const ship = emptyScore();
    const ackMinutes: number[] = [];
    const shipHours: number[] = [];
    const used = new Set<number>();
    const perDay = new Map<string, { orders: number; limit: number | null }>();
    for (const o of rows) {
      const placedAt = o.placedAt!;
      const version = versionAt(versions, placedAt);
      if (version) used.add(version.version);
      const terms = version?.terms ?? DEFAULT_TERMS;
      if (o.acknowledgedAt !== null) {
        orders.acknowledged++;
        ackMinutes.push((o.acknowledgedAt - placedAt) / 60_000);
      }
      if (o.shippedAt !== null) {
        orders.shipped++;
        shipHours.push((o.shippedAt - placedAt) / 3_600_000);
      }
      if (o.status === 'backordered' || o.status === 'rejected' || o.status === 'cancelled') orders[o.status]++;
      const released = RELEASED_STATUSES.includes(o.status as (typeof RELEASED_STATUSES)[number]);
      judge(ack, answeredAt(o, released), ackDeadline(placedAt, terms), now);
      if (!released || o.shippedAt !== null) judge(ship, o.shippedAt, shipDeadline(placedAt, terms), now);
      if (o.status !== 'rejected' && o.status !== 'cancelled') {
        const day = localDate(placedAt, terms.cutoff.timeZone);
        const d = perDay.get(day) ?? { orders: 0, limit: capacityLimit(terms, day).limit };
        d.orders++;
        perDay.set(day, d);
      }
    }

    const current = versionAt(versions, now)?.terms ?? DEFAULT_TERMS;
    let busiestDay: SupplierScorecardView['capacity']['busiestDay'] = null;
    let daysOverLimit = 0;
    for (const [day, d] of perDay) {
      if (d.limit !== null && d.orders > d.limit) daysOverLimit++;
      if (!busiestDay || d.orders > busiestDay.orders) busiestDay = { day, ...d };
    }
    return {
      supplierId,
      from,
      to,
      agreementVersions: [...used].sort((a, b) => a - b),
      orders,
      acknowledgment: { ...rate(ack), windowMinutes: current.acknowledgment.windowMinutes, medianMinutes: median(ackMinutes) },
      shipping: { ...rate(ship), shipWithinHours: current.turnaround.shipWithinHours, medianHours: median(shipHours) },
      inventoryFeed: await this.#feeds(tx, supplierId, current, from, to, now),
      capacity: { ordersPerDay: current.capacity?.ordersPerDay ?? null, busiestDay, daysOverLimit },
    };
  }

  /** Feeds received in the period against the runs the schedule in force expects then, and whether the last is fresh. */
  async #feeds(tx: Queryable, supplierId: string, terms: AgreementTerms, from: number, to: number, now: number): Promise<SupplierScorecardView['inventoryFeed']> {
    const feed = terms.inventoryFeed;
    const allowed = allowedFeedAgeMs(terms, now);
    if (!feed || allowed === undefined) return null;
    const runs = this.deps.db.t.supplierFeedRuns;
    const [row] = await tx
      .select({ n: count() })
      .from(runs)
      .where(and(eq(runs.supplierId, supplierId), gte(runs.finishedAt, from), lt(runs.finishedAt, to)));
    const last = (await lastFeedAt(this.deps.db, tx, supplierId)) ?? null;
    return {
      cron: feed.cron,
      expected: occurrences(feed.cron, terms.cutoff.timeZone, from, Math.min(to, now)),
      received: Number(row?.n ?? 0),
      lastFeedAt: last,
      allowedAgeMinutes: allowed / 60_000,
      fresh: last !== null && now - last <= allowed,
    };
  }
}

/** The version in force at `at`: the last made by then, or the first when `at` is before any. */
function versionAt(versions: AgreementVersion[], at: number): AgreementVersion | undefined {
  let found = versions[0];
  for (const v of versions) if (v.createdAt <= at) found = v;
  return found;
}

/** When the supplier answered the order, if it did (see the module's comment). */
function answeredAt(o: SupplierOrderRow, released: boolean): number | null {
  return o.acknowledgedAt ?? o.shippedAt ?? (released ? o.updatedAt : null);
}

function emptyScore(): Omit<DeadlineScore, 'onTimeRate'> {
  return { onTime: 0, late: 0, missed: 0, open: 0 };
}

function judge(score: Omit<DeadlineScore, 'onTimeRate'>, doneAt: number | null, deadline: number, now: number): void {
  if (doneAt !== null) score[doneAt <= deadline ? 'onTime' : 'late']++;
  else score[now > deadline ? 'missed' : 'open']++;
}

function rate(score: Omit<DeadlineScore, 'onTimeRate'>): DeadlineScore {
  const due = score.onTime + score.late + score.missed;
  return { ...score, onTimeRate: due === 0 ? null : score.onTime / due };
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** How many times `cron` fires in [from, to) (at most one a minute over a year: bounded). */
function occurrences(cron: string, tz: string, from: number, to: number): number {
  if (to <= from) return 0;
  const it = CronExpressionParser.parse(cron, { currentDate: new Date(from - 1), tz });
  let n = 0;
  while (n < MAX_PERIOD_DAYS * 1_440) {
    const at = it.next().getTime();
    if (at >= to) break;
    n++;
  }
  return n;
}
