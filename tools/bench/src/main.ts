/**
 * `npm run bench` (nx run bench:bench): starts what the benchmarks need on free 127.0.0.1
 * ports, runs them with bounded counts and times, stops everything, prints figures with
 * PASS/MISS per target and writes dist/bench/results.json. See docs/benchmarks.md.
 *
 * Exit code 1 when an invariant broke (oversell, wrong sale-rush count, unacknowledged webhook)
 * or a benchmark could not run; a missed performance target is reported, not fatal.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { ConfigError, createProxyEvent } from '@tth/runtime';
import {
  findBundles,
  initEnvironment,
  measureBundle,
  measureColdInvocation,
  type BundleFigures,
  type ColdInvocation,
} from './benchmarks/bundles';
import { benchOrders, type OrdersResult } from './benchmarks/orders';
import { benchSaleRush, type RushResult } from './benchmarks/sale-rush';
import { benchStorefront, type StorefrontResult } from './benchmarks/storefront';
import { benchWebhooks, type WebhookResult } from './benchmarks/webhooks';
import { seedBenchEvent } from './catalog';
import { loadBenchConfig, type BenchConfig } from './config';
import { describeMachine, loadAverage } from './machine';
import { formatReport } from './report';
import { invariantsHeld, judge, type BenchResults, type BundlesResult } from './results';
import { BENCH_WEBHOOK_SECRET, startBenchStack, WORKSPACE_ROOT, type ApiProcess, type BenchStack } from './stack';
import { stripeSignature } from './stripe-signature';

// The AWS SDK warns that it will need Node 22 from 2027 (Lambda runs 22): keep the output readable.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'NodeVersionSupportWarning') process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

const progress = (line: string) => process.stdout.write(`· ${line}\n`);
const COLD_START_RUNS = 5;

let config: BenchConfig;
try {
  config = loadBenchConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

const outDir = isAbsolute(config.outDir) ? config.outDir : join(WORKSPACE_ROOT, config.outDir);
mkdirSync(outDir, { recursive: true });
const startedAt = new Date().toISOString();
const loadAtStart = loadAverage();
const failures: { benchmark: string; message: string }[] = [];
const selected = new Set(config.only);

async function attempt<T>(benchmark: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failures.push({ benchmark, message });
    process.stderr.write(`✗ ${benchmark} failed: ${message}\n`);
    return undefined;
  }
}

const bundlesDir = join(WORKSPACE_ROOT, 'dist', 'apps', 'api');
const storefrontDir = join(WORKSPACE_ROOT, 'dist', 'apps', 'storefront');

/** Sizes and init times first, while nothing else of the bench runs. */
async function measureBundles(): Promise<BundleFigures[]> {
  const bundles = findBundles(bundlesDir);
  // Placeholder tables and endpoints: loading a bundle reads its settings, it does not call them.
  const env = initEnvironment({
    AWS_REGION: 'us-east-2',
    CATALOG_TABLE: 'bench-catalog',
    ORDERS_TABLE: 'bench-orders',
    CUSTOMERS_TABLE: 'bench-customers',
    PAYMENTS_TABLE: 'bench-payments',
    IDEMPOTENCY_TABLE: 'bench-idempotency-keys',
    PROCESSED_EVENTS_TABLE: 'bench-processed-events',
    STOREFRONT_URL: 'http://localhost:5173',
    STRIPE_SECRET_KEY: 'sk_test_ticketstoheaven_bench',
    STRIPE_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
    LOG_LEVEL: 'INFO',
  });
  const figures: BundleFigures[] = [];
  for (const bundle of bundles) {
    progress(`bundles: ${bundle.name} (${config.initRuns} fresh processes)`);
    figures.push(await measureBundle(bundle, WORKSPACE_ROOT, env, config.initRuns));
  }
  return figures;
}

/** Each function started in a fresh process and sent its first request, against the running stack. */
async function coldStarts(
  stack: BenchStack,
  dir: string,
  entryFor: (name: string) => string | undefined,
): Promise<ColdInvocation[]> {
  const event = { eventId: 'bench-cold-start', ticketTypeId: 'general', capacity: 1_000_000, price: 2500 };
  await seedBenchEvent(stack.clients, stack.tableNames, event);
  const env = initEnvironment(stack.handlerEnv);
  let buyer = 0;
  const requests = {
    orders: {
      label: 'POST /orders',
      event: () =>
        createProxyEvent({
          method: 'POST',
          resource: '/orders',
          path: '/orders',
          headers: { 'Content-Type': ['application/json'], 'Idempotency-Key': [`bench-cold-${Date.now()}-${buyer}`] },
          body: JSON.stringify({
            eventId: event.eventId,
            customer: { name: 'Cold buyer', email: `cold-${Date.now()}-${buyer++}@bench.example` },
            items: [{ ticketTypeId: 'general', quantity: 1 }],
          }),
        }),
    },
    'stripe-webhook': {
      label: 'POST /webhooks/stripe (signed, ignored event type)',
      event: () => {
        const body = JSON.stringify(
          {
            id: `evt_bench_cold_${buyer++}`,
            object: 'event',
            type: 'customer.created',
            api_version: '2025-01-01',
            created: Math.floor(Date.now() / 1000),
            data: { object: { id: 'cus_bench', object: 'customer' } },
          },
          null,
          2,
        );
        return createProxyEvent({
          method: 'POST',
          resource: '/webhooks/stripe',
          path: '/webhooks/stripe',
          headers: {
            'Content-Type': ['application/json'],
            'Stripe-Signature': [stripeSignature(body, BENCH_WEBHOOK_SECRET)],
          },
          body,
        });
      },
    },
  } as const;
  const results: ColdInvocation[] = [];
  for (const [name, request] of Object.entries(requests)) {
    const entry = entryFor(name);
    if (!entry) continue;
    progress(
      `bundles: ${name} cold start + ${request.label} (${COLD_START_RUNS} fresh processes, ${relative(WORKSPACE_ROOT, dir)})`,
    );
    results.push(await measureColdInvocation(name, entry, request, env, WORKSPACE_ROOT, COLD_START_RUNS));
  }
  return results;
}

