/**
 * @module Stock levels and prices into WooCommerce, found by SKU.
 *
 * `GET /products?sku=a,b,…` finds simple products and variations alike (a variation comes back with its
 * `parent_id`); updates go through the batch endpoints, simple products in `POST /products/batch` and
 * variations per parent in `POST /products/{parent}/variations/batch`, 100 at a time (WooCommerce's
 * limit). Quantities are set, not adjusted, with stock management switched on, so a repeat changes
 * nothing. A "was" price becomes the regular price with the new price as the sale price. SKUs the store
 * doesn't have are skipped and logged.
 */
import type { ActionContext, InventoryLevel, PriceUpdate } from '../sdk/actions.ts';
import { wooApi, type WooApi, type WooConfig, type WooSecrets } from './rest-api.ts';

type Ctx = ActionContext<WooConfig, WooSecrets>;

const SKU_BATCH = 50;
const WRITE_BATCH = 100;

interface WooProduct {
  id: number;
  sku: string;
  type: string;
  parent_id: number;
}

async function productsBySku(api: WooApi, skus: string[]): Promise<Map<string, WooProduct>> {
  const found = new Map<string, WooProduct>();
  const unique = [...new Set(skus)];
  for (let i = 0; i < unique.length; i += SKU_BATCH) {
    const batch = unique.slice(i, i + SKU_BATCH);
    const { body } = await api.request<WooProduct[]>('/products', { query: { sku: batch.join(','), per_page: 100 } });
    for (const p of body) if (batch.includes(p.sku) && !found.has(p.sku)) found.set(p.sku, p);
  }
  return found;
}

/** Writes `updates` (by product) through the batch endpoints; returns how many products were written. */
async function writeBatches(api: WooApi, log: Ctx['log'], found: Map<string, WooProduct>, updates: { sku: string; fields: Record<string, unknown> }[]): Promise<number> {
  const byEndpoint = new Map<string, Record<string, unknown>[]>();
  for (const u of updates) {
    const p = found.get(u.sku);
    if (!p) continue;
    const endpoint = p.type === 'variation' && p.parent_id ? `/products/${p.parent_id}/variations/batch` : '/products/batch';
    const list = byEndpoint.get(endpoint) ?? [];
    list.push({ id: p.id, ...u.fields });
    byEndpoint.set(endpoint, list);
  }
  let written = 0;
  for (const [endpoint, list] of byEndpoint) {
    for (let i = 0; i < list.length; i += WRITE_BATCH) {
      const { body } = await api.request<{ update?: { id: number; error?: { code: string; message: string } }[] }>(endpoint, {
        method: 'POST',
        json: { update: list.slice(i, i + WRITE_BATCH) },
      });
      // A batch answers 200 with an error per item it could not write.
      const results = body.update ?? [];
      const failed = results.filter((r) => r.error);
      if (failed.length) log.warn({ endpoint, failed: failed.slice(0, 20) }, 'WooCommerce refused some items of a batch update');
      written += results.length - failed.length;
    }
  }
  return written;
}

export async function setWooInventory(input: { items: InventoryLevel[] }, ctx: Ctx): Promise<{ updated: number }> {
  const api = wooApi(ctx);
  const found = await productsBySku(api, input.items.map((i) => i.sku));
  logMissing(ctx, input.items.map((i) => i.sku), found);
  const updated = await writeBatches(
    api,
    ctx.log,
    found,
    input.items.map((i) => ({ sku: i.sku, fields: { manage_stock: true, stock_quantity: i.quantity } })),
  );
  return { updated };
}

export async function updateWooPrices(input: { items: PriceUpdate[] }, ctx: Ctx): Promise<{ updated: number }> {
  const api = wooApi(ctx);
  const found = await productsBySku(api, input.items.map((i) => i.sku));
  logMissing(ctx, input.items.map((i) => i.sku), found);
  const updated = await writeBatches(
    api,
    ctx.log,
    found,
    input.items.map((i) => ({
      sku: i.sku,
      fields: i.compareAtPrice !== undefined ? { regular_price: i.compareAtPrice, sale_price: i.price } : { regular_price: i.price, sale_price: '' },
    })),
  );
  return { updated };
}

function logMissing(ctx: Ctx, skus: string[], found: Map<string, unknown>) {
  const missing = [...new Set(skus)].filter((s) => !found.has(s));
  if (missing.length) ctx.log.warn({ skus: missing.slice(0, 50), count: missing.length }, 'SKUs not found in the WooCommerce store; skipped');
}
