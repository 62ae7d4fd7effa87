/**
 * 5. Storefront: the first-load JS and CSS of the production build (gzipped), and Lighthouse
 *    (mobile, simulated throttling: its defaults) on the build served like CloudFront serves it,
 *    with the pages talking to the running local API so they show real data.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureFirstLoad, type FirstLoad } from '../storefront-assets';

export interface LighthouseAudit {
  readonly id: string;
  readonly title: string;
  readonly score: number | null;
  readonly displayValue?: string;
}

export interface LighthousePage {
  readonly path: string;
  readonly url: string;
  /** 0–100. */
  readonly performance: number;
  readonly accessibility: number;
  readonly bestPractices: number;
  readonly lcpMs: number;
  readonly fcpMs: number;
  readonly tbtMs: number;
  readonly cls: number;
  readonly speedIndexMs: number;
  /** Audits of the three categories that did not get a full score (the causes of a lower score). */
  readonly failedAudits: readonly LighthouseAudit[];
  /** Requests the page made to the API, with their status (proves the page had data). */
  readonly apiRequests: readonly { readonly url: string; readonly status: number }[];
  readonly report: string;
  readonly warnings: readonly string[];
}

export interface StorefrontResult {
  readonly firstLoad: FirstLoad;
  readonly lighthouse: readonly LighthousePage[];
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;

interface LighthouseReport {
  readonly runtimeError?: { readonly code?: string; readonly message?: string };
  readonly runWarnings?: readonly string[];
  readonly categories: Record<
    string,
    { readonly score: number | null; readonly auditRefs: readonly { readonly id: string; readonly weight: number }[] }
  >;
  readonly audits: Record<
    string,
    {
      readonly id: string;
      readonly title: string;
      readonly score: number | null;
      readonly scoreDisplayMode?: string;
      readonly displayValue?: string;
      readonly numericValue?: number;
      readonly details?: { readonly items?: readonly Record<string, unknown>[] };
    }
  >;
}

function runLighthouse(workspaceRoot: string, url: string, outputPath: string): Promise<void> {
  const cli = join(workspaceRoot, 'node_modules', 'lighthouse', 'cli', 'index.js');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        cli,
        url,
        '--output=json',
        `--output-path=${outputPath}`,
        `--only-categories=${CATEGORIES.join(',')}`,
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
        '--quiet',
      ],
      {
        cwd: workspaceRoot,
        env: { ...process.env, CHROME_PATH: process.env['CHROME_PATH'] ?? '/usr/bin/chromium' },
        timeout: 180_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`Lighthouse failed on ${url}: ${error.message}\n${stderr.slice(-2000)}`)) : resolve(),
    );
  });
}

/** The figures of one Lighthouse JSON report. */
export function readLighthouseReport(
  report: LighthouseReport,
  page: { path: string; url: string; report: string; apiOrigin: string },
): LighthousePage {
  if (report.runtimeError?.code && report.runtimeError.code !== 'NO_ERROR')
    throw new Error(
      `Lighthouse could not measure ${page.url}: ${report.runtimeError.message ?? report.runtimeError.code}`,
    );
  const score = (category: string) => Math.round((report.categories[category]?.score ?? 0) * 100);
  const metric = (id: string) => report.audits[id]?.numericValue ?? Number.NaN;
  const failedAudits = CATEGORIES.flatMap((category) => report.categories[category]?.auditRefs ?? [])
    .map((ref) => report.audits[ref.id])
    .filter(
      (audit): audit is NonNullable<typeof audit> =>
        audit !== undefined &&
        audit.score !== null &&
        audit.score < 1 &&
        (audit.scoreDisplayMode === 'binary' ||
          audit.scoreDisplayMode === 'numeric' ||
          audit.scoreDisplayMode === 'metricSavings'),
    )
    .map((audit) => ({
      id: audit.id,
      title: audit.title,
      score: audit.score,
      ...(audit.displayValue ? { displayValue: audit.displayValue } : {}),
    }));
  const apiRequests = (report.audits['network-requests']?.details?.items ?? [])
    .filter((item) => typeof item['url'] === 'string' && (item['url'] as string).startsWith(page.apiOrigin))
    .map((item) => ({ url: item['url'] as string, status: Number(item['statusCode']) }));
  return {
    path: page.path,
    url: page.url,
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    lcpMs: metric('largest-contentful-paint'),
    fcpMs: metric('first-contentful-paint'),
    tbtMs: metric('total-blocking-time'),
    cls: metric('cumulative-layout-shift'),
    speedIndexMs: metric('speed-index'),
    failedAudits: [...new Map(failedAudits.map((audit) => [audit.id, audit])).values()],
    apiRequests,
    report: page.report,
    warnings: report.runWarnings ?? [],
  };
}

export async function benchStorefront(
  options: {
    readonly workspaceRoot: string;
    readonly distDir: string;
    readonly siteUrl?: string;
    readonly apiUrl?: string;
    readonly pages: readonly string[];
    readonly reportDir: string;
  },
  progress: (line: string) => void,
): Promise<StorefrontResult> {
  const firstLoad = measureFirstLoad(options.distDir);
  const lighthouse: LighthousePage[] = [];
  if (options.siteUrl && options.apiUrl) {
    mkdirSync(options.reportDir, { recursive: true });
    for (const [index, path] of options.pages.entries()) {
      const url = `${options.siteUrl}${path}`;
      const report = join(options.reportDir, `lighthouse-${index + 1}.json`);
      progress(`storefront: Lighthouse on ${url}`);
      await runLighthouse(options.workspaceRoot, url, report);
      lighthouse.push(
        readLighthouseReport(JSON.parse(readFileSync(report, 'utf8')) as LighthouseReport, {
          path,
          url,
          report,
          apiOrigin: new URL(options.apiUrl).origin,
        }),
      );
    }
  }
  return { firstLoad, lighthouse };
}
