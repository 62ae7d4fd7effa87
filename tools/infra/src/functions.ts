/**
 * The Lambda functions, what triggers them and exactly what each may touch. The stacks build
 * roles, environment and triggers from this table, and the tests compare the synthesized
 * policies against it, so a new permission is a one-line, reviewable change here.
 */
import type { TableId } from '@tth/data';

export const functionNames = [
  'catalog',
  'orders',
  'stripe-webhook',
  'hold-expiry-sweep',
  'fulfillment-worker',
  'redrive-fulfillment',
] as const;
export type FunctionName = (typeof functionNames)[number];

export type SecretId = 'stripeApiKey' | 'stripeWebhookSecret' | 'fulfillmentApiKey';
export type ParameterId = 'fulfillmentEndpoint' | 'featureFlags';
export type TableAccess = 'read' | 'readWrite';

export interface FunctionSpec {
  readonly name: FunctionName;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly tables: Readonly<Partial<Record<TableId, TableAccess>>>;
  readonly secrets: readonly SecretId[];
  readonly parameters: readonly ParameterId[];
  /**
   * Table names in the environment: `granted` (only the tables above) or `all`, for handlers
   * built on @tth/orders, whose shared configuration asks for every table name at cold start.
   * A name is not a permission: the role still reaches only the tables above.
   */
  readonly tableNamesInEnv: 'granted' | 'all';
  /** STOREFRONT_URL: CORS origin and Checkout return URLs (required by the @tth/orders config). */
  readonly needsStorefrontUrl: boolean;
  readonly needsHoldMinutes: boolean;
}

export const functionSpecs: Readonly<Record<FunctionName, FunctionSpec>> = {
  catalog: {
    name: 'catalog',
    description: 'GET /events and GET /events/{eventId}',
    timeoutSeconds: 10,
    tables: { Catalog: 'read' },
    secrets: [],
    parameters: ['featureFlags'],
    tableNamesInEnv: 'granted',
    needsStorefrontUrl: true,
    needsHoldMinutes: false,
  },
  orders: {
    name: 'orders',
    description: 'POST /orders, GET /orders/{orderId}, POST /orders/{orderId}/cancel',
    timeoutSeconds: 15,
    tables: {
      Catalog: 'readWrite',
      Orders: 'readWrite',
      Customers: 'readWrite',
      IdempotencyKeys: 'readWrite',
      Payments: 'readWrite',
    },
    secrets: ['stripeApiKey'],
    parameters: ['featureFlags'],
    tableNamesInEnv: 'all',
    needsStorefrontUrl: true,
    needsHoldMinutes: true,
  },
  'stripe-webhook': {
    name: 'stripe-webhook',
    description: 'POST /webhooks/stripe (signature-verified Stripe events)',
    timeoutSeconds: 15,
    tables: { Orders: 'readWrite', Catalog: 'readWrite', Payments: 'readWrite', ProcessedEvents: 'readWrite' },
    secrets: ['stripeApiKey', 'stripeWebhookSecret'],
    parameters: [],
    tableNamesInEnv: 'all',
    needsStorefrontUrl: true,
    needsHoldMinutes: true,
  },
  'hold-expiry-sweep': {
    name: 'hold-expiry-sweep',
    description: 'Every minute: releases expired holds and publishes StuckOrders',
    timeoutSeconds: 55,
    tables: { Orders: 'readWrite', Catalog: 'readWrite' },
    secrets: ['stripeApiKey'],
    parameters: [],
    tableNamesInEnv: 'all',
    needsStorefrontUrl: true,
    needsHoldMinutes: true,
  },
  'fulfillment-worker': {
    name: 'fulfillment-worker',
    description: 'Orders stream (transition to PAID) -> fulfillment provider',
    timeoutSeconds: 60,
    tables: { Orders: 'readWrite' },
    secrets: ['fulfillmentApiKey'],
    parameters: ['fulfillmentEndpoint'],
    tableNamesInEnv: 'granted',
    needsStorefrontUrl: false,
    needsHoldMinutes: false,
  },
  'redrive-fulfillment': {
    name: 'redrive-fulfillment',
    description: 'Operator-invoked: re-queues FULFILLMENT_FAILED orders (the stream triggers the worker again)',
    timeoutSeconds: 300,
    tables: { Orders: 'readWrite' },
    secrets: [],
    parameters: [],
    tableNamesInEnv: 'granted',
    needsStorefrontUrl: false,
    needsHoldMinutes: false,
  },
};

/** Which function serves each operation of openapi.yaml. A new operation must be added here. */
export const operationFunctions: Readonly<Record<string, FunctionName>> = {
  listEvents: 'catalog',
  getEvent: 'catalog',
  createOrder: 'orders',
  getOrder: 'orders',
  cancelOrder: 'orders',
  receiveStripeWebhook: 'stripe-webhook',
};

/**
 * Operations whose body must reach the handler byte-for-byte (signature verification), so
 * the gateway validates only their parameters; they are server-to-server, hence no CORS.
 */
export const rawBodyOperations: readonly string[] = ['receiveStripeWebhook'];

export const secretEnvNames: Readonly<Record<SecretId, string>> = {
  stripeApiKey: 'STRIPE_API_KEY_SECRET_ARN',
  stripeWebhookSecret: 'STRIPE_WEBHOOK_SECRET_ARN',
  fulfillmentApiKey: 'FULFILLMENT_API_KEY_SECRET_ARN',
};

export const parameterEnvNames: Readonly<Record<ParameterId, string>> = {
  fulfillmentEndpoint: 'FULFILLMENT_ENDPOINT_PARAM',
  featureFlags: 'FEATURE_FLAGS_PARAM',
};

/**
 * Which handler publishes each business metric. Powertools adds one dimension, `service`, set to
 * the name the handler passes to `new Metrics({ serviceName })` (its function name); the alarms
 * must use exactly that dimension to see the metric.
 */
export const businessMetricPublishers = {
  OrdersFulfilled: 'fulfillment-worker',
  FulfillmentFailed: 'fulfillment-worker',
  FulfillmentRetried: 'fulfillment-worker',
  PaymentAmountMismatch: 'stripe-webhook',
  StuckOrders: 'hold-expiry-sweep',
} as const satisfies Readonly<Record<string, FunctionName>>;
