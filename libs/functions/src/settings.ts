/**
 * Every setting a Lambda function reads: its environment variable, kind, default and bounds, how
 * AWS provides it, and its value for running locally. What a setting means is its doc comment
 * (comments, not strings: this list ships in every Lambda bundle). The one home of these facts: the handlers
 * read them through `loadFunctionConfig` (./config.ts), the CDK app sets and grants them, the local
 * API, the local stack and the bench derive their environments from them. Recipe: README.md.
 */
import { TABLE_ENV_VARS, type TableId } from '@tth/data';

/** The Secrets Manager secrets of a stage (tools/infra creates them; the preflight checks their values). */
export type SecretId = 'stripeApiKey' | 'stripeWebhookSecret' | 'fulfillmentApiKey';
/** The SSM parameters of a stage. */
export type ParameterId = 'fulfillmentEndpoint' | 'featureFlags';

/** Where a deployed function gets the value from. */
export type AwsSource =
  /** Not set in AWS: the default applies. */
  | { readonly from: 'default' }
  /** tools/infra sets it from the stage configuration (dev / prod). */
  | { readonly from: 'stage' }
  /** tools/infra sets it from a resource of the stack (the storefront's URL, a table's name). */
  | { readonly from: 'stack' }
  /** The Lambda runtime sets it. */
  | { readonly from: 'lambda' }
  /** Local only: unset in AWS. */
  | { readonly from: 'local-only' }
  /** A Secrets Manager secret, its ARN in `env`; the function is granted read access to it. */
  | { readonly from: 'secret'; readonly secret: SecretId; readonly env: string }
  /** An SSM parameter, its name in `env`; the function is granted read access to it. */
  | { readonly from: 'parameter'; readonly parameter: ParameterId; readonly env: string };

interface Common {
  /** The environment variable (locally the value itself, also for secrets and parameters). */
  readonly env: string;
  readonly aws: AwsSource;
  /** The value when running locally (`npm start`, `nx run local-api:serve`), when it differs from the default. */
  readonly local?: string;
}

export type SettingDefinition =
  | (Common & { readonly kind: 'string'; readonly default?: string; readonly optional?: boolean })
  | (Common & { readonly kind: 'url'; readonly default?: string; readonly optional?: boolean })
  | (Common & { readonly kind: 'integer'; readonly default?: number; readonly min: number; readonly max: number })
  | (Common & { readonly kind: 'boolean'; readonly default?: boolean })
  | (Common & { readonly kind: 'table'; readonly table: TableId })
  | (Common & {
      readonly kind: 'secret' | 'parameter';
      readonly aws: Extract<AwsSource, { from: 'secret' | 'parameter' }>;
      readonly default?: string;
    });

const fromStage = { from: 'stage' } as const;
const fromStack = { from: 'stack' } as const;
const byDefault = { from: 'default' } as const;
const localOnly = { from: 'local-only' } as const;

const table = <const T extends TableId>(id: T) =>
  ({
    kind: 'table',
    table: id,
    env: TABLE_ENV_VARS[id],
    aws: fromStack,
  }) as const;

