export { bigcommerce } from './connector.ts';
export { mapBigCommerceOrder, type BigCommerceOrderBundle } from './map-order.ts';
