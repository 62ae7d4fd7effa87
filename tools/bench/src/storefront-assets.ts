/**
 * What a first visit to the storefront downloads before it can render: the scripts and
 * stylesheets index.html references, plus every module those scripts import statically.
 * Dynamically imported chunks (loaded on demand, e.g. the QR code on the order page) are lazy.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

export interface AssetSize {
  /** Relative to the dist folder, e.g. `assets/index-DIYWZ-N8.js`. */
  readonly path: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly brotliBytes: number;
}

export interface FirstLoad {
  readonly js: readonly AssetSize[];
  readonly css: readonly AssetSize[];
  /** Every other script in the build: loaded later, if at all. */
  readonly lazyJs: readonly AssetSize[];
  readonly jsGzipBytes: number;
  readonly cssGzipBytes: number;
}

/** `src` of scripts, `href` of module preloads and stylesheets, in document order. */
export function htmlReferences(html: string): { scripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  const styles: string[] = [];
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    const attribute = (name: string) =>
      new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i')
        .exec(tag)
        ?.slice(1)
        .find((value) => value !== undefined);
    const rel = attribute('rel')?.toLowerCase().split(/\s+/) ?? [];
    if (/^<script/i.test(tag)) {
      const src = attribute('src');
      if (src) scripts.push(src);
    } else if (rel.includes('modulepreload')) {
      const href = attribute('href');
      if (href) scripts.push(href);
    } else if (rel.includes('stylesheet')) {
      const href = attribute('href');
      if (href) styles.push(href);
    }
  }
  return { scripts, styles };
}

/** Specifiers of a module's static `import … from "x"`, `import "x"` and `export … from "x"` (not `import("x")`). */
export function staticImports(code: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /(?:^|[^\w$.])import\s*(?:[\w$*{},\s]+?\s*from\s*)?["']([^"']+)["']/g,
    /(?:^|[^\w$.])export\s*(?:\*|\*\s*as\s+[\w$]+|\{[^}]*\})\s*from\s*["']([^"']+)["']/g,
  ];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) if (match[1]) found.add(match[1]);
  return [...found];
}

function measure(distDir: string, path: string): AssetSize {
  const content = readFileSync(join(distDir, path));
  return {
    path,
    bytes: content.length,
    gzipBytes: gzipSync(content).length,
    brotliBytes: brotliCompressSync(content).length,
  };
}

/** A reference from index.html (`/assets/x.js`) or a module (`./x.js`) as a dist-relative path; undefined for other origins. */
function distPath(reference: string, fromPath: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference) || reference.startsWith('//')) return undefined;
  const clean = reference.split(/[?#]/)[0] ?? reference;
  const resolved = clean.startsWith('/')
    ? posix.normalize(clean.slice(1))
    : posix.normalize(posix.join(posix.dirname(fromPath), clean));
  return resolved.startsWith('..') ? undefined : resolved;
}

export function measureFirstLoad(distDir: string): FirstLoad {
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`No storefront build at ${distDir} (run nx run storefront:build)`);
  const references = htmlReferences(readFileSync(indexFile, 'utf8'));

  const firstLoadJs = new Set<string>();
  const pending = references.scripts
    .map((script) => distPath(script, 'index.html'))
    .filter((path): path is string => path !== undefined);
  while (pending.length > 0) {
    const path = pending.shift() as string;
    if (firstLoadJs.has(path) || !existsSync(join(distDir, path))) continue;
    firstLoadJs.add(path);
    for (const specifier of staticImports(readFileSync(join(distDir, path), 'utf8'))) {
      const imported = distPath(specifier, path);
      if (imported) pending.push(imported);
    }
  }
  const css = references.styles
    .map((style) => distPath(style, 'index.html'))
    .filter((path): path is string => path !== undefined && existsSync(join(distDir, path)));
  const allJs = listFiles(distDir).filter((path) => /\.m?js$/.test(path));

  const js = [...firstLoadJs].map((path) => measure(distDir, path));
  const cssSizes = css.map((path) => measure(distDir, path));
  return {
    js,
    css: cssSizes,
    lazyJs: allJs.filter((path) => !firstLoadJs.has(path)).map((path) => measure(distDir, path)),
    jsGzipBytes: js.reduce((sum, asset) => sum + asset.gzipBytes, 0),
    cssGzipBytes: cssSizes.reduce((sum, asset) => sum + asset.gzipBytes, 0),
  };
}

function listFiles(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(root, posix.join(prefix, entry.name)) : [posix.join(prefix, entry.name)],
  );
}
