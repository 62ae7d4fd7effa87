import type { TableNames } from '@tth/data';
import type { LocalStackUrls } from '@tth/local-stack';

/** What the tests need to know about the stack the global setup started (passed through env to workers). */
export interface E2eStack {
  readonly urls: LocalStackUrls & { readonly storefront: string };
  readonly dynamoEndpoint: string;
  readonly tableNames: TableNames;
}

const STACK_ENV_VAR = 'TTH_E2E_STACK';

export function publishStack(stack: E2eStack): void {
  process.env[STACK_ENV_VAR] = JSON.stringify(stack);
}

export function e2eStack(): E2eStack {
  const raw = process.env[STACK_ENV_VAR];
  if (!raw)
    throw new Error(
      `${STACK_ENV_VAR} is not set: run the stories with "npx playwright test -c e2e/playwright.config.ts" (its global setup starts the local stack).`,
    );
  return JSON.parse(raw) as E2eStack;
}
