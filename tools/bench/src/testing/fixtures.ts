/** Results of a small imaginary run, for the judge and report tests. */
import type { BundleFigures } from '../benchmarks/bundles';
import type { OrdersResult } from '../benchmarks/orders';
import type { RushResult } from '../benchmarks/sale-rush';
import type { StorefrontResult } from '../benchmarks/storefront';
import type { WebhookResult } from '../benchmarks/webhooks';
import { loadBenchConfig } from '../config';
import type { BenchResults } from '../results';
import type { LatencySummary } from '../stats';

export const latency = (p50: number, p99 = p50 * 2): LatencySummary => ({
  count: 100,
  min: p50 / 2,
  mean: p50,
  p50,
  p95: p99 * 0.9,
  p99,
  max: p99 * 1.1,
});

export const cleanAudit: OrdersResult['audit'] = {
  capacity: 1000,
  available: 400,
  seatsTaken: 600,
  seatsInOrders: 600,
  ordersHoldingSeats: 240,
  ordersReleased: 0,
  confirmedButWrong: 0,
  holdingButUnconfirmed: 0,
  confirmedWithoutCheckout: 0,
  ok: true,
};

export function ordersResult(overrides: Partial<OrdersResult> = {}): OrdersResult {
  const figures = {
    connections: 16,
    durationS: 30,
    requests: 3600,
    succeeded: 3600,
    errors: 0,
    statusCounts: { '201': 3600 },
    perSecond: 120,
    perSecondMin: 101,
    perSecondMax: 140,
    perSecondTimeline: [120],
    latencyMs: latency(30),
  };
  return {
    event: { eventId: 'bench-order-load', ticketTypeId: 'general', capacity: 1000, price: 4500 },
    api: figures,
    bare: { ...figures, perSecond: 400, latencyMs: latency(20) },
    ratioP50: 1.5,
    unloaded: {
      samples: 200,
      apiMs: latency(20),
      bareMs: latency(8),
      ratioP50: 2.5,
      steps: [
        { step: 'seat hold + order + customer (TransactWriteItems)', latencyMs: latency(8) },
        { step: 'Stripe Checkout Session (emulator)', latencyMs: latency(5) },
      ],
      httpRoundTripMs: latency(0.8),
    },
    audit: cleanAudit,
    ...overrides,
  };
}

export const rushResult: RushResult = {
  event: { eventId: 'bench-sale-rush', ticketTypeId: 'general', capacity: 100, price: 9900 },
  buyers: 1000,
  seats: 100,
  succeeded: 100,
  soldOut: 900,
  statusCounts: { '201': 100, '409': 900 },
  timeToSellOutMs: 900,
  allAnsweredMs: 1000,
  latencyMs: latency(500, 990),
  audit: { ...cleanAudit, capacity: 100, available: 0, seatsTaken: 100, seatsInOrders: 100, ordersHoldingSeats: 100 },
  ok: true,
};

const round = (p99: number) => ({
  deliveries: 200,
  statusCounts: { '200': 200 },
  acknowledged: 200,
  latencyMs: latency(p99 / 2, p99),
  totalMs: p99,
});
export const webhookResult: WebhookResult = {
  eventType: 'checkout.session.completed',
  first: round(18),
  redelivery: round(9),
  ordersPaid: 200,
  ok: true,
};

export const bundle = (
  name: string,
  bytes: number,
  initMs: number,
  packages: BundleFigures['packages'] = [],
): BundleFigures => ({
  name,
  entry: `dist/apps/api/${name}/index.js`,
  bytes,
  gzipBytes: Math.round(bytes / 5),
  totalBytes: bytes,
  packages,
  init: { runs: 10, medianMs: initMs, minMs: initMs - 5, maxMs: initMs + 20 },
});

export const storefrontResult: StorefrontResult = {
  firstLoad: {
    js: [{ path: 'assets/index-a.js', bytes: 60_000, gzipBytes: 21_000, brotliBytes: 19_000 }],
    css: [],
    lazyJs: [],
    jsGzipBytes: 21_000,
    cssGzipBytes: 3900,
  },
  lighthouse: [
    {
      path: '/',
      url: 'http://127.0.0.1:4000/',
      performance: 93,
      accessibility: 100,
      bestPractices: 100,
      lcpMs: 1700,
      fcpMs: 1100,
      tbtMs: 0,
      cls: 0.135,
      speedIndexMs: 1100,
      failedAudits: [
        { id: 'layout-shifts', title: 'Avoid large layout shifts', score: 0, displayValue: '1 layout shift found' },
      ],
      apiRequests: [{ url: 'http://127.0.0.1:3000/events?limit=12', status: 200 }],
      report: 'dist/bench/lighthouse-1.json',
      warnings: [],
    },
  ],
};

export function benchResults(overrides: Partial<BenchResults> = {}): Omit<BenchResults, 'targets' | 'invariantsHeld'> {
  return {
    startedAt: '2030-01-01T00:00:00.000Z',
    finishedAt: '2030-01-01T00:03:00.000Z',
    machine: { cores: 2, cpuModel: 'Test CPU', memoryGiB: 8, node: 'v20.20.2', platform: 'linux x64', lscpu: [] },
    loadAverage: { start: [0.5, 0.5, 0.5], end: [1.9, 1, 0.7] },
    config: loadBenchConfig({}),
    orders: ordersResult(),
    rush: rushResult,
    webhooks: webhookResult,
    bundles: {
      dir: 'dist/apps/api',
      functions: [
        bundle('catalog', 49_232, 62),
        bundle('orders', 324_799, 71, [
          { name: 'stripe', bytes: 245_657 },
          { name: 'libs/contracts', bytes: 34_500 },
        ]),
      ],
      coldStarts: [],
    },
    storefront: storefrontResult,
    failures: [],
    ...overrides,
  };
}
