import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createDynamoClients,
  createTables,
  tableEnvFor,
  tableNamesFor,
  type DynamoClients,
  type TableNames,
} from '@tth/data';
import { LOCAL_TABLE_PREFIX, seedDemoCatalog, startDynamoDbLocal, type DynamoDbLocal } from '@tth/data/local';
import {
  ensureLocalOrganizerPool,
  LOCAL_FULFILLMENT_API_KEY,
  LOCAL_STRIPE_SECRET_KEY,
  LOCAL_STRIPE_WEBHOOK_SECRET,
  startCognitoLocal,
  startFulfillmentEmulator,
  startStripeEmulator,
  type FulfillmentEmulator,
  type LocalOrganizerPool,
  type StripeEmulator,
} from '@tth/emulators';
import {
  createRedriveDeps,
  redriveFailedOrders,
  type BackoffPolicy,
  type RedriveRequest,
  type RedriveResult,
} from '@tth/fulfillment';
import { type DeadLetter } from '@tth/fulfillment/local';
import type { SweepResult } from '@tth/orders';
import { createOrganizerTokenVerifier } from '@tth/organizer';
import { ConfigError, createLogger, parseLogLevel, type Env, type Logger } from '@tth/runtime';
import {
  loadFunctionConfig,
  loadHandlerModule,
  readSetting,
  settingsEnv,
  settingsSetIn,
  type SettingKey,
  type SettingValue,
} from '@tth/functions';
import {
  startLocalApi,
  startLocalOrderEvents,
  startStreamPoller,
  type ContractViolation,
  type LocalApi,
  type LocalOrderEvents,
  type LocalStreamPoller,
} from '@tth/local-api';
import { startDocsServer, type DocsServer } from './docs-server';
import { waitUntilHealthy } from './health';
import {
  assertPortsFree,
  planPorts,
  resolveFreePorts,
  LocalStackConfigError,
  type PortComponent,
  type PortPlan,
} from './ports';
import { descendantProcesses, isProcessAlive } from './process-tree';
import { createProgress, silentOutput, StartupError, type ProgressOutput } from './progress';
import { startStorefront, type Storefront, type StorefrontMode } from './storefront';
import { startSweepLoop, type SweepLoop } from './sweep-loop';

/** The monorepo root (this file is tools/local-stack/src/stack.ts). */
export const WORKSPACE_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

export const DEFAULT_SWEEP_INTERVAL_MS = 20_000;

export interface LocalStackOptions {
  /** Per-component ports; 0 = any free port. Unset: env (`API_PORT`, …), then the defaults. */
  readonly ports?: Partial<Record<PortComponent, number>>;
  /** Keep DynamoDB's data, the dead letters and stream checkpoints in `dataDir` (default: env LOCAL_STACK_PERSIST, else in memory). */
  readonly persist?: boolean;
  /** Java for DynamoDB Local; default `$JAVA_HOME/bin/java`, then `java` on the PATH. */
  readonly javaPath?: string;
  /** Where persisted data lives; default `<workspace>/.local-data`. */
  readonly dataDir?: string;
  /** `dev` (default): Vite dev server; `build`: the production build via `vite preview`; `none`. */
  readonly storefront?: StorefrontMode;
  /** Serve the API reference page (default true). */
  readonly docs?: boolean;
  /** Seed the demo catalog (default true; existing items are kept). */
  readonly seedDemoCatalog?: boolean;
  /** How often the hold-expiry sweep runs; default env HOLD_SWEEP_INTERVAL_MS, else 20 s. */
  readonly sweepIntervalMs?: number;
  /** How long seats are held; default env HOLD_MINUTES, else 30. */
  readonly holdMinutes?: number;
  /** The stream poller's retry policy (the AWS mapping's `retryAttempts` and back-off). */
  readonly fulfillmentRetries?: {
    readonly maxRetries?: number;
    readonly backoff?: BackoffPolicy;
    readonly pollIntervalMs?: number;
  };
  /** Extra settings for the handlers (e.g. FULFILLMENT_HTTP_ATTEMPTS); the stack's own wiring cannot be overridden. */
  readonly handlerEnv?: Readonly<Record<string, string>>;
  /** Progress lines (✓ per component); default none. The CLI passes the terminal. */
  readonly output?: ProgressOutput;
  /** Log lines of the local API, the poller and the sweep; default JSON to stdout at LOG_LEVEL (default WARN). */
  readonly logger?: Logger;
  /** Read instead of process.env for ports and settings (tests). */
  readonly env?: NodeJS.ProcessEnv;
}

