import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoClientsFromEnv, tableNameSetting } from '@tth/data';
import { env, loadConfig, parameter, secret, type Env } from '@tth/runtime';
import type { RandomSource, Sleep } from './backoff';
import type { FulfillmentDeps } from './fulfill-order';
import type { FulfillmentMetrics } from './metrics';
import { FulfillmentOrderStore } from './order-store';
import { createFulfillmentProviderClient } from './provider-client';
import type { RedriveDeps } from './redrive';
import type { Logger } from '@tth/runtime';

const workerSettingsSpec = {
  ordersTable: tableNameSetting('Orders'),
  // Locally plain env values; in AWS the SSM parameter / Secrets Manager secret named by the *_PARAM / *_ARN variable (cached 5 min).
  endpoint: parameter('FULFILLMENT_ENDPOINT', 'FULFILLMENT_ENDPOINT_PARAM'),
  apiKey: secret('FULFILLMENT_API_KEY', 'FULFILLMENT_API_KEY_SECRET_ARN'),
  // One provider call; the Lambda (60 s) must fit httpAttempts × timeout plus the back-off.
  timeoutMs: env.integer('FULFILLMENT_TIMEOUT_MS', { default: 8_000, min: 100, max: 30_000 }),
  httpAttempts: env.integer('FULFILLMENT_HTTP_ATTEMPTS', { default: 4, min: 1, max: 10 }),
  backoffBaseMs: env.integer('FULFILLMENT_BACKOFF_BASE_MS', { default: 200, min: 0, max: 10_000 }),
  backoffMaxMs: env.integer('FULFILLMENT_BACKOFF_MAX_MS', { default: 5_000, min: 0, max: 30_000 }),
  // Deliveries of one order (each with httpAttempts calls) before FULFILLMENT_FAILED; ≤ the stream's retries + 1.
  maxAttempts: env.integer('FULFILLMENT_MAX_ATTEMPTS', { default: 3, min: 1, max: 20 }),
};

/**
 * The fulfillment worker's configuration, read and validated once (module scope of the handler):
 * a missing or malformed setting fails the cold start with a message naming it.
 */
export function loadFulfillmentConfig(source: Env = process.env) {
  return loadConfig(workerSettingsSpec, source);
}

export type FulfillmentConfig = ReturnType<typeof loadFulfillmentConfig>;

export function loadRedriveConfig(source: Env = process.env) {
  return loadConfig({ ordersTable: tableNameSetting('Orders') }, source);
}

export type RedriveConfig = ReturnType<typeof loadRedriveConfig>;

export interface FulfillmentWiringOptions {
  readonly metrics: FulfillmentMetrics;
  /** Injected document client (tests); default: from env DYNAMODB_ENDPOINT / AWS_REGION. */
  readonly doc?: DynamoDBDocumentClient;
  readonly env?: Env;
  readonly fetch?: typeof globalThis.fetch;
  readonly clock?: () => Date;
  readonly sleep?: Sleep;
  readonly random?: RandomSource;
}

export function createFulfillmentDeps(config: FulfillmentConfig, options: FulfillmentWiringOptions): FulfillmentDeps {
  const doc = options.doc ?? createDynamoClientsFromEnv(options.env).doc;
  return {
    orders: new FulfillmentOrderStore(doc, config.ordersTable),
    provider: createFulfillmentProviderClient({
      endpoint: () => config.endpoint.get(),
      apiKey: () => config.apiKey.get(),
      timeoutMs: config.timeoutMs,
      retry: { attempts: config.httpAttempts, baseDelayMs: config.backoffBaseMs, maxDelayMs: config.backoffMaxMs },
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
    }),
    metrics: options.metrics,
    clock: options.clock ?? (() => new Date()),
    maxAttempts: config.maxAttempts,
  };
}

export function createRedriveDeps(
  config: RedriveConfig,
  options: { logger: Logger; doc?: DynamoDBDocumentClient; env?: Env; clock?: () => Date },
): RedriveDeps {
  const doc = options.doc ?? createDynamoClientsFromEnv(options.env).doc;
  return {
    orders: new FulfillmentOrderStore(doc, config.ordersTable),
    clock: options.clock ?? (() => new Date()),
    logger: options.logger,
  };
}
