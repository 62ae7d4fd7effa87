import type { FullConfig } from '@playwright/test';
import { startLocalStack, streamOutput } from '@tth/local-stack';
import { publishStack } from './stack-info';

/**
 * Starts the whole local stack once for the run, on free ports, with the storefront's
 * production build (the same artifact CloudFront serves, API URL from /config.json), and stops
 * it afterwards. Fails the run if any API response broke the contract along the way.
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const stack = await startLocalStack({
    ports: { storefront: 0, api: 0, docs: 0, stripeEmulator: 0, fulfillmentEmulator: 0, cognito: 0, dynamodb: 0 },
    storefront: 'build',
    sweepIntervalMs: 5_000,
    // Give up on an unreachable provider within seconds (not minutes), so the outage story is short.
    fulfillmentRetries: { maxRetries: 1, backoff: { baseDelayMs: 100, maxDelayMs: 500 }, pollIntervalMs: 100 },
    handlerEnv: {
      FULFILLMENT_HTTP_ATTEMPTS: '2',
      FULFILLMENT_BACKOFF_BASE_MS: '50',
      FULFILLMENT_BACKOFF_MAX_MS: '200',
      FULFILLMENT_TIMEOUT_MS: '3000',
      FULFILLMENT_MAX_ATTEMPTS: '2',
    },
    env: { ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'ERROR' },
    output: streamOutput(process.stdout),
  });
  const { storefront } = stack.urls;
  if (!storefront) throw new Error('The local stack started without a storefront');
  publishStack({
    urls: { ...stack.urls, storefront },
    dynamoEndpoint: stack.urls.dynamodb,
    tableNames: stack.tableNames,
  });

  return async () => {
    const violations = stack.contractViolations();
    await stack.stop();
    if (violations.length > 0) {
      throw new Error(
        `The API sent ${violations.length} response(s) that violate openapi.yaml:\n${violations
          .map(
            (violation) =>
              `  ${violation.method} ${violation.path} → ${violation.status}: ${violation.issues.map((issue) => `${issue.field} ${issue.message}`).join('; ')}`,
          )
          .join('\n')}`,
      );
    }
  };
}
