export * from './fake-server.ts';
export * from './fixtures.ts';
export * from './random.ts';
export * from './action-context.ts';
export * from './smtp-server.ts';
