export * from './errors.ts';
export * from './parse.ts';
export * from './signatures.ts';
export * from './inbound.ts';
export * from './actions.ts';
export * from './http-client.ts';
export * from './define-connector.ts';
export * from './registry.ts';
