import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'orders',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    passWithNoTests: false,
    // One DynamoDB Local for the run (see @tth/data/testing); each test file creates its own tables.
    globalSetup: ['../data/src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
