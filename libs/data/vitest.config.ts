import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'data',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    passWithNoTests: false,
    // One DynamoDB Local for the run; each test file creates its own tables.
    globalSetup: ['./src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