export const settings = {
  /** Deployment stage: local, dev or prod. */
  stage: {
    kind: 'string',
    env: 'STAGE',
    default: 'local',
    aws: fromStage,
  },
  /** Lowest level logged: DEBUG, INFO, WARN or ERROR. */
  logLevel: {
    kind: 'string',
    env: 'LOG_LEVEL',
    default: 'INFO',
    aws: fromStage,
  },
  /** Region of the AWS clients. */
  awsRegion: {
    kind: 'string',
    env: 'AWS_REGION',
    default: 'us-east-2',
    aws: { from: 'lambda' },
  },
  /** DynamoDB Local; unset in AWS. */
  dynamoEndpoint: {
    kind: 'url',
    env: 'DYNAMODB_ENDPOINT',
    optional: true,
    aws: localOnly,
  },
  catalogTable: table('Catalog'),
  ordersTable: table('Orders'),
  customersTable: table('Customers'),
  paymentsTable: table('Payments'),
  idempotencyTable: table('IdempotencyKeys'),
  processedEventsTable: table('ProcessedEvents'),
  reconciliationTable: table('Reconciliation'),
  /** The storefront: CORS origin of the API and base of the Checkout return URLs. */
  storefrontUrl: {
    kind: 'url',
    env: 'STOREFRONT_URL',
    local: 'http://localhost:5173',
    aws: fromStack,
  },
  /** The EventBridge bus order events are published on (ADR 026); locally the local bus stands in for it. */
  orderEventBusName: {
    kind: 'string',
    env: 'ORDER_EVENT_BUS_NAME',
    local: 'ticketstoheaven-local-orders',
    aws: fromStack,
  },
  /** How long seats are held for an unpaid order. */
  holdMinutes: {
    kind: 'integer',
    env: 'HOLD_MINUTES',
    default: 30,
    // Stripe sessions live at most 24 h; a hold longer than its session could never be paid.
    min: 1,
    max: 24 * 60,
    aws: fromStage,
  },
  /** Orders in PAID or FULFILLING for longer count as stuck (the sweep publishes StuckOrders). */
  stuckOrderMinutes: {
    kind: 'integer',
    env: 'STUCK_ORDER_MINUTES',
    default: 15,
    min: 1,
    max: 24 * 60,
    aws: fromStage,
  },
  /** Stripe's API base URL (the emulator locally); unset in AWS: Stripe itself. */
  stripeApiBase: {
    kind: 'url',
    env: 'STRIPE_API_BASE',
    optional: true,
    local: 'http://127.0.0.1:12111',
    aws: localOnly,
  },
  /** Stripe secret API key. */
  /** How long one call to Stripe may take before the order flow gives up on it (503, nothing half-done). */
  stripeTimeoutMs: {
    kind: 'integer',
    env: 'STRIPE_TIMEOUT_MS',
    default: 10_000,
    min: 1_000,
    max: 60_000,
    aws: byDefault,
  },
  stripeSecretKey: {
    kind: 'secret',
    env: 'STRIPE_SECRET_KEY',
    local: 'sk_test_local_tickets_to_heaven',
    aws: { from: 'secret', secret: 'stripeApiKey', env: 'STRIPE_API_KEY_SECRET_ARN' },
  },
  /** Signing secret of Stripe's webhook endpoint. */
  stripeWebhookSecret: {
    kind: 'secret',
    env: 'STRIPE_WEBHOOK_SECRET',
    local: 'whsec_local_tickets_to_heaven_dev',
    aws: { from: 'secret', secret: 'stripeWebhookSecret', env: 'STRIPE_WEBHOOK_SECRET_ARN' },
  },
  /** The Cognito user pool organizers sign in to (tools/infra creates it; locally cognito-local's, made by `npm start`). */
  organizerUserPoolId: {
    kind: 'string',
    env: 'ORGANIZER_USER_POOL_ID',
    aws: fromStack,
  },
  /** The back office's app client of that pool: the audience of organizers' ID tokens. */
  organizerClientId: {
    kind: 'string',
    env: 'ORGANIZER_CLIENT_ID',
    aws: fromStack,
  },
  /** cognito-local; unset in AWS (tokens are then checked against Cognito itself). */
  cognitoEndpoint: {
    kind: 'url',
    env: 'COGNITO_ENDPOINT',
    optional: true,
    local: 'http://127.0.0.1:9229',
    aws: localOnly,
  },
  /** Feature flags (JSON object of booleans). */
  featureFlags: {
    kind: 'parameter',
    env: 'FEATURE_FLAGS',
    default: '{}',
    aws: { from: 'parameter', parameter: 'featureFlags', env: 'FEATURE_FLAGS_PARAM' },
  },
  /** The fulfillment provider's API base URL. */
  fulfillmentEndpoint: {
    kind: 'parameter',
    env: 'FULFILLMENT_ENDPOINT',
    local: 'http://127.0.0.1:12112',
    aws: { from: 'parameter', parameter: 'fulfillmentEndpoint', env: 'FULFILLMENT_ENDPOINT_PARAM' },
  },
  /** The fulfillment provider's API key. */
  fulfillmentApiKey: {
    kind: 'secret',
    env: 'FULFILLMENT_API_KEY',
    local: 'ful_local_tickets_to_heaven',
    aws: { from: 'secret', secret: 'fulfillmentApiKey', env: 'FULFILLMENT_API_KEY_SECRET_ARN' },
  },
  /** Timeout of one provider call. */
  fulfillmentTimeoutMs: {
    kind: 'integer',
    env: 'FULFILLMENT_TIMEOUT_MS',
    default: 8_000,
    min: 100,
    max: 30_000,
    // The worker (60 s) must fit httpAttempts × timeout plus the back-off.
    aws: byDefault,
  },
  /** Provider calls per delivery of an order (retries with back-off). */
  fulfillmentHttpAttempts: {
    kind: 'integer',
    env: 'FULFILLMENT_HTTP_ATTEMPTS',
    default: 4,
    min: 1,
    max: 10,
    aws: byDefault,
  },
  /** First back-off between provider calls (full jitter, doubling). */
  fulfillmentBackoffBaseMs: {
    kind: 'integer',
    env: 'FULFILLMENT_BACKOFF_BASE_MS',
    default: 200,
    min: 0,
    max: 10_000,
    aws: byDefault,
  },
  /** Longest back-off between provider calls. */
  fulfillmentBackoffMaxMs: {
    kind: 'integer',
    env: 'FULFILLMENT_BACKOFF_MAX_MS',
    default: 5_000,
    min: 0,
    max: 30_000,
    aws: byDefault,
  },
  /** Deliveries of one order before it is parked as FULFILLMENT_FAILED. */
  fulfillmentMaxAttempts: {
    kind: 'integer',
    env: 'FULFILLMENT_MAX_ATTEMPTS',
    default: 3,
    min: 1,
    max: 20,
    // ≤ the stream mapping's retries + 1 (tools/infra streamRetryAttempts).
    aws: byDefault,
  },
} as const satisfies Readonly<Record<string, SettingDefinition>>;

export type SettingKey = keyof typeof settings;
export type Settings = typeof settings;

/** Keys of the settings that AWS gets in a given way, e.g. `SettingsFrom<'stage'>`. */
export type SettingsFrom<F extends AwsSource['from']> = {
  [K in SettingKey]: Settings[K]['aws']['from'] extends F ? K : never;
}[SettingKey];
