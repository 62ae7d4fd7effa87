/**
 * Every Lambda function: its trigger (the operations of openapi.yaml it serves, a schedule, a
 * stream, a queue, an EventBridge rule, or an operator's invoke), the settings it reads, the
 * tables it may touch and how, the metrics it publishes. The one home of these facts: the API
 * build bundles one handler per entry, the local API routes by it, the CDK app builds roles,
 * environment and triggers from it, and the tests hold the handlers to it. Recipe: README.md.
 *
 * The handler of function `<name>` is `./handlers/<name>.ts`, exporting `handler`.
 */
import type { OperationId } from '@tth/contracts';
import type { TableId } from '@tth/data';
import type { SettingKey } from './settings';

export type TableAccess = 'read' | 'readWrite';

export type Trigger =
  /** API Gateway: these operations of openapi.yaml. `rawBody`: the body reaches the handler byte-for-byte (signatures), the gateway validates only parameters. */
  | { readonly kind: 'http'; readonly operations: readonly OperationId[]; readonly rawBody?: boolean }
  /** An EventBridge schedule. */
  | { readonly kind: 'schedule'; readonly everyMinutes: number }
  /** A DynamoDB stream (NEW_AND_OLD_IMAGES) of a table, with partial-batch failures. */
  | { readonly kind: 'stream'; readonly table: TableId }
  /** An SQS queue of its own. */
  | { readonly kind: 'queue'; readonly batchSize: number }
  /** An EventBridge rule on the order events bus (ADR 026): these detail types of this source. */
  | { readonly kind: 'event'; readonly source: string; readonly detailTypes: readonly string[] }
  /** Invoked by an operator (`aws lambda invoke`); no trigger. */
  | { readonly kind: 'operator' };

export interface FunctionDefinition {
  readonly description: string;
  readonly trigger: Trigger;
  readonly timeoutSeconds: number;
  /** What the handler reads, besides the settings every function reads (`commonSettings`). */
  readonly settings: readonly SettingKey[];
  /** The tables its role may touch. Their names are settings like any other (`ordersTable`, …). */
  readonly tables: Readonly<Partial<Record<TableId, TableAccess>>>;
  /** Business metrics it publishes (Powertools, dimension `service` = the function's name); alarms watch them. */
  readonly metrics?: readonly string[];
}

/** Read by every function. */
export const commonSettings = [
  'stage',
  'logLevel',
  'awsRegion',
  'dynamoEndpoint',
] as const satisfies readonly SettingKey[];

/** What @tth/orders' configuration (OrderConfig) needs: the orders, webhook and sweep functions. */
const orderFlowSettings = [
  'catalogTable',
  'ordersTable',
  'customersTable',
  'paymentsTable',
  'idempotencyTable',
  'processedEventsTable',
  'stripeSecretKey',
  'stripeApiBase',
  'stripeTimeoutMs',
  'storefrontUrl',
  'holdMinutes',
] as const satisfies readonly SettingKey[];

