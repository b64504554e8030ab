export { ediX12Supplier } from './connector.ts';
export { ediSupplierConfig, type EdiSupplierConfig } from './config.ts';
export { EXAMPLE_EDI_SUPPLIER_CONFIG } from './example-config.ts';
export * from './x12.ts';
