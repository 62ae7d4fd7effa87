/**
 * Child process: the local API (apps/api/src/local/server.ts) invoking the real handlers, with
 * its configuration from the environment the bench sets (table names, DynamoDB Local, Stripe
 * emulator), exactly as `nx run api:serve` runs it.
 *
 *   BENCH_CORS_ORIGINS          JSON array of origins allowed by CORS (the storefront's)
 *   BENCH_VALIDATE_RESPONSES    true: check every response against openapi.yaml (dev tooling)
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLogger, type Logger } from '@tth/runtime';
import { serveUntilStopped } from './protocol';

/** The slice of apps/api/src/local/server.ts the bench uses (apps have no import alias, so it is loaded by path). */
interface LocalApiModule {
  startLocalApi(options: {
    readonly port?: number;
    readonly host?: string;
    readonly storefrontOrigin?: readonly string[];
    readonly validateResponses?: boolean;
    readonly logger?: Logger;
  }): Promise<{ readonly url: string; readonly contractViolations: readonly unknown[]; close(): Promise<void> }>;
}

const SERVER_MODULE = 'apps/api/src/local/server.ts';

serveUntilStopped(async () => {
  const module = (await import(pathToFileURL(join(process.cwd(), SERVER_MODULE)).href)) as Partial<LocalApiModule>;
  if (typeof module.startLocalApi !== 'function') throw new Error(`${SERVER_MODULE} does not export startLocalApi`);
  const origins = JSON.parse(process.env['BENCH_CORS_ORIGINS'] ?? '[]') as string[];
  const api = await module.startLocalApi({
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