export const functions = {
  catalog: {
    description: 'GET /events and GET /events/{eventId}',
    trigger: { kind: 'http', operations: ['listEvents', 'getEvent'] },
    timeoutSeconds: 10,
    settings: ['catalogTable', 'storefrontUrl', 'featureFlags'],
    tables: { Catalog: 'read' },
  },
  orders: {
    description: 'POST /orders, GET /orders/{orderId}, POST /orders/{orderId}/cancel',
    trigger: { kind: 'http', operations: ['createOrder', 'getOrder', 'cancelOrder'] },
    timeoutSeconds: 15,
    settings: [...orderFlowSettings, 'featureFlags'],
    tables: {
      Catalog: 'readWrite',
      Orders: 'readWrite',
      Customers: 'readWrite',
      IdempotencyKeys: 'readWrite',
      Payments: 'readWrite',
    },
  },
  'stripe-webhook': {
    description: 'POST /webhooks/stripe (signature-verified Stripe events)',
    trigger: { kind: 'http', operations: ['receiveStripeWebhook'], rawBody: true },
    timeoutSeconds: 15,
    settings: [...orderFlowSettings, 'stripeWebhookSecret'],
    tables: { Orders: 'readWrite', Catalog: 'readWrite', Payments: 'readWrite', ProcessedEvents: 'readWrite' },
    metrics: ['PaymentAmountMismatch'],
  },
  'hold-expiry-sweep': {
    description: 'Every minute: releases expired holds and publishes StuckOrders',
    trigger: { kind: 'schedule', everyMinutes: 1 },
    timeoutSeconds: 55,
    settings: [...orderFlowSettings, 'stuckOrderMinutes'],
    tables: { Orders: 'readWrite', Catalog: 'readWrite' },
    metrics: ['StuckOrders'],
  },
  'payment-reconciliation': {
    // Compares the last day of Stripe payments and refunds with Orders and Payments, replays missed
    // webhooks, records findings (ADR 090).
    description: 'Stripe reconciliation',
    trigger: { kind: 'schedule', everyMinutes: 60 },
    // A run that nears the end saves its place; the next run resumes there.
    timeoutSeconds: 300,
    settings: [...orderFlowSettings, 'reconciliationTable'],
    tables: { Orders: 'readWrite', Catalog: 'readWrite', Payments: 'readWrite', Reconciliation: 'readWrite' },
    metrics: ['ReconciliationFindings'],
  },
  'fulfillment-worker': {
    description: 'Orders stream (transition to PAID) -> fulfillment provider',
    trigger: { kind: 'stream', table: 'Orders' },
    timeoutSeconds: 60,
    settings: [
      'ordersTable',
      'fulfillmentEndpoint',
      'fulfillmentApiKey',
      'fulfillmentTimeoutMs',
      'fulfillmentHttpAttempts',
      'fulfillmentBackoffBaseMs',
      'fulfillmentBackoffMaxMs',
      'fulfillmentMaxAttempts',
    ],
    tables: { Orders: 'readWrite' },
    metrics: ['OrdersFulfilled', 'FulfillmentFailed', 'FulfillmentRetried'],
  },
  'order-events': {
    description: 'Orders stream (an order entered a status buyers or operators care about) -> order events on the bus',
    trigger: { kind: 'stream', table: 'Orders' },
    timeoutSeconds: 30,
    settings: ['orderEventBusName'],
    tables: {},
  },
  organizer: {
    description: 'The back office (GET /admin/...): organizer token and group checked again here',
    trigger: { kind: 'http', operations: ['getOrganizerSession'] },
    timeoutSeconds: 10,
    settings: ['organizerUserPoolId', 'organizerClientId', 'cognitoEndpoint', 'storefrontUrl'],
    tables: {},
  },
  'redrive-fulfillment': {
    description: 'Operator-invoked: re-queues FULFILLMENT_FAILED orders (the stream triggers the worker again)',
    trigger: { kind: 'operator' },
    timeoutSeconds: 300,
    settings: ['ordersTable'],
    tables: { Orders: 'readWrite' },
  },
} as const satisfies Readonly<Record<string, FunctionDefinition>>;

export type FunctionName = keyof typeof functions;
export type Functions = typeof functions;

/** Every function name, in the list's order. (`@__PURE__`: the derived tables stay out of bundles that do not use them.) */
export const functionNames = /* @__PURE__ */ Object.keys(functions) as FunctionName[];

type HttpFunctionEntry = { [N in FunctionName]: Functions[N]['trigger'] extends { kind: 'http' } ? N : never };
export type HttpFunctionName = HttpFunctionEntry[FunctionName];

/** The function serving each operation of openapi.yaml (a test keeps it complete). */
export const functionByOperation: Readonly<Record<OperationId, HttpFunctionName>> = /* @__PURE__ */ Object.fromEntries(
  functionNames.flatMap((name) => {
    const { trigger } = functionDefinition(name);
    return trigger.kind === 'http' ? trigger.operations.map((operationId) => [operationId, name]) : [];
  }),
) as Record<OperationId, HttpFunctionName>;

/** Operations whose body must reach the handler untouched (the gateway validates only their parameters). */
export const rawBodyOperations: readonly OperationId[] = /* @__PURE__ */ functionNames.flatMap((name) => {
  const { trigger } = functionDefinition(name);
  return trigger.kind === 'http' && trigger.rawBody ? trigger.operations : [];
});

/** A function's entry, typed as any entry (no literal types): for code that treats every function alike. */
export function functionDefinition(name: FunctionName): FunctionDefinition {
  return functions[name];
}

/** Every setting a function reads: the common ones, then its own. */
export function settingsOf<N extends FunctionName>(name: N): readonly SettingKey[] {
  return [...commonSettings, ...functions[name].settings];
}
