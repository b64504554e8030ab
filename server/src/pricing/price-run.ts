/**
 * @module Pricing the store catalog: for each store product, the supplier that would fulfil it (best
 * priority with stock, else best priority with a cost), the rule that applies, and the retail price —
 * compared with the price the store has (the last one pushed, else the imported one). `preview` lists
 * the differences; `push` queues `store.update-prices` jobs for exactly those, in chunks, and records
 * them as pushed in the same transaction, so running it again queues nothing.
 */
import { and, eq } from 'drizzle-orm';
import type { PriceUpdate } from '@dropline/connectors/sdk';
import { money } from '@dropline/connectors/model';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { StoreProductRepository, StoreProductRow } from '../catalog/store-product-repository.ts';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database, Queryable } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { EnqueueJob, JobQueue } from '../jobs/job-queue.ts';
import type { AgreementRepository } from '../suppliers/agreement-repository.ts';
import { SUPPLIER_JOB_TYPES } from '../suppliers/supplier-job-types.ts';
import { retailPrice, selectRule, type PricingRule } from './price-calculator.ts';
import type { PricingRuleRepository } from './pricing-rule-repository.ts';

const PAGE = 1_000;
export const PRICE_PUSH_CHUNK = 100;

export interface PriceChange {
  storeId: string;
  sku: string;
  old: string | null;
  new: string;
  compareAtPrice: string | null;
  rule: { id: string; name: string };
  supplierId: string;
  cost: string;
  map: string | null;
  floor: 'map' | 'cost' | null;
}

export interface PriceScope {
  storeId?: string;
  skus?: string[];
}

export class PriceRun {
  constructor(
    private readonly deps: {
      db: Database;
      queue: JobQueue;
      catalog: CatalogRepository;
      products: StoreProductRepository;
      rules: PricingRuleRepository;
      agreements: AgreementRepository;
      connectors: ConnectorService;
    },
  ) {}

  /** The price changes a push would send; `limit` caps the list, `total` counts them all. */
  async preview(scope: PriceScope, limit = 1_000): Promise<{ total: number; items: PriceChange[]; unpriced: number }> {
    const items: PriceChange[] = [];
    let total = 0;
    let unpriced = 0;
    const rules = await this.deps.rules.list();
    for await (const page of this.#pages(scope)) {
      const { changes, skipped } = await this.#price(this.deps.db.q, page, rules);
      total += changes.length;
      unpriced += skipped;
      for (const c of changes) if (items.length < limit) items.push(c);
    }
    return { total, items, unpriced };
  }

  /** Queues the changes for stores whose connector can update prices; returns how many prices and jobs. */
  async push(scope: PriceScope): Promise<{ queued: number; jobs: number; runId: string }> {
    const runId = newId('prc');
    const stores = new Set((await this.deps.connectors.resolveKind('store')).filter((s) => s.def.actions?.updatePrices).map((s) => s.id));
    const rules = await this.deps.rules.list();
    let queued = 0;
    let jobs = 0;
    let pageNo = 0;
    for await (const page of this.#pages(scope)) {
      const eligible = page.filter((p) => stores.has(p.storeId));
      const n = pageNo++;
      if (eligible.length === 0) continue;
      const out = await this.deps.db.transaction(async (tx) => {
        const { changes } = await this.#price(tx, eligible, rules);
        const byStore = new Map<string, PriceChange[]>();
        for (const c of changes) {
          const list = byStore.get(c.storeId);
          if (list) list.push(c);
          else byStore.set(c.storeId, [c]);
        }
        const products = new Map(eligible.map((p) => [`${p.storeId}\u0000${p.sku}`, p]));
        const toQueue: EnqueueJob[] = [];
        const t = this.deps.db.t.storeProducts;
        for (const [storeId, list] of byStore) {
          for (let i = 0; i < list.length; i += PRICE_PUSH_CHUNK) {
            const items: PriceUpdate[] = list.slice(i, i + PRICE_PUSH_CHUNK).map((c) => {
              const product = products.get(`${c.storeId}\u0000${c.sku}`)!;
              return {
                sku: c.sku,
                price: c.new,
                ...(c.compareAtPrice ? { compareAtPrice: c.compareAtPrice } : {}),
                ...(product.productId ? { productId: product.productId } : {}),
                ...(product.variantId ? { variantId: product.variantId } : {}),
              };
            });
            toQueue.push({ type: SUPPLIER_JOB_TYPES.pushPrices, payload: { storeId, items }, dedupeKey: `price:${runId}:${storeId}:${n}:${i / PRICE_PUSH_CHUNK}` });
          }
          for (const c of list) await tx.update(t).set({ pushedPrice: c.new }).where(rowKey(this.deps.db, c.storeId, c.sku));
        }
        return { queued: changes.length, jobs: (await this.deps.queue.enqueue(tx, toQueue)).length };
      });
      queued += out.queued;
      jobs += out.jobs;
    }
    return { queued, jobs, runId };
  }

