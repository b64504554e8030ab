export { restSupplier } from './connector.ts';
export { restSupplierConfig, restSupplierSecrets, type RestSupplierConfig, type RestSupplierSecrets } from './config.ts';
export { ACME_POLLING_CONFIG, ACME_WEBHOOKS_CONFIG } from './example-configs.ts';
