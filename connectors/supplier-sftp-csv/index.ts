export { sftpCsvSupplier } from './connector.ts';
export { csvSupplierConfig, type CsvSupplierConfig } from './config.ts';
export { EXAMPLE_CSV_SUPPLIER_CONFIG } from './example-config.ts';
export * from './sftp-client.ts';
