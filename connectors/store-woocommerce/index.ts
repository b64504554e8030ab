export { woocommerce } from './connector.ts';
export { mapWooOrder, type WooOrder } from './map-order.ts';