export interface LocalStackUrls {
  /** Absent with `storefront: 'none'`. */
  readonly storefront?: string;
  readonly api: string;
  /** Absent with `docs: false`. */
  readonly apiDocs?: string;
  readonly stripeEmulator: string;
  readonly fulfillmentEmulator: string;
  /** The fulfillment emulator's fault-injection API. */
  readonly fulfillmentControl: string;
  /** cognito-local: the Cognito API and the organizers' token issuer. */
  readonly cognito: string;
  readonly dynamodb: string;
}

export interface LocalStack {
  readonly urls: LocalStackUrls;
  readonly ports: PortPlan;
  readonly tableNames: TableNames;
  /** DYNAMODB_ENDPOINT, every *_TABLE and the other settings the handlers run with. */
  readonly env: Readonly<Record<string, string>>;
  /** Clients on the stack's DynamoDB Local (seeding test data, checking state). */
  readonly dynamo: DynamoClients;
  /** Where data is kept, when persisting. */
  readonly dataDir?: string;
  readonly stripe: StripeEmulator;
  readonly fulfillment: FulfillmentEmulator;
  /** The organizers' user pool in cognito-local, its back-office client and the seeded organizer's sign-in. */
  readonly organizerPool: LocalOrganizerPool;
  /** Responses of the API that did not match openapi.yaml so far (should stay empty). */
  contractViolations(): readonly ContractViolation[];
  /** Stream records the fulfillment worker gave up on. */
  deadLetters(): readonly DeadLetter[];
  /** The order events path (stream → publisher → local bus → consumers); `idle()` waits for its deliveries. */
  readonly orderEvents: LocalOrderEvents;
  /** Runs the hold-expiry sweep now. */
  sweepHolds(): Promise<SweepResult>;
  /** Re-queues FULFILLMENT_FAILED orders (all, or `orderIds`) after the provider recovered. */
  redriveFulfillment(request?: RedriveRequest): Promise<RedriveResult>;
  /** Child processes of the stack (DynamoDB Local's watchdog and JVM). */
  childProcessIds(): number[];
  /** Stops every component, newest first, and waits for DynamoDB Local's JVM to exit. Safe to call twice. */
  stop(): Promise<void>;
}

let running = false;
/** Handlers read their configuration once, when first imported: a later stack in the same process would run with the first one's. */
let handlerConfiguration: string | undefined;

const truthy = (value: string | undefined) => ['1', 'true', 'yes', 'on'].includes((value ?? '').trim().toLowerCase());

function positiveInteger(
  value: number | string | undefined,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max)
    throw new LocalStackConfigError(`${name} must be a whole number between 1 and ${max}, got "${value}".`);
  return parsed;
}

/** A setting of @tth/functions, validated before anything starts; a bad value is a LocalStackConfigError naming it. */
function checkedSetting<K extends SettingKey>(key: K, source: Env): SettingValue<K> {
  try {
    return readSetting(key, source);
  } catch (error) {
    if (error instanceof ConfigError) throw new LocalStackConfigError(`${error.problems.join('; ')}.`);
    throw error;
  }
}

