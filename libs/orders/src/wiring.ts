import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type Stripe from 'stripe';
import {
  createCatalogRepository,
  createDynamoClientsFromEnv,
  IdempotencyRepository,
  OrdersRepository,
  PaymentsRepository,
  ProcessedEventsRepository,
  tableNameSetting,
  type DynamoClients,
  type TableNames,
} from '@tth/data';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { env, loadConfig, secret, type Env, type RemoteValue } from '@tth/runtime';
import { DEFAULT_TIMING, logAlerts, type Alerts, type OrderDeps, type Repositories, type WebhookDeps } from './deps';
import { createStripeClient, StripePaymentGateway, stripeWebhookVerifier } from './payment-gateway';

/** CloudWatch namespace of the order flow's metrics (alarms: PaymentAmountMismatch, PaymentUnmatched, StuckOrders, …). */
export const METRICS_NAMESPACE = 'TicketsToHeaven';

const orderSettingsSpec = {
  catalogTable: tableNameSetting('Catalog'),
  ordersTable: tableNameSetting('Orders'),
  customersTable: tableNameSetting('Customers'),
  paymentsTable: tableNameSetting('Payments'),
  idempotencyTable: tableNameSetting('IdempotencyKeys'),
  processedEventsTable: tableNameSetting('ProcessedEvents'),
  stripeSecretKey: secret('STRIPE_SECRET_KEY', 'STRIPE_API_KEY_SECRET_ARN'),
  stripeApiBase: env.optionalUrl('STRIPE_API_BASE'),
  storefrontUrl: env.url('STOREFRONT_URL'),
  // Stripe sessions live at most 24 h; a hold longer than its session could never be paid.
  holdMinutes: env.integer('HOLD_MINUTES', { default: 30, min: 1, max: 24 * 60 }),
};

/**
 * Reads and validates the order functions' configuration (fails naming every missing setting).
 * Call at module scope of a handler so a bad deployment fails at cold start.
 */
export function loadOrderConfig(source: Env = process.env) {
  return loadConfig(orderSettingsSpec, source);
}

export function loadWebhookConfig(source: Env = process.env) {
  return loadConfig(
    { ...orderSettingsSpec, stripeWebhookSecret: secret('STRIPE_WEBHOOK_SECRET', 'STRIPE_WEBHOOK_SECRET_ARN') },
    source,
  );
}

export type OrderConfig = ReturnType<typeof loadOrderConfig>;
export type WebhookConfig = ReturnType<typeof loadWebhookConfig>;

/** One Stripe client per key value: created on first use, re-created only when the secret rotates. */
function lazyStripe(key: RemoteValue, apiBase: string | undefined): () => Promise<Stripe> {
  let current: { key: string; client: Stripe } | undefined;
  return async () => {
    const value = await key.get();
    if (current?.key !== value)
      current = { key: value, client: await createStripeClient({ apiKey: value, ...(apiBase ? { apiBase } : {}) }) };
    return current.client;
  };
}

/** Alerts as an ERROR log line plus a CloudWatch metric (EMF) of the same name, for alarms. */
export function metricAlerts(metrics: Metrics): Alerts {
  return {
    raise: (name, logger, attributes) => {
      logAlerts.raise(name, logger, attributes);
      metrics.singleMetric().addMetric(name, MetricUnit.Count, 1);
    },
  };
}

export function createMetrics(serviceName: string): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
}

export interface WiringOptions {
  /** Injected clients (tests); default: from env DYNAMODB_ENDPOINT / AWS_REGION. */
  readonly dynamo?: DynamoClients;
  readonly clock?: () => Date;
  readonly alerts?: Alerts;
  readonly env?: Env;
}

/** The order flow's repositories over one document client and a set of physical table names. */
export function createRepositories(doc: DynamoDBDocumentClient, tables: TableNames): Repositories {
  return {
    orders: new OrdersRepository(doc, {
      orders: tables.Orders,
      catalog: tables.Catalog,
      customers: tables.Customers,
      payments: tables.Payments,
    }),
    catalog: createCatalogRepository(doc, tables.Catalog),
    payments: new PaymentsRepository(doc, tables.Payments),
    idempotency: new IdempotencyRepository(doc, tables.IdempotencyKeys),
    processedEvents: new ProcessedEventsRepository(doc, tables.ProcessedEvents),
  };
}

function repositoriesFor(config: OrderConfig, dynamo: DynamoClients): Repositories {
  return createRepositories(dynamo.doc, {
    Catalog: config.catalogTable,
    Orders: config.ordersTable,
    Customers: config.customersTable,
    Payments: config.paymentsTable,
    IdempotencyKeys: config.idempotencyTable,
    ProcessedEvents: config.processedEventsTable,
  });
}

/** Dependencies of the orders and sweep functions, from a loaded configuration. */
export function createOrderDeps(config: OrderConfig, options: WiringOptions = {}): OrderDeps {
  const dynamo = options.dynamo ?? createDynamoClientsFromEnv(options.env);
  const clock = options.clock ?? (() => new Date());
  const stripe = lazyStripe(config.stripeSecretKey, config.stripeApiBase);
  return {
    repositories: repositoriesFor(config, dynamo),
    gateway: async () => new StripePaymentGateway(await stripe(), clock),
    settings: { holdMinutes: config.holdMinutes, storefrontUrl: config.storefrontUrl },
    clock,
    alerts: options.alerts ?? logAlerts,
    timing: DEFAULT_TIMING,
  };
}

/** Dependencies of the webhook function: the order deps plus the signature verifier. */
export function createWebhookDeps(config: WebhookConfig, options: WiringOptions = {}): WebhookDeps {
  const deps = createOrderDeps(config, options);
  const stripe = lazyStripe(config.stripeSecretKey, config.stripeApiBase);
  return {
    ...deps,
    verifier: async () => stripeWebhookVerifier(await stripe(), await config.stripeWebhookSecret.get()),
  };
}
