/**
 * @module Stock levels and prices into BigCommerce, found by variant SKU (every product has at least its
 * base variant, so variants cover simple products too).
 *
 * Variants are looked up with `GET /v3/catalog/variants?sku:in=…` (matched exactly on our side, and paged
 * through `meta.pagination`); stock is set absolutely at the configured location with the Inventory API
 * (`PUT /v3/inventory/adjustments/absolute`), so a repeat changes nothing; prices go through the batch
 * variant update (`PUT /v3/catalog/variants`, 50 per call). A "was" price becomes the price with the new
 * one as the sale price. SKUs the store doesn't have are skipped and logged.
 */
import type { ActionContext, InventoryLevel, PriceUpdate } from '../sdk/actions.ts';
import { bigCommerceApi, type BigCommerceApi, type BigCommerceConfig, type BigCommerceSecrets } from './rest-api.ts';

type Ctx = ActionContext<BigCommerceConfig & { locationId?: number }, BigCommerceSecrets>;

const SKU_BATCH = 50;
const PRICE_BATCH = 50;
const STOCK_BATCH = 500;

interface Variant {
  id: number;
  product_id: number;
  sku: string;
}

interface Page<T> {
  data: T[];
  meta: { pagination?: { current_page: number; total_pages: number } };
}

async function variantsBySku(api: BigCommerceApi, skus: string[]): Promise<Map<string, Variant>> {
  const found = new Map<string, Variant>();
  const unique = [...new Set(skus)];
  for (let i = 0; i < unique.length; i += SKU_BATCH) {
    const batch = unique.slice(i, i + SKU_BATCH);
    for (let page = 1, pages = 1; page <= pages; page++) {
      const { body } = await api.request<Page<Variant>>('/v3/catalog/variants', { query: { 'sku:in': batch.join(','), limit: 250, page } });
      for (const v of body.data) if (batch.includes(v.sku) && !found.has(v.sku)) found.set(v.sku, v);
      pages = body.meta.pagination?.total_pages ?? 1;
    }
  }
  return found;
}

export async function setBigCommerceInventory(input: { items: InventoryLevel[] }, ctx: Ctx): Promise<{ updated: number }> {
  const api = bigCommerceApi(ctx);
  const found = await variantsBySku(api, input.items.map((i) => i.sku));
  logMissing(ctx, input.items.map((i) => i.sku), found);
  const items = input.items.flatMap((i) => {
    const v = found.get(i.sku);
    return v ? [{ location_id: ctx.config.locationId ?? 1, variant_id: v.id, quantity: i.quantity }] : [];
  });
  for (let i = 0; i < items.length; i += STOCK_BATCH) {
    await api.request('/v3/inventory/adjustments/absolute', {
      method: 'PUT',
      json: { reason: `Dropline stock sync ${ctx.idempotencyKey}`.slice(0, 255), items: items.slice(i, i + STOCK_BATCH) },
    });
  }
  return { updated: items.length };
}

export async function updateBigCommercePrices(input: { items: PriceUpdate[] }, ctx: Ctx): Promise<{ updated: number }> {
  const api = bigCommerceApi(ctx);
  const found = await variantsBySku(api, input.items.map((i) => i.sku));
  logMissing(ctx, input.items.map((i) => i.sku), found);
  const updates = input.items.flatMap((i) => {
    const v = found.get(i.sku);
    if (!v) return [];
    return [
      i.compareAtPrice !== undefined
        ? { id: v.id, price: Number(i.compareAtPrice), sale_price: Number(i.price) }
        : { id: v.id, price: Number(i.price), sale_price: 0 },
    ];
  });
  for (let i = 0; i < updates.length; i += PRICE_BATCH) {
    await api.request('/v3/catalog/variants', { method: 'PUT', json: updates.slice(i, i + PRICE_BATCH) });
  }
  return { updated: updates.length };
}

function logMissing(ctx: Ctx, skus: string[], found: Map<string, unknown>) {
  const missing = [...new Set(skus)].filter((s) => !found.has(s));
  if (missing.length) ctx.log.warn({ skus: missing.slice(0, 50), count: missing.length }, 'SKUs not found in the BigCommerce store; skipped');
}
