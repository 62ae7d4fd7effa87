import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'infra',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    passWithNoTests: false,
    // Both stages are synthesized once, here, and shared by every test file.
    globalSetup: ['src/testing/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
  },
});
