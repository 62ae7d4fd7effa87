import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { tsconfigPaths: true },
  test: {
    name: 'local-stack',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    passWithNoTests: false,
    // The AWS SDK's notice that its 2027 releases need Node 22 is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // A whole stack (DynamoDB Local's JVM, emulators, API, storefront) starts in some files.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