/**
 * Starts the whole system locally, in order, each step waiting until its component is healthy:
 * DynamoDB Local, tables and demo catalog, the Stripe and fulfillment emulators, the API, the
 * fulfillment stream poller, the order events (a second poller and the local bus), the
 * hold-expiry sweep, the API docs and the storefront.
 * Ports are checked before anything starts. On a failure everything already started is stopped
 * and the error names the component.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  if (running) throw new LocalStackConfigError('A local stack is already running in this process: stop it first.');
  running = true;
  try {
    return await start(options);
  } catch (error) {
    running = false;
    throw error;
  }
}

async function start(options: LocalStackOptions): Promise<LocalStack> {
  const env = options.env ?? process.env;
  const progress = createProgress(options.output ?? silentOutput);
  const storefrontMode = options.storefront ?? 'dev';
  const withDocs = options.docs ?? true;
  const persist = options.persist ?? truthy(env['LOCAL_STACK_PERSIST']);
  const dataDir = persist ? resolve(options.dataDir ?? resolve(WORKSPACE_ROOT, '.local-data')) : undefined;
  const sweepIntervalMs = positiveInteger(
    options.sweepIntervalMs ?? env['HOLD_SWEEP_INTERVAL_MS'],
    'HOLD_SWEEP_INTERVAL_MS',
    DEFAULT_SWEEP_INTERVAL_MS,
  );
  const holdMinutes = checkedSetting(
    'holdMinutes',
    options.holdMinutes !== undefined ? { HOLD_MINUTES: String(options.holdMinutes) } : env,
  );
  const logLevel = parseLogLevel(env['LOG_LEVEL'], 'WARN');
  const logger = options.logger ?? createLogger({ service: 'local-stack', level: logLevel });

  const requested = planPorts(options.ports, env);
  await assertPortsFree(requested);
  const ports = await resolveFreePorts(requested);

  const loopback = (port: number) => `http://127.0.0.1:${port}`;
  const browser = (port: number) => `http://localhost:${port}`;
  const storefrontUrl = browser(ports.storefront);
  const apiUrl = browser(ports.api);
  const docsUrl = browser(ports.docs);

  const stops: { label: string; stop: () => Promise<void> }[] = [];
  const stopAll = async () => {
    const failures: string[] = [];
    for (const { label, stop } of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        failures.push(`${label}: ${(error as Error).message}`);
      }
    }
    running = false;
    if (failures.length > 0) throw new Error(`Some components did not stop cleanly:\n${failures.join('\n')}`);
  };

  try {
    const dynamoDbLocal = await progress.step(
      'DynamoDB Local',
      () =>
        startDynamoDbLocal({
          port: ports.dynamodb,
          ...(options.javaPath ? { javaPath: options.javaPath } : {}),
          ...(dataDir ? { dataDir: resolve(dataDir, 'dynamodb') } : {}),
        }),
      (db) => `${db.endpoint} (${dataDir ? `data in ${resolve(dataDir, 'dynamodb')}` : 'in memory'})`,
    );
    stops.push({ label: 'DynamoDB Local', stop: () => dynamoDbLocal.stop() });
    const dynamo = createDynamoClients({ endpoint: dynamoDbLocal.endpoint, region: 'us-east-2' });
    stops.push({ label: 'DynamoDB clients', stop: async () => dynamo.destroy() });
    const tableNames = tableNamesFor(LOCAL_TABLE_PREFIX);

    await progress.step(
      'Tables and demo catalog',
      async () => {
        await createTables(dynamo.client, tableNames);
        return (options.seedDemoCatalog ?? true) ? seedDemoCatalog(dynamo.doc, tableNames, new Date()) : 0;
      },
      (written) => `${LOCAL_TABLE_PREFIX}-*${written > 0 ? `, ${written} catalog items written` : ', catalog kept'}`,
    );

    const stripe = await progress.step(
      'Stripe emulator',
      async () => {
        const emulator = await startStripeEmulator({
          port: ports.stripeEmulator,
          publicBaseUrl: browser(ports.stripeEmulator),
          secretKey: LOCAL_STRIPE_SECRET_KEY,
          webhookUrl: `${loopback(ports.api)}/webhooks/stripe`,
          webhookSecret: LOCAL_STRIPE_WEBHOOK_SECRET,
        });
        stops.push({ label: 'Stripe emulator', stop: () => emulator.close() });
        await waitUntilHealthy(`${loopback(emulator.port)}/_health`);
        return emulator;
      },
      () => browser(ports.stripeEmulator),
    );

    const fulfillment = await progress.step(
      'Fulfillment emulator',
      async () => {
        const emulator = await startFulfillmentEmulator({
          port: ports.fulfillmentEmulator,
          apiKey: LOCAL_FULFILLMENT_API_KEY,
        });
        stops.push({ label: 'Fulfillment emulator', stop: () => emulator.close() });
        await waitUntilHealthy(`${loopback(emulator.port)}/_health`);
        return emulator;
      },
      () => browser(ports.fulfillmentEmulator),
    );

    const organizerPool = await progress.step(
      'Cognito (cognito-local)',
      async () => {
        const cognito = await startCognitoLocal({
          port: ports.cognito,
          ...(dataDir ? { dataDir: resolve(dataDir, 'cognito') } : {}),
        });
        stops.push({ label: 'cognito-local', stop: () => cognito.stop() });
        return ensureLocalOrganizerPool(cognito.endpoint);
      },
      (pool) => `${loopback(ports.cognito)} (pool ${pool.userPoolId}, organizer ${pool.organizer.email})`,
    );

    // Set before the server imports any handler: they read it once, at module scope, as in Lambda.
    const handlerEnv: Record<string, string> = {
      // A developer's own value of any setting (FULFILLMENT_TIMEOUT_MS, STUCK_ORDER_MINUTES, …) reaches the handlers.
      ...settingsSetIn(env),
      ...settingsEnv({ awsRegion: 'us-east-2', logLevel }),
      POWERTOOLS_METRICS_DISABLED: 'true',
      ...pick(env, ['POWERTOOLS_METRICS_DISABLED']),
      ...options.handlerEnv,
      // The stack's own wiring always wins.
      ...settingsEnv({
        stage: 'local',
        dynamoEndpoint: dynamoDbLocal.endpoint,
        storefrontUrl,
        holdMinutes,
        stripeApiBase: loopback(ports.stripeEmulator),
        stripeSecretKey: LOCAL_STRIPE_SECRET_KEY,
        stripeWebhookSecret: LOCAL_STRIPE_WEBHOOK_SECRET,
        fulfillmentEndpoint: loopback(ports.fulfillmentEmulator),
        fulfillmentApiKey: LOCAL_FULFILLMENT_API_KEY,
        cognitoEndpoint: loopback(ports.cognito),
        organizerUserPoolId: organizerPool.userPoolId,
        organizerClientId: organizerPool.clientId,
      }),
      ...tableEnvFor(tableNames),
    };
    const configuration = JSON.stringify(handlerEnv);
    if (handlerConfiguration !== undefined && handlerConfiguration !== configuration) {
      throw new LocalStackConfigError(
        "The API handlers in this process already run with another stack's settings (they read them once, on import): start a new process for a differently configured stack.",
      );
    }
    const previousEnv = pick(process.env, Object.keys(handlerEnv));
    Object.assign(process.env, handlerEnv);
    stops.push({ label: 'handler environment', stop: async () => restoreEnv(previousEnv, Object.keys(handlerEnv)) });

    // The poller starts after the API; until then there are no dead letters to report.
    let deadLetterSource: LocalStreamPoller | undefined;
    const api = await progress.step(
      'API',
      async () => {
        // From here on handler modules may be imported (and keep this configuration).
        handlerConfiguration = configuration;
        const started: LocalApi = await startLocalApi({
          port: ports.api,
          host: '127.0.0.1',
          // The storefront and the docs page ("Test request") call the API from the browser.
          storefrontOrigin: [storefrontUrl, loopback(ports.storefront), docsUrl, loopback(ports.docs)],
          validateResponses: true,
          // What API Gateway's Cognito authorizer checks, with the very verifier the organizer function uses.
          organizerTokens: createOrganizerTokenVerifier({
            userPoolId: organizerPool.userPoolId,
            clientId: organizerPool.clientId,
            localEndpoint: loopback(ports.cognito),
          }),
          logger,
          deadLetters: () => ({
            count: deadLetterSource?.deadLetterCount() ?? 0,
            file: deadLetterSource?.deadLetterFile ?? null,
          }),
        });
        stops.push({ label: 'API', stop: () => started.close() });
        await waitUntilHealthy(`${loopback(started.port)}/health`);
        // The first request imports the catalog handler: answer it now rather than on the buyer's first click.
        const events = await fetch(`${loopback(started.port)}/events`);
        if (!events.ok) throw new Error(`GET /events answered ${events.status}: ${await events.text()}`);
        return started;
      },
      () => apiUrl,
    );

    // Both Orders stream consumers poll the same tables with the same retry policy.
    const retries = options.fulfillmentRetries ?? {};
    const streamConsumerOptions = {
      dynamoEndpoint: dynamoDbLocal.endpoint,
      tableNames,
      logger,
      ...(dataDir ? { dataDir } : {}),
      ...(retries.maxRetries !== undefined ? { maxRetries: retries.maxRetries } : {}),
      ...(retries.backoff ? { retryBackoff: retries.backoff } : {}),
      ...(retries.pollIntervalMs !== undefined ? { pollIntervalMs: retries.pollIntervalMs } : {}),
    };

    const poller = await progress.step(
      'Fulfillment stream poller',
      async () => {
        const started: LocalStreamPoller = await startStreamPoller(streamConsumerOptions);
        stops.push({ label: 'Fulfillment stream poller', stop: () => started.stop() });
        deadLetterSource = started;
        return started;
      },
      () => `Orders stream → fulfillment-worker`,
    );

    const orderEvents = await progress.step(
      'Order events',
      async () => {
        const started: LocalOrderEvents = await startLocalOrderEvents(streamConsumerOptions);
        stops.push({ label: 'Order events', stop: () => started.stop() });
        return started;
      },
      () => `Orders stream → order-events → local bus`,
    );

    const sweep = await progress.step(
      'Hold-expiry sweep',
      async () => {
        const { handler } = await loadHandlerModule('hold-expiry-sweep');
        const loop: SweepLoop = startSweepLoop({
          run: () => handler({}, {}),
          intervalMs: sweepIntervalMs,
          onError: (error) => logger.error('Hold-expiry sweep failed', { error }),
          onResult: (result) => {
            if (result.expired > 0) logger.info('Hold-expiry sweep released expired holds', { ...result });
          },
        });
        stops.push({ label: 'Hold-expiry sweep', stop: () => loop.stop() });
        await loop.runNow();
        return loop;
      },
      () => `every ${sweepIntervalMs / 1000} s, holds last ${holdMinutes} min`,
    );

    let docs: DocsServer | undefined;
    if (withDocs) {
      docs = await progress.step(
        'API docs',
        async () => {
          const server = await startDocsServer({
            port: ports.docs,
            specPath: resolve(WORKSPACE_ROOT, 'openapi.yaml'),
            apiUrl,
          });
          stops.push({ label: 'API docs', stop: () => server.close() });
          await waitUntilHealthy(`${loopback(server.port)}/health`);
          return server;
        },
        () => docsUrl,
      );
    }

    let storefront: Storefront | undefined;
    if (storefrontMode !== 'none') {
      storefront = await progress.step(
        `Storefront (${storefrontMode === 'dev' ? 'Vite dev server' : 'production build'})`,
        async () => {
          const server = await startStorefront({
            mode: storefrontMode,
            port: ports.storefront,
            apiUrl,
            workspaceRoot: WORKSPACE_ROOT,
            onLog: (line) => logger.warn(`Storefront: ${line}`),
          });
          stops.push({ label: 'Storefront', stop: () => server.close() });
          await waitUntilHealthy(`${loopback(server.port)}/`);
          return server;
        },
        () => storefrontUrl,
      );
    }

    const redriveDeps = createRedriveDeps(loadFunctionConfig('redrive-fulfillment', handlerEnv), {
      logger,
      doc: dynamo.doc,
    });
    let stopping: Promise<void> | undefined;
    return {
      urls: {
        ...(storefront ? { storefront: storefront.url } : {}),
        api: apiUrl,
        ...(docs ? { apiDocs: docs.url } : {}),
        stripeEmulator: browser(stripe.port),
        fulfillmentEmulator: browser(fulfillment.port),
        fulfillmentControl: `${browser(fulfillment.port)}/_control/faults`,
        cognito: loopback(ports.cognito),
        dynamodb: dynamoDbLocal.endpoint,
      },
      ports,
      tableNames,
      env: handlerEnv,
      dynamo,
      ...(dataDir ? { dataDir } : {}),
      stripe,
      fulfillment,
      organizerPool,
      contractViolations: () => api.contractViolations,
      deadLetters: () => poller.deadLetters(),
      orderEvents,
      sweepHolds: () => sweep.runNow(),
      redriveFulfillment: (request) => redriveFailedOrders(redriveDeps, request),
      childProcessIds: () => childrenOf(dynamoDbLocal),
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll().catch((stopError: unknown) =>
      logger.error('Cleaning up after a failed start failed too', { error: stopError }),
    );
    if (error instanceof StartupError || error instanceof LocalStackConfigError) throw error;
    throw new StartupError('Local stack', (error as Error).message, { cause: error });
  }
}

/** DynamoDB Local's watchdog shell and the JVM under it, while they run. */
function childrenOf(dynamoDbLocal: DynamoDbLocal): number[] {
  if (!isProcessAlive(dynamoDbLocal.pid)) return [];
  return [dynamoDbLocal.pid, ...descendantProcesses(dynamoDbLocal.pid).map((child) => child.pid)];
}

function pick(source: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    names.flatMap((name) =>
      source[name] !== undefined && source[name] !== '' ? [[name, source[name] as string]] : [],
    ),
  );
}

function restoreEnv(previous: Record<string, string>, names: readonly string[]): void {
  for (const name of names) {
    if (previous[name] === undefined) delete process.env[name];
    else process.env[name] = previous[name];
  }
}
