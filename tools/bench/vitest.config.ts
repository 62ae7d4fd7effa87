import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'bench',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    passWithNoTests: false,
    // Some tests start Node processes: generous on a machine shared with other builds.
    testTimeout: 30_000,
  },
});
