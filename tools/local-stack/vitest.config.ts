import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'local-stack',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    passWithNoTests: false,
    // A whole stack (DynamoDB Local's JVM, emulators, API, storefront) starts in some files.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
