/**
 * What the load benchmarks run against, all on 127.0.0.1 and free ports: DynamoDB Local (the
 * JVM), fresh tables under a unique prefix with the demo catalog, the Stripe emulator and the
 * local API each in their own process, and optionally the built storefront.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import {
  createDynamoClients,
  createTables,
  tableEnvFor,
  tableNamesFor,
  type DynamoClients,
  type TableNames,
} from '@tth/data';
import { seedDemoCatalog, startDynamoDbLocal, type DynamoDbLocal } from '@tth/data/local';
import { settingsEnv } from '@tth/functions';
import type { ProcessGroup } from './cpu';
import { startChildService, type ChildService } from './services/child-service';
import { startStaticSite, type StaticSite } from './static-server';

/** tools/bench/src → the monorepo root. */
export const WORKSPACE_ROOT = resolve(import.meta.dirname, '..', '..', '..');

export const BENCH_STRIPE_SECRET_KEY = 'sk_test_ticketstoheaven_bench';
export const BENCH_WEBHOOK_SECRET = 'whsec_ticketstoheaven_bench';

export interface ApiProcess {
  readonly url: string;
  readonly pid: number;
  readonly validateResponses: boolean;
  readonly logFile: string;
  contractViolations(): Promise<number>;
  stop(): Promise<void>;
}

export interface BenchStack {
  readonly dynamoEndpoint: string;
  readonly tableNames: TableNames;
  readonly clients: DynamoClients;
  readonly stripeUrl: string;
  /** For CPU accounting: DynamoDB Local's watchdog shell (the JVM is its child) and the emulator. */
  readonly dynamoPid: number;
  readonly stripePid: number;
  /** The built storefront, when the stack was asked to serve it. */
  readonly storefront?: StaticSite;
  /** Environment of the API handlers (tables, endpoints, secrets), also used by the bundle benchmark. */
  readonly handlerEnv: Readonly<Record<string, string>>;
  startApi(options: { readonly validateResponses: boolean; readonly name: string }): Promise<ApiProcess>;
  stop(): Promise<void>;
}

export interface BenchStackOptions {
  readonly logDir: string;
  /** Serve dist/apps/storefront (the API then allows its origin by CORS). */
  readonly storefrontDir?: string;
  readonly onProgress?: (line: string) => void;
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const progress = options.onProgress ?? (() => undefined);
  const cleanup: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const step of cleanup.splice(0).reverse()) {
      try {
        await step();
      } catch {
        // Keep stopping the rest.
      }
    }
  };

  try {
    // DynamoDB Local would otherwise try to send usage telemetry (this machine is offline).
    process.env['DDB_LOCAL_TELEMETRY'] = '0';
    const dynamo: DynamoDbLocal = await startDynamoDbLocal({ port: 0 });
    cleanup.push(() => dynamo.stop());
    progress(`DynamoDB Local on ${dynamo.endpoint}`);
    const clients = createDynamoClients({ endpoint: dynamo.endpoint, region: 'us-east-2' });
    cleanup.push(() => clients.destroy());
    const tableNames = tableNamesFor(`bench-${randomBytes(4).toString('hex')}`);
    await createTables(clients.client, tableNames);
    await seedDemoCatalog(clients.doc, tableNames, new Date());

    const stripe = await startChildService({
      name: 'stripe-emulator',
      script: join(import.meta.dirname, 'services', 'stripe-service.ts'),
      cwd: WORKSPACE_ROOT,
      env: { BENCH_STRIPE_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET },
      logFile: join(options.logDir, 'stripe-emulator.log'),
    });
    cleanup.push(() => stripe.stop());
    const stripeUrl = String(stripe.info['url']);
    progress(`Stripe emulator on ${stripeUrl} (pid ${stripe.pid})`);

    let storefront: StaticSite | undefined;
    if (options.storefrontDir) {
      const site = await startStaticSite(options.storefrontDir);
      storefront = site;
      cleanup.push(() => site.close());
      progress(`Storefront build on ${site.url}`);
    }

    const storefrontUrl = storefront?.url ?? 'http://localhost:5173';
    const handlerEnv: Record<string, string> = {
      // Every other setting keeps its default (HOLD_MINUTES 30, …), as in AWS.
      ...settingsEnv({
        awsRegion: 'us-east-2',
        stage: 'local',
        dynamoEndpoint: dynamo.endpoint,
        storefrontUrl,
        stripeApiBase: stripeUrl,
        stripeSecretKey: BENCH_STRIPE_SECRET_KEY,
        stripeWebhookSecret: BENCH_WEBHOOK_SECRET,
        // What the Lambdas log in AWS (LOG_LEVEL INFO); the lines go to the service's log file.
        logLevel: 'INFO',
      }),
      ...tableEnvFor(tableNames),
    };
    const corsOrigins = storefront ? [storefront.url, storefront.url.replace('127.0.0.1', 'localhost')] : [];

    const apis: ChildService[] = [];
    cleanup.push(async () => {
      await Promise.all(apis.map((api) => api.stop()));
    });

    return {
      dynamoEndpoint: dynamo.endpoint,
      tableNames,
      clients,
      stripeUrl,
      dynamoPid: dynamo.pid,
      stripePid: stripe.pid,
      ...(storefront ? { storefront } : {}),
      handlerEnv,
      async startApi({ validateResponses, name }) {
        const child = await startChildService({
          name,
          script: join(import.meta.dirname, 'services', 'api-service.ts'),
          cwd: WORKSPACE_ROOT,
          env: {
            ...handlerEnv,
            BENCH_CORS_ORIGINS: JSON.stringify(corsOrigins),
            BENCH_VALIDATE_RESPONSES: String(validateResponses),
          },
          logFile: join(options.logDir, `${name}.log`),
        });
        apis.push(child);
        progress(
          `Local API (${name}, response validation ${validateResponses ? 'on' : 'off'}) on ${String(child.info['url'])} (pid ${child.pid})`,
        );
        return {
          url: String(child.info['url']),
          pid: child.pid,
          validateResponses,
          logFile: child.logFile,
          contractViolations: async () => Number((await child.stats())['contractViolations'] ?? 0),
          stop: () => child.stop(),
        };
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The processes whose CPU time the bench reports separately (everything else is "other"). */
export function processGroups(
  stack: Pick<BenchStack, 'dynamoPid' | 'stripePid'>,
  api?: Pick<ApiProcess, 'pid'>,
): ProcessGroup[] {
  return [
    { name: 'dynamodb-local', pids: [stack.dynamoPid], withChildren: true },
    ...(api ? [{ name: 'local-api', pids: [api.pid] }] : []),
    { name: 'stripe-emulator', pids: [stack.stripePid] },
    { name: 'load-generator', pids: [process.pid] },
  ];
}
