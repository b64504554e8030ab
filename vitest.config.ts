import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{server,connectors,rules,test}/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'ui/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
