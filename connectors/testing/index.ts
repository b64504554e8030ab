export * from './fake-server.ts';
export * from './fixtures.ts';
export * from './random.ts';
