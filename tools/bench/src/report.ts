/** The printed report: figures per benchmark, then every target with PASS/MISS. */
import type { BundleFigures, ColdInvocation } from './benchmarks/bundles';
import type { LoadFigures } from './benchmarks/orders';
import type { CpuPerOperation } from './cpu';
import type { BenchResults } from './results';
import type { LatencySummary } from './stats';
import { formatBytes, formatTarget, formatValue, type TargetResult } from './targets';

const ms = (value: number) => `${value.toFixed(1)} ms`;

export function latencyLine(latency: LatencySummary): string {
  return `p50 ${ms(latency.p50)}  p95 ${ms(latency.p95)}  p99 ${ms(latency.p99)}  max ${ms(latency.max)}`;
}

export function cpuLine(cpu: CpuPerOperation | undefined, per: string): string | undefined {
  if (!cpu) return undefined;
  const parts = Object.entries(cpu.perOperationMs).map(([name, value]) => `${name} ${value.toFixed(1)}`);
  return `CPU ms per ${per}: ${[...parts, `other processes ${cpu.otherPerOperationMs.toFixed(1)}`].join(', ')} (machine ${(cpu.machineUtilisation * 100).toFixed(0)} % busy)`;
}

/** Left-aligned columns, the widest cell of each column setting its width. */
export function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, [...cell].length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, index) =>
          index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - [...cell].length),
        )
        .join('  ')
        .trimEnd(),
  );
}

function loadRow(label: string, figures: LoadFigures, unit: string): string[] {
  return [
    label,
    `${figures.perSecond.toFixed(1)} ${unit}/s`,
    `(seconds: slowest ${figures.perSecondMin}, fastest ${figures.perSecondMax})`,
    latencyLine(figures.latencyMs),
    `errors ${figures.errors}/${figures.requests}`,
  ];
}

function bundleRow(bundle: BundleFigures): string[] {
  const largest = bundle.packages
    .slice(0, 3)
    .map((share) => `${share.name} ${formatBytes(share.bytes)}`)
    .join(', ');
  const chunks =
    bundle.totalBytes > bundle.bytes ? ` (+${formatBytes(bundle.totalBytes - bundle.bytes)} loaded on first use)` : '';
  return [
    bundle.name,
    `${formatBytes(bundle.bytes)}${chunks}`,
    `gzip ${formatBytes(bundle.gzipBytes)}`,
    `init ${ms(bundle.init.medianMs)} (${ms(bundle.init.minMs)}–${ms(bundle.init.maxMs)})`,
    largest,
  ];
}

function coldRow(cold: ColdInvocation): string[] {
  return [
    cold.function,
    cold.request,
    `init p50 ${ms(cold.initMs.p50)}`,
    `first call p50 ${ms(cold.firstCallMs.p50)}`,
    `total p50 ≈ ${ms(cold.initMs.p50 + cold.firstCallMs.p50)}`,
    `status ${[...new Set(cold.statuses)].join(',')}`,
  ];
}

function targetRows(targets: readonly TargetResult[]): string[] {
  return table(
    targets.map((target) => [
      target.verdict,
      target.label,
      target.value === undefined ? '—' : formatValue(target.value, target.unit),
      formatTarget(target),
      target.note ? `← ${target.note}` : '',
    ]),
  );
}

