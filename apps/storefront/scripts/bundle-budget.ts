/**
 * The storefront's performance and safety budget, checked on the built `dist`:
 * first-load JS and CSS (gzipped) under their limits, content-hashed asset names (CloudFront
 * caches assets/* as immutable), and no trace of the mock mode (MSW, its worker, the mock pages).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Budget {
  readonly firstLoadJsGzipBytes: number;
  readonly cssGzipBytes: number;
}

export const BUDGET: Budget = { firstLoadJsGzipBytes: 30_000, cssGzipBytes: 10_000 };

export interface DistFile {
  /** Relative to dist, with forward slashes. */
  readonly path: string;
  readonly content: Buffer;
}

export interface MeasuredFile {
  readonly path: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface BundleReport {
  readonly firstLoadJs: readonly MeasuredFile[];
  readonly css: readonly MeasuredFile[];
  readonly lazyJs: readonly MeasuredFile[];
  readonly firstLoadJsGzipBytes: number;
  readonly cssGzipBytes: number;
  readonly problems: readonly string[];
}

/** Strings only the mock mode has: MSW's worker protocol and package names, our mock entry points. */
export const MOCK_MARKERS: readonly string[] = [
  'mockServiceWorker',
  'INTEGRITY_CHECK_REQUEST',
  'MOCK_DEACTIVATE',
  'msw/browser',
  '@mswjs/',
  'setupWorker',
  '[MSW]',
  'tthMock',
  '__mock-checkout',
];

const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export function readDist(distDir: string): DistFile[] {
  const files: DistFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.push({ path: relative(distDir, full).split('\\').join('/'), content: readFileSync(full) });
    }
  };
  walk(distDir);
  return files;
}

/** What index.html loads before the app can render: entry scripts, module preloads, stylesheets. */
export function firstLoadReferences(html: string): { scripts: string[]; styles: string[] } {
  const attribute = (tag: string, name: string) =>
    new RegExp(`\\s${name}\\s*=\\s*["']([^"']+)["']`, 'i').exec(tag)?.[1];
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    const src = attribute(tag, 'src');
    const rel = attribute(tag, 'rel')?.toLowerCase();
    const href = attribute(tag, 'href');
    if (tag.toLowerCase().startsWith('<script') && src) scripts.push(src);
    else if (rel === 'modulepreload' && href) scripts.push(href);
    else if (rel === 'stylesheet' && href) styles.push(href);
  }
  return { scripts, styles };
}

const measure = (file: DistFile): MeasuredFile => ({
  path: file.path,
  bytes: file.content.length,
  gzipBytes: gzipSync(file.content, { level: 9 }).length,
});
const sum = (files: readonly MeasuredFile[]) => files.reduce((total, file) => total + file.gzipBytes, 0);

export function checkBundle(files: readonly DistFile[], budget: Budget = BUDGET): BundleReport {
  const problems: string[] = [];
  const byPath = new Map(files.map((file) => [file.path, file]));
  const html = byPath.get('index.html');
  if (!html)
    return {
      firstLoadJs: [],
      css: [],
      lazyJs: [],
      firstLoadJsGzipBytes: 0,
      cssGzipBytes: 0,
      problems: ['dist has no index.html'],
    };

  const refs = firstLoadReferences(html.content.toString('utf8'));
  const resolve = (url: string): DistFile | undefined => {
    const file = byPath.get(url.replace(/^\//, '').replace(/[?#].*$/, ''));
    if (!file) problems.push(`index.html references ${url}, which is not in dist`);
    return file;
  };
  const firstLoadJs = [...new Set(refs.scripts)].flatMap((url) => resolve(url) ?? []).map(measure);
  const firstPaths = new Set(firstLoadJs.map((file) => file.path));
  // Every stylesheet ships (CSS chunks of lazy modules load with them): count them all.
  const css = files.filter((file) => file.path.endsWith('.css')).map(measure);
  const lazyJs = files.filter((file) => file.path.endsWith('.js') && !firstPaths.has(file.path)).map(measure);
  for (const url of refs.styles) resolve(url);

  const firstLoadJsGzipBytes = sum(firstLoadJs);
  const cssGzipBytes = sum(css);
  if (firstLoadJs.length === 0) problems.push('index.html loads no script');
  if (firstLoadJsGzipBytes > budget.firstLoadJsGzipBytes) {
    problems.push(
      `first-load JS is ${firstLoadJsGzipBytes} B gzipped, over the budget of ${budget.firstLoadJsGzipBytes} B`,
    );
  }
  if (cssGzipBytes > budget.cssGzipBytes)
    problems.push(`CSS is ${cssGzipBytes} B gzipped, over the budget of ${budget.cssGzipBytes} B`);

  for (const file of files) {
    if (file.path !== 'index.html' && !HASHED_ASSET.test(file.path))
      problems.push(`${file.path} is not a content-hashed file under assets/`);
    if (/mockServiceWorker|msw/i.test(file.path)) problems.push(`${file.path} is a mock-mode file`);
    const text = file.content.toString('latin1');
    const marker = MOCK_MARKERS.find((m) => text.includes(m));
    if (marker) problems.push(`${file.path} contains mock-mode code ("${marker}")`);
  }
  return { firstLoadJs, css, lazyJs, firstLoadJsGzipBytes, cssGzipBytes, problems };
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;

export function formatReport(report: BundleReport, budget: Budget = BUDGET): string {
  const rows = (title: string, files: readonly MeasuredFile[]) =>
    files.map(
      (file) =>
        `  ${title.padEnd(10)} ${file.path.padEnd(40)} ${kb(file.bytes).padStart(10)} ${kb(file.gzipBytes).padStart(10)} gz`,
    );
  return [
    'Storefront bundle',
    ...rows('first-load', report.firstLoadJs),
    ...rows('lazy', report.lazyJs),
    ...rows('css', report.css),
    `  first-load JS ${kb(report.firstLoadJsGzipBytes)} gz (budget ${kb(budget.firstLoadJsGzipBytes)})`,
    `  CSS           ${kb(report.cssGzipBytes)} gz (budget ${kb(budget.cssGzipBytes)})`,
    report.problems.length === 0
      ? '  OK: within budget, hashed assets, no mock-mode code'
      : report.problems.map((p) => `  FAIL: ${p}`).join('\n'),
  ].join('\n');
}