async function bundlesWithStack(stack: BenchStack, baseline: BundleFigures[]): Promise<BundlesResult> {
  const entries = new Map(baseline.map((bundle) => [bundle.name, join(WORKSPACE_ROOT, bundle.entry)]));
  const baselineCold = await coldStarts(stack, bundlesDir, (name) => entries.get(name));
  return { dir: relative(WORKSPACE_ROOT, bundlesDir), functions: baseline, coldStarts: baselineCold };
}

let baselineBundles: BundleFigures[] | undefined;
let bundles: BundlesResult | undefined;
let storefront: StorefrontResult | undefined;
let orders: OrdersResult | undefined;
let rush: RushResult | undefined;
let webhooks: WebhookResult | undefined;

if (selected.has('bundles')) baselineBundles = await attempt('bundles', measureBundles);
if (
  baselineBundles &&
  !selected.has('orders') &&
  !selected.has('rush') &&
  !selected.has('webhooks') &&
  !selected.has('storefront')
) {
  bundles = { dir: relative(WORKSPACE_ROOT, bundlesDir), functions: baselineBundles, coldStarts: [] };
}

const needsStack =
  (['orders', 'rush', 'webhooks', 'storefront'] as const).some((name) => selected.has(name)) ||
  baselineBundles !== undefined;
if (needsStack) {
  let stack: BenchStack | undefined;
  try {
    stack = await startBenchStack({
      logDir: join(outDir, 'logs'),
      ...(selected.has('storefront') ? { storefrontDir } : {}),
      onProgress: progress,
    });
    const api: ApiProcess = await stack.startApi({ validateResponses: false, name: 'local-api' });
    const running = stack;

    if (selected.has('storefront')) {
      running.storefront?.setRuntimeConfig({ apiUrl: api.url });
      storefront = await attempt('storefront', async () => {
        const firstEvent = await firstDemoEventPath(api.url);
        return benchStorefront(
          {
            workspaceRoot: WORKSPACE_ROOT,
            distDir: storefrontDir,
            ...(running.storefront ? { siteUrl: running.storefront.url } : {}),
            apiUrl: api.url,
            pages: ['/', ...(firstEvent ? [firstEvent] : [])],
            reportDir: outDir,
          },
          progress,
        );
      });
    }
    if (baselineBundles) {
      const measured = baselineBundles;
      bundles = (await attempt('bundles', () => bundlesWithStack(running, measured))) ?? {
        dir: relative(WORKSPACE_ROOT, bundlesDir),
        functions: measured,
        coldStarts: [],
      };
    }
    if (selected.has('orders')) {
      orders = await attempt('orders', () =>
        benchOrders(
          running,
          api,
          {
            connections: config.connections,
            durationS: config.durationS,
            warmupS: config.warmupS,
            secondaryDurationS: config.secondaryDurationS,
            sequentialSamples: config.sequentialSamples,
          },
          progress,
        ),
      );
    }
    if (selected.has('rush'))
      rush = await attempt('rush', () =>
        benchSaleRush(running, api, { buyers: config.rushBuyers, seats: config.rushSeats }, progress),
      );
    if (selected.has('webhooks'))
      webhooks = await attempt('webhooks', () =>
        benchWebhooks(
          running,
          api,
          { deliveries: config.webhooks, sequential: Math.min(50, config.webhooks) },
          progress,
        ),
      );
  } catch (error) {
    failures.push({ benchmark: 'stack', message: error instanceof Error ? error.message : String(error) });
  } finally {
    progress('stopping everything');
    await stack?.stop();
  }
}

/** The storefront path of the first event the API lists (the event page Lighthouse visits). */
async function firstDemoEventPath(apiUrl: string): Promise<string | undefined> {
  const response = await fetch(`${apiUrl}/events?limit=1`);
  const body = (await response.json()) as { items?: { id?: string }[] };
  const eventId = body.items?.[0]?.id;
  return eventId ? `/events/${encodeURIComponent(eventId)}` : undefined;
}

const partial = {
  startedAt,
  finishedAt: new Date().toISOString(),
  machine: describeMachine(),
  loadAverage: { start: loadAtStart, end: loadAverage() },
  config,
  ...(orders ? { orders } : {}),
  ...(rush ? { rush } : {}),
  ...(webhooks ? { webhooks } : {}),
  ...(bundles ? { bundles } : {}),
  ...(storefront ? { storefront } : {}),
  failures,
};
const results: BenchResults = { ...partial, targets: judge(partial), invariantsHeld: invariantsHeld(partial) };
const resultsFile = join(outDir, 'results.json');
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`\n${formatReport(results)}\n\nResults: ${relative(WORKSPACE_ROOT, resultsFile)}\n`);
process.exit(results.invariantsHeld ? 0 : 1);
