/**
 * @module Stale inventory feeds. A supplier whose agreement sets a feed schedule must have sent (or had
 * fetched) a feed within `staleAfterMinutes`, by default twice the interval of its cron: one missed run
 * is noise, two is a problem. Otherwise a `feed_stale` alert is raised, once per stale episode (the
 * dedupe key names the last feed), and resolved when a feed arrives.
 */
import { CronExpressionParser } from 'cron-parser';
import { eq, sql } from 'drizzle-orm';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { JobHandler } from '../jobs/job-runner.ts';
import type { AgreementTerms } from '../suppliers/agreement-terms.ts';
import type { AgreementRepository } from '../suppliers/agreement-repository.ts';
import { SUPPLIER_JOB_TYPES } from '../suppliers/supplier-job-types.ts';
import type { AlertRepository } from './alert-repository.ts';

export const FEED_STALE = 'feed_stale';

/** How old a feed may get under these terms; undefined when the agreement sets no feed schedule. */
export function allowedFeedAgeMs(terms: AgreementTerms, now: number): number | undefined {
  const feed = terms.inventoryFeed;
  if (!feed) return undefined;
  if (feed.staleAfterMinutes !== undefined) return feed.staleAfterMinutes * 60_000;
  const cron = CronExpressionParser.parse(feed.cron, { currentDate: new Date(now), tz: terms.cutoff.timeZone });
  const first = cron.next().getTime();
  const second = cron.next().getTime();
  return 2 * (second - first);
}

/** The last time stock arrived from the supplier: its latest feed run (uploads, fetches and pushed stock all record one). */
export async function lastFeedAt(db: Database, tx: Queryable, supplierId: string): Promise<number | undefined> {
  const runs = db.t.supplierFeedRuns;
  const [row] = await tx.select({ at: sql<number | null>`max(${runs.finishedAt})` }).from(runs).where(eq(runs.supplierId, supplierId));
  return row?.at == null ? undefined : Number(row.at);
}

export interface StaleFeed {
  supplierId: string;
  lastFeedAt: number | null;
  allowedMs: number;
  raised: boolean;
}

export class FeedStalenessCheck {
  constructor(private readonly deps: { db: Database; agreements: AgreementRepository; alerts: AlertRepository; connectors: ConnectorService }) {}

  /** Checks every enabled supplier with a feed schedule; returns the stale ones. */
  async run(now = Date.now()): Promise<StaleFeed[]> {
    const { db, agreements, alerts } = this.deps;
    const enabled = new Set((await this.deps.connectors.list({ kind: 'supplier' })).filter((c) => c.enabled).map((c) => c.id));
    const stale: StaleFeed[] = [];
    for (const agreement of await agreements.allCurrent()) {
      if (!enabled.has(agreement.supplierId)) continue;
      const allowedMs = allowedFeedAgeMs(agreement.terms, now);
      if (allowedMs === undefined) continue;
      await db.transaction(async (tx) => {
        const last = await lastFeedAt(db, tx, agreement.supplierId);
        // Never a feed: the clock runs from the first agreement, not from the epoch.
        const since = last ?? (await agreements.since(tx, agreement.supplierId)) ?? now;
        if (now - since <= allowedMs) {
          await alerts.resolve(tx, agreement.supplierId, FEED_STALE, now);
          return;
        }
        const minutes = Math.round((now - since) / 60_000);
        const raised = await alerts.raise(
          tx,
          {
            code: FEED_STALE,
            supplierId: agreement.supplierId,
            message: last
              ? `no inventory feed from ${agreement.supplierId} for ${minutes} min (allowed ${Math.round(allowedMs / 60_000)} min)`
              : `no inventory feed from ${agreement.supplierId} since its agreement began ${minutes} min ago (allowed ${Math.round(allowedMs / 60_000)} min)`,
            data: { lastFeedAt: last ? new Date(last).toISOString() : null, allowedMinutes: allowedMs / 60_000, cron: agreement.terms.inventoryFeed?.cron },
            dedupeKey: `${FEED_STALE}:${agreement.supplierId}:${last ?? 'never'}`,
          },
          now,
        );
        stale.push({ supplierId: agreement.supplierId, lastFeedAt: last ?? null, allowedMs, raised });
      });
    }
    return stale;
  }
}

export function feedStalenessJob(check: FeedStalenessCheck): JobHandler<Record<string, never>> {
  return {
    type: SUPPLIER_JOB_TYPES.feedStaleness,
    async run(_payload, ctx) {
      const stale = await check.run();
      if (stale.some((s) => s.raised)) ctx.log.warn({ suppliers: stale.filter((s) => s.raised).map((s) => s.supplierId) }, 'stale inventory feeds');
    },
  };
}
