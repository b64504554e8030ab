/**
 * @module Stock levels and prices into Magento, by SKU.
 *
 * Stock goes through the catalog inventory stock items: `GET /V1/stockItems/{sku}` for the item id, then
 * `PUT /V1/products/{sku}/stockItems/{itemId}` with the quantity (set, not adjusted; in stock when above
 * zero). Prices go in bulk through `POST /V1/products/base-prices`; a "was" price becomes the base price
 * with the new price as a special price (`POST /V1/products/special-price`), and a price without one
 * clears any special price left from before, so the shop shows what we said. SKUs the store doesn't have
 * are skipped and logged; Magento reports them per item in the bulk answers.
 */
import type { ActionContext, InventoryLevel, PriceUpdate } from '../sdk/actions.ts';
import { UpstreamError } from '../sdk/errors.ts';
import { magentoTime } from './poll-orders.ts';
import { magentoApi, type MagentoConfig, type MagentoSecrets } from './rest-api.ts';

type Ctx = ActionContext<MagentoConfig, MagentoSecrets>;
/** Bulk price endpoints answer 200 with one entry per item they refused. */
type PriceErrors = { message: string; parameters?: string[] }[];

export async function setMagentoInventory(input: { items: InventoryLevel[] }, ctx: Ctx): Promise<{ updated: number }> {
  const api = magentoApi(ctx);
  let updated = 0;
  const missing: string[] = [];
  for (const item of input.items) {
    const sku = encodeURIComponent(item.sku);
    const { status, body } = await api.request<{ item_id: number }>(`/stockItems/${sku}`, { accept: [404] });
    if (status === 404) {
      missing.push(item.sku);
      continue;
    }
    await api.request(`/products/${sku}/stockItems/${body.item_id}`, {
      method: 'PUT',
      json: { stockItem: { qty: item.quantity, is_in_stock: item.quantity > 0 } },
    });
    updated++;
  }
  if (missing.length) ctx.log.warn({ skus: missing.slice(0, 50), count: missing.length }, 'SKUs not found in the Magento store; skipped');
  return { updated };
}

export async function updateMagentoPrices(input: { items: PriceUpdate[] }, ctx: Ctx): Promise<{ updated: number }> {
  const api = magentoApi(ctx);
  if (input.items.length === 0) return { updated: 0 };
  const { body: errors } = await api.request<PriceErrors>('/products/base-prices', {
    method: 'POST',
    json: { prices: input.items.map((i) => ({ sku: i.sku, price: Number(i.compareAtPrice ?? i.price), store_id: 0 })) },
  });
  const refused = new Set((errors ?? []).flatMap((e) => e.parameters ?? []));
  if (refused.size) ctx.log.warn({ skus: [...refused].slice(0, 50), errors: (errors ?? []).slice(0, 5) }, 'Magento refused some base prices (unknown SKUs?)');
  const accepted = input.items.filter((i) => !refused.has(i.sku));

  const special = accepted.filter((i) => i.compareAtPrice !== undefined);
  if (special.length) {
    const { body } = await api.request<PriceErrors>('/products/special-price', {
      method: 'POST',
      json: { prices: special.map((i) => ({ sku: i.sku, price: Number(i.price), store_id: 0, price_from: magentoTime(Date.now()) })) },
    });
    if (body?.length) throw new UpstreamError(`Magento refused special prices: ${body.map((e) => e.message).join('; ')}`, { retryable: false, upstreamStatus: 200, body: JSON.stringify(body) });
  }
  const plain = accepted.filter((i) => i.compareAtPrice === undefined).map((i) => i.sku);
  if (plain.length) {
    const { body: current } = await api.request<{ sku: string; price: number; store_id: number; price_from: string; price_to?: string }[]>(
      '/products/special-price-information',
      { method: 'POST', json: { skus: plain } },
    );
    if (current?.length) await api.request('/products/special-price-delete', { method: 'POST', json: { prices: current } });
  }
  return { updated: accepted.length };
}
