import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type Stripe from 'stripe';
import {
  createCatalogRepository,
  IdempotencyRepository,
  OrdersRepository,
  PaymentsRepository,
  ProcessedEventsRepository,
  ReconciliationRepository,
  type DynamoClients,
  type TableNames,
} from '@tth/data';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RemoteValue } from '@tth/runtime';
import { DEFAULT_TIMING, logAlerts, type Alerts, type OrderDeps, type Repositories, type WebhookDeps } from './deps';
import { createStripeClient, StripePaymentGateway, stripeWebhookVerifier } from './payment-gateway';
import type { ReconciliationDeps } from './reconciliation';
import { stripeLedger } from './stripe-ledger';

/** CloudWatch namespace of the order flow's metrics (alarms: PaymentAmountMismatch, PaymentUnmatched, StuckOrders, …). */
export const METRICS_NAMESPACE = 'TicketsToHeaven';

/**
 * The order functions' configuration. Read and validated by the function that runs them
 * (`loadFunctionConfig` of @tth/functions, where every setting is defined once).
 */
export interface OrderConfig {
  readonly catalogTable: string;
  readonly ordersTable: string;
  readonly customersTable: string;
  readonly paymentsTable: string;
  readonly idempotencyTable: string;
  readonly processedEventsTable: string;
  readonly stripeSecretKey: RemoteValue;
  readonly stripeApiBase: string | undefined;
  /** One Stripe call's timeout (the SDK retries network errors twice within it). */
  readonly stripeTimeoutMs: number;
  readonly storefrontUrl: string;
  readonly holdMinutes: number;
}

export interface ReconciliationConfig extends OrderConfig {
  readonly reconciliationTable: string;
}

export interface WebhookConfig extends OrderConfig {
  readonly stripeWebhookSecret: RemoteValue;
}

/** One Stripe client per key value: created on first use, re-created only when the secret rotates. */
function lazyStripe(config: OrderConfig): () => Promise<Stripe> {
  let current: { key: string; client: Stripe } | undefined;
  return async () => {
    const value = await config.stripeSecretKey.get();
    if (current?.key !== value)
      current = {
        key: value,
        client: await createStripeClient({
          apiKey: value,
          timeoutMs: config.stripeTimeoutMs,
          ...(config.stripeApiBase ? { apiBase: config.stripeApiBase } : {}),
        }),
      };
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
  /** The DynamoDB clients, created once per container by the function. */
  readonly dynamo: DynamoClients;
  readonly clock?: () => Date;
  readonly alerts?: Alerts;
}

/** The order flow's repositories over one document client and a set of physical table names. */
export function createRepositories(
  doc: DynamoDBDocumentClient,
  tables: Pick<TableNames, 'Catalog' | 'Orders' | 'Customers' | 'Payments' | 'IdempotencyKeys' | 'ProcessedEvents'>,
): Repositories {
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
export function createOrderDeps(config: OrderConfig, options: WiringOptions): OrderDeps {
  const dynamo = options.dynamo;
  const clock = options.clock ?? (() => new Date());
  const stripe = lazyStripe(config);
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
export function createWebhookDeps(config: WebhookConfig, options: WiringOptions): WebhookDeps {
  const deps = createOrderDeps(config, options);
  const stripe = lazyStripe(config);
  return {
    ...deps,
    verifier: async () => stripeWebhookVerifier(await stripe(), await config.stripeWebhookSecret.get()),
  };
}

/** Dependencies of the reconciliation job: the order deps, its table and Stripe's lists. */
export function createReconciliationDeps(config: ReconciliationConfig, options: WiringOptions): ReconciliationDeps {
  const deps = createOrderDeps(config, options);
  const stripe = lazyStripe(config);
  return {
    ...deps,
    reconciliation: new ReconciliationRepository(options.dynamo.doc, config.reconciliationTable),
    ledger: async () => stripeLedger(await stripe()),
  };
}
