import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    name: 'storefront',
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    passWithNoTests: false,
    // Preact's after-paint timers must not outlive a file's jsdom (see the file).
    setupFiles: ['./src/testing/setup.ts'],
  },
});
