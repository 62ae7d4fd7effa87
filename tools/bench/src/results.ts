/** The whole run as written to dist/bench/results.json, and the targets judged from it. */
import type { BenchConfig } from './config';
import type { BundleFigures, ColdInvocation } from './benchmarks/bundles';
import type { OrdersResult } from './benchmarks/orders';
import type { RushResult } from './benchmarks/sale-rush';
import type { StorefrontResult } from './benchmarks/storefront';
import type { WebhookResult } from './benchmarks/webhooks';
import type { MachineInfo } from './machine';
import { evaluate, type TargetResult } from './targets';

export interface BundlesResult {
  readonly dir: string;
  readonly functions: readonly BundleFigures[];
  readonly coldStarts: readonly ColdInvocation[];
}

export interface BenchResults {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: MachineInfo;
  /** Load averages (1, 5, 15 min) at the start and end: above the core count, others shared the CPU. */
  readonly loadAverage: { readonly start: readonly number[]; readonly end: readonly number[] };
  readonly config: BenchConfig;
  readonly orders?: OrdersResult;
  readonly rush?: RushResult;
  readonly webhooks?: WebhookResult;
  readonly bundles?: BundlesResult;
  readonly storefront?: StorefrontResult;
  /** Benchmarks that could not complete, with why. */
  readonly failures: readonly { readonly benchmark: string; readonly message: string }[];
  readonly targets: readonly TargetResult[];
  /** No oversell, exact sale-rush count, every webhook acknowledged: correctness, not speed. */
  readonly invariantsHeld: boolean;
}

/** The budgets the API build and the storefront's check-bundle use (100 KiB; 30 000 bytes). */
export const LAMBDA_BUNDLE_BUDGET_BYTES = 100 * 1024;
export const LAMBDA_INIT_BUDGET_MS = 150;
export const STOREFRONT_FIRST_LOAD_JS_BUDGET_BYTES = 30_000;

/** Audit problems: seats counted by the counter but not held by orders (or the reverse), plus order mismatches. */
function auditProblems(audit: OrdersResult['audit']): number {
  return (
    Math.abs(audit.seatsTaken - audit.seatsInOrders) +
    Math.max(0, -audit.available) +
    audit.confirmedButWrong +
    audit.holdingButUnconfirmed +
    audit.confirmedWithoutCheckout
  );
}

function largestPart(bundle: BundleFigures): string | undefined {
  const largest = bundle.packages[0];
  return largest ? `${largest.name} is ${(largest.bytes / 1024).toFixed(1)} KB of it` : undefined;
}

export function judge(results: Omit<BenchResults, 'targets' | 'invariantsHeld'>): TargetResult[] {
  const targets: TargetResult[] = [];
  const { orders, rush, webhooks, bundles, storefront } = results;
  targets.push(
    evaluate(
      {
        id: 'orders-throughput',
        label: 'Order creation, sustained',
        unit: 'orders/s',
        comparison: 'at-least',
        threshold: 100,
      },
      orders?.api.perSecond,
    ),
    evaluate(
      {
        id: 'orders-oversell',
        label: 'Order creation, seat audit problems (oversell)',
        unit: 'count',
        comparison: 'equals',
        threshold: 0,
      },
      orders ? auditProblems(orders.audit) : undefined,
    ),
    evaluate(
      {
        id: 'orders-ratio',
        label: 'API p50 / bare TransactWriteItems p50',
        unit: 'ratio',
        comparison: 'at-most',
        threshold: 2,
      },
      orders?.ratioP50,
    ),
    evaluate(
      {
        id: 'rush-success',
        label: `Sale rush, orders confirmed (${rush?.buyers ?? '?'} buyers)`,
        unit: 'count',
        comparison: 'equals',
        threshold: rush?.seats ?? 100,
      },
      rush?.succeeded,
    ),
    evaluate(
      {
        id: 'webhook-p99',
        label: `Webhook ack p99 (${webhooks?.first.deliveries ?? '?'} at once)`,
        unit: 'ms',
        comparison: 'at-most',
        threshold: 20,
      },
      webhooks?.first.latencyMs.p99,
    ),
  );
  for (const bundle of bundles?.functions ?? []) {
    targets.push(
      evaluate(
        {
          id: `bundle-size-${bundle.name}`,
          label: `Lambda ${bundle.name}, minified`,
          unit: 'bytes',
          comparison: 'at-most',
          threshold: LAMBDA_BUNDLE_BUDGET_BYTES,
        },
        bundle.bytes,
        largestPart(bundle),
      ),
      evaluate(
        {
          id: `bundle-init-${bundle.name}`,
          label: `Lambda ${bundle.name}, init (median)`,
          unit: 'ms',
          comparison: 'at-most',
          threshold: LAMBDA_INIT_BUDGET_MS,
        },
        bundle.init.medianMs,
      ),
    );
  }
  targets.push(
    evaluate(
      {
        id: 'storefront-first-load-js',
        label: 'Storefront first-load JS, gzip',
        unit: 'bytes',
        comparison: 'at-most',
        threshold: STOREFRONT_FIRST_LOAD_JS_BUDGET_BYTES,
      },
      storefront?.firstLoad.jsGzipBytes,
    ),
  );
  for (const page of storefront?.lighthouse ?? []) {
    const causes = page.failedAudits
      .map((audit) => `${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`)
      .join('; ');
    targets.push(
      evaluate(
        {
          id: `lighthouse-performance-${page.path}`,
          label: `Lighthouse performance ${page.path}`,
          unit: 'score',
          comparison: 'at-least',
          threshold: 95,
        },
        page.performance,
        causes,
      ),
      evaluate(
        {
          id: `lighthouse-accessibility-${page.path}`,
          label: `Lighthouse accessibility ${page.path}`,
          unit: 'score',
          comparison: 'at-least',
          threshold: 100,
        },
        page.accessibility,
        causes,
      ),
    );
  }
  return targets;
}

export function invariantsHeld(results: Pick<BenchResults, 'orders' | 'rush' | 'webhooks' | 'failures'>): boolean {
  return (
    results.failures.length === 0 &&
    (results.orders?.audit.ok ?? true) &&
    (results.rush?.ok ?? true) &&
    (results.webhooks?.ok ?? true)
  );
}