export function formatReport(results: BenchResults): string {
  const lines: string[] = [];
  const { machine, orders, rush, webhooks, bundles, storefront } = results;
  lines.push(
    `TicketsToHeaven benchmarks, ${results.startedAt}`,
    `  ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}; load average ${results.loadAverage.start.join(' ')} at start, ${results.loadAverage.end.join(' ')} at end`,
    '',
  );

  if (orders) {
    lines.push(
      `1. Order creation: ${orders.api.connections} clients, ${orders.api.durationS} s after warm-up (each order: seat-hold transaction + Stripe Checkout Session on the emulator)`,
    );
    const rows = [loadRow('API (no response validation)', orders.api, 'orders')];
    if (orders.bare) rows.push(loadRow('bare TransactWriteItems', orders.bare, 'tx'));
    if (orders.validated)
      rows.push([
        ...loadRow('API validating responses', orders.validated, 'orders'),
        `contract violations ${orders.validated.contractViolations}`,
      ]);
    lines.push(...table(rows));
    if (orders.ratioP50 !== undefined)
      lines.push(`  API p50 / bare p50 at ${orders.api.connections} clients: ${orders.ratioP50.toFixed(2)}×`);
    if (orders.unloaded) {
      const unloaded = orders.unloaded;
      lines.push(
        `  one request at a time (${unloaded.samples} each): API p50 ${ms(unloaded.apiMs.p50)}, bare p50 ${ms(unloaded.bareMs.p50)}, ratio ${unloaded.ratioP50?.toFixed(2) ?? '—'}×`,
      );
      if (unloaded.steps.length > 0) {
        const sum = unloaded.steps.reduce((total, step) => total + step.latencyMs.p50, 0);
        lines.push(
          '  the order flow’s calls, one at a time (p50 each):',
          ...table(
            [
              ...unloaded.steps.map((step) => [step.step, ms(step.latencyMs.p50)]),
              ['sum of the calls', ms(sum)],
              ['API p50 − sum: HTTP, routing, validation, JSON, logs', ms(unloaded.apiMs.p50 - sum)],
              ['  of which an HTTP round trip (GET /health p50)', ms(unloaded.httpRoundTripMs.p50)],
            ],
            '    ',
          ),
        );
      }
    }
    const audit = orders.audit;
    lines.push(
      `  seat audit: capacity − available = ${audit.seatsTaken}, seats in ${audit.ordersHoldingSeats} orders = ${audit.seatsInOrders}, available ${audit.available} ≥ 0 → ${audit.ok ? 'no oversell' : 'FAILED'}`,
    );
    for (const [label, figures] of [
      ['API', orders.api],
      ['bare', orders.bare],
    ] as const) {
      const line = figures ? cpuLine(figures.cpu, label === 'API' ? 'order' : 'bare transaction') : undefined;
      if (line) lines.push(`  ${line}`);
    }
    lines.push('');
  }

  if (rush) {
    lines.push(`2. Sale rush: ${rush.buyers} buyers, ${rush.seats} seats, all at once`);
    lines.push(
      ...table([
        ['confirmed', `${rush.succeeded} (SOLD_OUT ${rush.soldOut}; statuses ${JSON.stringify(rush.statusCounts)})`],
        ['sold out after', rush.timeToSellOutMs === undefined ? 'never' : ms(rush.timeToSellOutMs)],
        ['all answered after', ms(rush.allAnsweredMs)],
        ['latency', latencyLine(rush.latencyMs)],
        ['seat audit', rush.audit.ok && rush.audit.available === 0 ? 'clean, 0 seats left' : 'FAILED'],
      ]),
    );
    const line = cpuLine(rush.cpu, 'buyer');
    if (line) lines.push(`  ${line}`);
    lines.push('');
  }

  if (webhooks) {
    lines.push(`3. Webhooks: signed ${webhooks.eventType} events of real orders`);
    const rows: string[][] = [];
    if (webhooks.sequential)
      rows.push([
        'one at a time',
        `${webhooks.sequential.acknowledged}/${webhooks.sequential.deliveries} acknowledged`,
        latencyLine(webhooks.sequential.latencyMs),
      ]);
    rows.push([
      `${webhooks.first.deliveries} at once (→ PAID)`,
      `${webhooks.first.acknowledged}/${webhooks.first.deliveries} acknowledged`,
      latencyLine(webhooks.first.latencyMs),
    ]);
    rows.push([
      `${webhooks.redelivery.deliveries} redelivered at once`,
      `${webhooks.redelivery.acknowledged}/${webhooks.redelivery.deliveries} acknowledged as duplicates`,
      latencyLine(webhooks.redelivery.latencyMs),
    ]);
    lines.push(...table(rows), `  orders PAID: ${webhooks.ordersPaid}/${webhooks.first.deliveries}`);
    const line = cpuLine(webhooks.first.cpu, 'delivery');
    if (line) lines.push(`  ${line}`);
    lines.push('');
  }

  if (bundles) {
    lines.push(
      `4. Lambda bundles (${bundles.dir}; init = module load in a fresh Node process, median of ${bundles.functions[0]?.init.runs ?? 0})`,
    );
    lines.push(...table(bundles.functions.map(bundleRow)));
    if (bundles.coldStarts.length > 0)
      lines.push('  cold start with a first request:', ...table(bundles.coldStarts.map(coldRow), '    '));
    lines.push('');
  }

  if (storefront) {
    const firstLoad = storefront.firstLoad;
    lines.push('5. Storefront');
    lines.push(
      ...table([
        [
          'first-load JS',
          `${formatBytes(firstLoad.jsGzipBytes)} gzip (${firstLoad.jsGzipBytes} B)`,
          firstLoad.js.map((asset) => asset.path).join(', '),
        ],
        [
          'first-load CSS',
          `${formatBytes(firstLoad.cssGzipBytes)} gzip (${firstLoad.cssGzipBytes} B)`,
          firstLoad.css.map((asset) => asset.path).join(', '),
        ],
        [
          'lazy JS',
          `${formatBytes(firstLoad.lazyJs.reduce((sum, asset) => sum + asset.gzipBytes, 0))} gzip`,
          firstLoad.lazyJs.map((asset) => asset.path).join(', '),
        ],
      ]),
    );
    for (const page of storefront.lighthouse) {
      lines.push(
        `  Lighthouse ${page.path}: performance ${page.performance}, accessibility ${page.accessibility}, best practices ${page.bestPractices}; LCP ${ms(page.lcpMs)}, FCP ${ms(page.fcpMs)}, TBT ${ms(page.tbtMs)}, CLS ${page.cls.toFixed(3)}; API calls ${page.apiRequests.map((request) => request.status).join(',') || 'none'}`,
      );
    }
    lines.push('');
  }

  for (const failure of results.failures) lines.push(`FAILED ${failure.benchmark}: ${failure.message}`);
  if (results.failures.length > 0) lines.push('');
  lines.push('Targets', ...targetRows(results.targets), '');
  const checked = [
    orders ? 'no oversell' : undefined,
    rush ? 'exact sale-rush count' : undefined,
    webhooks ? 'every webhook acknowledged' : undefined,
  ].filter(Boolean);
  lines.push(
    !results.invariantsHeld
      ? 'INVARIANTS BROKEN or a benchmark failed: see above.'
      : checked.length > 0
        ? `Invariants held: ${checked.join(', ')}.`
        : 'No invariant checked in this run.',
  );
  return lines.join('\n');
}
