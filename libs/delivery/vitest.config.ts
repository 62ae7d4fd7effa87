import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'delivery',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    passWithNoTests: false,
    // One DynamoDB Local per test run (libs/data); each test file creates its own tables.
    globalSetup: ['../../libs/data/src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
