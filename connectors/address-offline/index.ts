export { checkAddress } from './check-address.ts';
export { offlineAddress } from './connector.ts';
