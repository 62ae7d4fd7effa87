import { defineConfig } from '@playwright/test';

const CI = Boolean(process.env['CI']);

/** Debian's Chromium (apt-get install -y chromium); Playwright never downloads a browser here. */
const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

/** The checkout stories against the whole local stack (started by the global setup on free ports). */
export default defineConfig({
  testDir: './src/stories',
  outputDir: './test-results',
  globalSetup: './src/support/global-setup.ts',
  forbidOnly: CI,
  // No retries, on CI either: a story that passes only on a second try has a cause to fix.
  retries: 0,
  // Two cores: the stack, the browser and one or two workers share them.
  workers: 2,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: CI ? [['list'], ['html', { outputFolder: './playwright-report', open: 'never' }]] : [['list']],
  use: {
    ...chromium,
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
  },
  projects: [
    { name: 'desktop', testIgnore: ['**/*.phone.spec.ts', '**/*.outage.spec.ts'] },
    {
      name: 'phone',
      testMatch: '**/*.phone.spec.ts',
      use: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
    },
    // The provider outage is global to the stack: it runs after the other stories, alone.
    { name: 'provider-outage', testMatch: '**/*.outage.spec.ts', dependencies: ['desktop', 'phone'] },
  ],
});
