export { magento } from './connector.ts';
export { mapMagentoOrder, type MagentoOrder } from './map-order.ts';
