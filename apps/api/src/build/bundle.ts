/**
 * One Lambda bundle per apps/api/src/handlers/<name>.ts → <outDir>/<name>/index.js (+ .map).
 * Why a script and not the @nx/esbuild executor: docs/decisions/003-local-api-server.md.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { build, type Metafile } from 'esbuild';

export const API_ROOT = resolve(import.meta.dirname, '..', '..');
export const WORKSPACE_ROOT = resolve(API_ROOT, '..', '..');
export const DEFAULT_HANDLERS_DIR = join(API_ROOT, 'src', 'handlers');
export const DEFAULT_OUT_DIR = join(WORKSPACE_ROOT, 'dist', 'apps', 'api');
/** Per-function budget for the minified bundle (the AWS SDK is provided by the runtime). */
export const BUNDLE_BUDGET_BYTES = 100 * 1024;

export interface BundleOptions {
  readonly handlersDir?: string;
  readonly outDir?: string;
  /** Only these functions (default: every handler file). */
  readonly only?: readonly string[];
}

export interface FunctionBundle {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Workspace-relative inputs that contribute code to the bundle. */
  readonly inputs: readonly string[];
}

/** Handler files: every `*.ts` in the handlers folder that is not a test or a declaration. */
export function findHandlers(handlersDir: string = DEFAULT_HANDLERS_DIR): string[] {
  return readdirSync(handlersDir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .map((file) => basename(file, '.ts'))
    .sort();
}

export async function bundleFunctions(options: BundleOptions = {}): Promise<FunctionBundle[]> {
  const handlersDir = options.handlersDir ?? DEFAULT_HANDLERS_DIR;
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const names = findHandlers(handlersDir).filter((name) => !options.only || options.only.includes(name));
  if (names.length === 0) throw new Error(`No handlers to bundle in ${handlersDir}`);

  rmSync(outDir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: WORKSPACE_ROOT,
    entryPoints: Object.fromEntries(names.map((name) => [`${name}/index`, join(handlersDir, `${name}.ts`)])),
    outdir: outDir,
    bundle: true,
    // Each bundle stands alone: Lambda deploys one folder per function.
    splitting: false,
    platform: 'node',
    target: 'node22',
    // CommonJS: Lambda loads `index.js` with handler `index.handler`, and require() of the
    // runtime-provided AWS SDK works without ESM interop shims.
    format: 'cjs',
    minify: true,
    sourcemap: true,
    // Provided by the Lambda Node.js 22 runtime.
    external: ['@aws-sdk/*'],
    // Prefer packages' ESM builds: they tree-shake far better.
    mainFields: ['module', 'main'],
    tsconfig: join(API_ROOT, 'tsconfig.json'),
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
  });

  return names.map((name) => {
    const folder = join(outDir, name);
    mkdirSync(folder, { recursive: true });
    // The workspace is "type": "module"; this keeps Node (and tests) reading the bundle as CommonJS, as Lambda does.
    writeFileSync(join(folder, 'package.json'), '{ "type": "commonjs" }\n');
    const file = join(folder, 'index.js');
    const code = readFileSync(file);
    return { name, file, bytes: code.length, gzipBytes: gzipSync(code).length, inputs: inputsOf(result.metafile, file) };
  });
}

function inputsOf(metafile: Metafile, file: string): string[] {
  const key = relative(WORKSPACE_ROOT, file);
  // Inputs esbuild visited but tree-shook away entirely are listed with 0 bytes: leave them out.
  return Object.entries(metafile.outputs[key]?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path)
    .sort();
}

/** A printable size table, flagging bundles over the budget. */
export function sizeReport(bundles: readonly FunctionBundle[]): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const rows = bundles.map((bundle) => {
    const flag = bundle.bytes > BUNDLE_BUDGET_BYTES ? `  over the ${kb(BUNDLE_BUDGET_BYTES)} budget` : '';
    return `  ${bundle.name.padEnd(22)} ${kb(bundle.bytes).padStart(10)} minified ${kb(bundle.gzipBytes).padStart(10)} gzip${flag}`;
  });
  return ['Lambda bundles:', ...rows].join('\n');
}
