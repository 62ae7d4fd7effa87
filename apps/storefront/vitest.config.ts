import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'storefront',
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    passWithNoTests: false,
  },
});
