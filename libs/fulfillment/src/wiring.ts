import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RemoteValue } from '@tth/runtime';
import type { RandomSource, Sleep } from './backoff';
import type { FulfillmentDeps } from './fulfill-order';
import type { FulfillmentMetrics } from './metrics';
import { FulfillmentOrderStore } from './order-store';
import { createFulfillmentProviderClient } from './provider-client';
import type { RedriveDeps } from './redrive';
import type { Logger } from '@tth/runtime';

/**
 * The fulfillment worker's configuration, read and validated once by the function
 * (`loadFunctionConfig` of @tth/functions, where every setting is defined once). Locally the
 * endpoint and key are plain env values; in AWS the SSM parameter and the Secrets Manager secret.
 */
export interface FulfillmentConfig {
  readonly ordersTable: string;
  readonly fulfillmentEndpoint: RemoteValue;
  readonly fulfillmentApiKey: RemoteValue;
  readonly fulfillmentTimeoutMs: number;
  readonly fulfillmentHttpAttempts: number;
  readonly fulfillmentBackoffBaseMs: number;
  readonly fulfillmentBackoffMaxMs: number;
  /** Deliveries of one order (each with httpAttempts calls) before FULFILLMENT_FAILED. */
  readonly fulfillmentMaxAttempts: number;
}

export interface RedriveConfig {
  readonly ordersTable: string;
}

export interface FulfillmentWiringOptions {
  readonly metrics: FulfillmentMetrics;
  /** The document client, created once per container by the function. */
  readonly doc: DynamoDBDocumentClient;
  readonly fetch?: typeof globalThis.fetch;
  readonly clock?: () => Date;
  readonly sleep?: Sleep;
  readonly random?: RandomSource;
}

export function createFulfillmentDeps(config: FulfillmentConfig, options: FulfillmentWiringOptions): FulfillmentDeps {
  return {
    orders: new FulfillmentOrderStore(options.doc, config.ordersTable),
    provider: createFulfillmentProviderClient({
      endpoint: () => config.fulfillmentEndpoint.get(),
      apiKey: () => config.fulfillmentApiKey.get(),
      timeoutMs: config.fulfillmentTimeoutMs,
      retry: {
        attempts: config.fulfillmentHttpAttempts,
        baseDelayMs: config.fulfillmentBackoffBaseMs,
        maxDelayMs: config.fulfillmentBackoffMaxMs,
      },
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
    }),
    metrics: options.metrics,
    clock: options.clock ?? (() => new Date()),
    maxAttempts: config.fulfillmentMaxAttempts,
  };
}

export function createRedriveDeps(
  config: RedriveConfig,
  options: { logger: Logger; doc: DynamoDBDocumentClient; clock?: () => Date },
): RedriveDeps {
  return {
    orders: new FulfillmentOrderStore(options.doc, config.ordersTable),
    clock: options.clock ?? (() => new Date()),
    logger: options.logger,
  };
}