  async *#pages(scope: PriceScope): AsyncGenerator<StoreProductRow[]> {
    if (scope.skus) {
      for (let i = 0; i < scope.skus.length; i += PAGE) {
        yield await this.deps.products.list({ storeId: scope.storeId, skus: scope.skus.slice(i, i + PAGE), limit: PAGE * 50 });
      }
      return;
    }
    let after: { storeId: string; sku: string } | undefined;
    for (;;) {
      const page = await this.deps.products.list({ storeId: scope.storeId, after, limit: PAGE });
      if (page.length === 0) return;
      yield page;
      const last = page.at(-1)!;
      after = { storeId: last.storeId, sku: last.sku };
    }
  }

  async #price(tx: Queryable, products: StoreProductRow[], rules: PricingRule[]): Promise<{ changes: PriceChange[]; skipped: number }> {
    const candidates = await this.deps.catalog.pricedCandidates(tx, [...new Set(products.map((p) => p.sku))]);
    const bySku = new Map<string, typeof candidates>();
    for (const c of candidates) {
      const list = bySku.get(c.sku);
      if (list) list.push(c);
      else bySku.set(c.sku, [c]);
    }
    const terms = new Map<string, Awaited<ReturnType<AgreementRepository['terms']>>>();
    const changes: PriceChange[] = [];
    let skipped = 0;
    for (const p of products) {
      const priced = (bySku.get(p.sku) ?? []).filter((c) => c.cost !== null);
      const source = priced.find((c) => (c.stock ?? 0) > 0) ?? priced[0];
      if (!source) {
        skipped++;
        continue;
      }
      const rule = selectRule(rules, { supplierId: source.supplierId, vendor: p.vendor, productType: p.productType, tags: p.tags });
      if (!rule) {
        skipped++;
        continue;
      }
      if (!terms.has(source.supplierId)) terms.set(source.supplierId, await this.deps.agreements.terms(tx, source.supplierId));
      const t = terms.get(source.supplierId)!;
      const currency = source.currency ?? t.pricing.currency;
      const { price, floor } = retailPrice(rule, { cost: source.cost!, map: source.map, currency, mapEnforced: t.pricing.mapEnforced });
      const old = p.pushedPrice ?? p.price;
      if (old !== null && money.compare(old, price) === 0) continue;
      changes.push({
        storeId: p.storeId,
        sku: p.sku,
        old,
        new: price,
        compareAtPrice: source.msrp && money.compare(source.msrp, price) > 0 ? source.msrp : null,
        rule: { id: rule.id, name: rule.name },
        supplierId: source.supplierId,
        cost: source.cost!,
        map: source.map,
        floor,
      });
    }
    return { changes, skipped };
  }
}

function rowKey(db: Database, storeId: string, sku: string) {
  const t = db.t.storeProducts;
  return and(eq(t.storeId, storeId), eq(t.sku, sku));
}
