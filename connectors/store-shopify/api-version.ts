/** @module The Shopify Admin API version Dropline speaks unless a connector's config says otherwise. */
export const SHOPIFY_API_VERSION = '2024-10';
