/**
 * @module Stock levels and prices into Shopify, found by SKU.
 *
 * Variants are looked up by SKU in batches (`productVariants(query: "sku:…")`); quantities are set, not
 * adjusted, with `inventorySetQuantities` at the configured location (the shop's primary one by default),
 * so repeating a push changes nothing. Prices go per product through `productVariantsBulkUpdate`. SKUs the
 * shop doesn't have are skipped and logged, not errors: a supplier's feed lists more than one shop sells.
 */
import type { ActionContext, InventoryLevel, PriceUpdate } from '../sdk/actions.ts';
import { assertNoUserErrors, gid, shopifyAdmin, type ShopifyAdmin, type ShopifyAdminConfig, type ShopifyAdminSecrets } from './admin-graphql.ts';

type Ctx = ActionContext<ShopifyAdminConfig & { locationId?: string }, ShopifyAdminSecrets>;
type UserErrors = { field?: string[] | null; message: string }[];

const SKU_BATCH = 50;
const QUANTITY_BATCH = 250;

const VARIANTS_BY_SKU = `query DroplineVariantsBySku($query: String!, $first: Int!) {
  productVariants(first: $first, query: $query) { nodes { id sku product { id } inventoryItem { id } } }
}`;

const PRIMARY_LOCATION = `query DroplinePrimaryLocation { location { id } }`;

const INVENTORY_SET = `mutation DroplineInventorySet($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { id } userErrors { field message code } }
}`;

const VARIANTS_BULK_UPDATE = `mutation DroplineVariantPrices($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants) { productVariants { id price compareAtPrice } userErrors { field message } }
}`;

interface Variant {
  id: string;
  sku: string | null;
  product: { id: string };
  inventoryItem: { id: string };
}

/** Shopify's search syntax: quote each SKU and escape quotes and backslashes inside it. */
const skuTerm = (sku: string) => `sku:"${sku.replace(/["\\]/g, (c) => `\\${c}`)}"`;

async function variantsBySku(admin: ShopifyAdmin, skus: string[]): Promise<Map<string, Variant>> {
  const found = new Map<string, Variant>();
  const unique = [...new Set(skus)];
  for (let i = 0; i < unique.length; i += SKU_BATCH) {
    const batch = unique.slice(i, i + SKU_BATCH);
    const { productVariants } = await admin.request<{ productVariants: { nodes: Variant[] } }>('DroplineVariantsBySku', VARIANTS_BY_SKU, {
      query: batch.map(skuTerm).join(' OR '),
      // Shopify's search matches prefixes too; room for a few extra hits per SKU, filtered exactly below.
      first: Math.min(250, batch.length * 4),
    });
    for (const v of productVariants.nodes) if (v.sku && batch.includes(v.sku) && !found.has(v.sku)) found.set(v.sku, v);
  }
  return found;
}

export async function setShopifyInventory(input: { items: InventoryLevel[] }, ctx: Ctx): Promise<{ updated: number }> {
  const admin = shopifyAdmin(ctx);
  const variants = await variantsBySku(admin, input.items.map((i) => i.sku));
  const locationId = ctx.config.locationId
    ? gid('Location', ctx.config.locationId)
    : (await admin.request<{ location: { id: string } }>('DroplinePrimaryLocation', PRIMARY_LOCATION)).location.id;
  const quantities = input.items.flatMap((item) => {
    const v = variants.get(item.sku);
    return v ? [{ inventoryItemId: v.inventoryItem.id, locationId, quantity: item.quantity }] : [];
  });
  skipped(ctx, input.items.map((i) => i.sku), variants);
  for (let i = 0; i < quantities.length; i += QUANTITY_BATCH) {
    const { inventorySetQuantities } = await admin.request<{ inventorySetQuantities: { userErrors: UserErrors } }>('DroplineInventorySet', INVENTORY_SET, {
      input: {
        name: 'available',
        reason: 'correction',
        ignoreCompareQuantity: true,
        referenceDocumentUri: `dropline://stock/${encodeURIComponent(ctx.idempotencyKey)}`,
        quantities: quantities.slice(i, i + QUANTITY_BATCH),
      },
    });
    assertNoUserErrors('inventorySetQuantities', inventorySetQuantities.userErrors);
  }
  return { updated: quantities.length };
}

export async function updateShopifyPrices(input: { items: PriceUpdate[] }, ctx: Ctx): Promise<{ updated: number }> {
  const admin = shopifyAdmin(ctx);
  const variants = await variantsBySku(admin, input.items.map((i) => i.sku));
  skipped(ctx, input.items.map((i) => i.sku), variants);
  const byProduct = new Map<string, { id: string; price: string; compareAtPrice?: string }[]>();
  for (const item of input.items) {
    const v = variants.get(item.sku);
    if (!v) continue;
    const list = byProduct.get(v.product.id) ?? [];
    list.push({ id: v.id, price: item.price, ...(item.compareAtPrice !== undefined ? { compareAtPrice: item.compareAtPrice } : {}) });
    byProduct.set(v.product.id, list);
  }
  let updated = 0;
  for (const [productId, list] of byProduct) {
    const { productVariantsBulkUpdate } = await admin.request<{ productVariantsBulkUpdate: { userErrors: UserErrors } }>(
      'DroplineVariantPrices',
      VARIANTS_BULK_UPDATE,
      { productId, variants: list },
    );
    assertNoUserErrors('productVariantsBulkUpdate', productVariantsBulkUpdate.userErrors);
    updated += list.length;
  }
  return { updated };
}

function skipped(ctx: Ctx, skus: string[], found: Map<string, unknown>) {
  const missing = [...new Set(skus)].filter((s) => !found.has(s));
  if (missing.length) ctx.log.warn({ skus: missing.slice(0, 50), count: missing.length }, 'SKUs not found in the Shopify store; skipped');
}
