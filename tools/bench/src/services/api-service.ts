/**
 * Child process: the local API (@tth/local-api) invoking the real handlers, with its
 * configuration from the environment the bench sets (table names, DynamoDB Local, Stripe
 * emulator), exactly as `nx run local-api:serve` runs it.
 *
 *   BENCH_CORS_ORIGINS          JSON array of origins allowed by CORS (the storefront's)
 *   BENCH_VALIDATE_RESPONSES    true: check every response against openapi.yaml (dev tooling)
 */
import { startLocalApi } from '@tth/local-api';
import { createLogger } from '@tth/runtime';
import { serveUntilStopped } from './protocol';

serveUntilStopped(async () => {
  const origins = JSON.parse(process.env['BENCH_CORS_ORIGINS'] ?? '[]') as string[];
  const api = await startLocalApi({
    port: 0,
    host: '127.0.0.1',
    storefrontOrigin: origins,
    validateResponses: process.env['BENCH_VALIDATE_RESPONSES'] === 'true',
    logger: createLogger({ service: 'local-api' }),
  });
  return {
    info: { url: api.url },
    close: () => api.close(),
    stats: () => ({ contractViolations: api.contractViolations.length }),
  };
});
