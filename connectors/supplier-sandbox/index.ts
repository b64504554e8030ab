export { sandboxSupplier, sandboxSignature } from './connector.ts';
export * from './protocol.ts';
