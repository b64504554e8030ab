export { shopify, SHOPIFY_API_VERSION } from './connector.ts';
export { mapShopifyOrder, type ShopifyOrder } from './map-order.ts';
