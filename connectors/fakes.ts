/**
 * @module Local stand-ins for the outside world, speaking each vendor's wire format over real HTTP:
 * for tests, and for the sandbox world that `npm start` runs.
 */
export { startFakeShopify, shopifyWebhookHeaders, type FakeShopify, type ShopifyTopic } from './store-shopify/fake-shopify.ts';
export { startFakeEasyPost, DEFAULT_MILESTONES, type FakeEasyPost, type Milestone } from './carrier-easypost/fake-easypost.ts';
export { startSimulatedSupplier, type SimulatedSupplier, type SimulatedSupplierOptions } from './supplier-sandbox/simulated-supplier.ts';
export type { ShopifyOrder } from './store-shopify/map-order.ts';
export { startFakeWooCommerce, type FakeWooCommerce } from './store-woocommerce/fake-woocommerce.ts';
export type { WooOrder } from './store-woocommerce/map-order.ts';
export { startFakeBigCommerce, bigCommerceSampleOrder, type FakeBigCommerce } from './store-bigcommerce/fake-bigcommerce.ts';
export { startFakeMagento, magentoSampleOrder, magentoNow, type FakeMagento } from './store-magento/fake-magento.ts';
export { startFakeTwilio, type FakeTwilio } from './notify-twilio/fake-twilio.ts';
export { startFakeLob, type KnownAddress } from './address-lob/fake-lob.ts';
export { startFakeUsps, type FakeUsps, type UspsKnownAddress } from './address-usps/fake-usps.ts';
