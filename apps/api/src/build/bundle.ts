/**
 * One Lambda bundle per function of @tth/functions (its handler module) → <outDir>/<name>/index.js (+ .map).
 * Why a script and not the @nx/esbuild executor: docs/decisions/003-local-api-server.md.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import { functionDefinition, handlerFile, handlerModules, type FunctionName } from '@tth/functions';

/**
 * Packages kept out of `index.js` and shipped next to it in `<function>/node_modules/<name>/`,
 * for the functions that import them. The code loads them with `await import(name)` on first use,
 * so a cold start does not pay for them (docs/decisions/071-lazy-stripe-sdk-in-lambda-bundles.md).
 */
export const LAZY_PACKAGES = ['stripe'] as const;

export const API_ROOT = resolve(import.meta.dirname, '..', '..');
export const WORKSPACE_ROOT = resolve(API_ROOT, '..', '..');
export const DEFAULT_OUT_DIR = join(WORKSPACE_ROOT, 'dist', 'apps', 'api');
/** Per-function budget for the minified bundle (the AWS SDK is provided by the runtime). */
export const BUNDLE_BUDGET_BYTES = 100 * 1024;

export interface BundleOptions {
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
  /** Packages of LAZY_PACKAGES this function imports, shipped in its `node_modules/` (not counted in `bytes`). */
  readonly lazyPackages: readonly LazyPackage[];
}

export interface LazyPackage {
  readonly name: string;
  /** The bundled package's entry file, `<function>/node_modules/<name>/index.mjs`. */
  readonly file: string;
  readonly bytes: number;
}

/** Every function, by name (sorted). */
export function findHandlers(): FunctionName[] {
  return (Object.keys(handlerModules) as FunctionName[]).sort();
}

export async function bundleFunctions(options: BundleOptions = {}): Promise<FunctionBundle[]> {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const names = findHandlers().filter((name) => !options.only || options.only.includes(name));
  if (names.length === 0) throw new Error(`No functions to bundle among ${options.only?.join(', ')}`);

  rmSync(outDir, { recursive: true, force: true });
  // One build per function: each bundle carries the contract validators of its own operations only.
  const results = new Map<string, Metafile>();
  for (const name of names) {
    const result = await build({
      absWorkingDir: WORKSPACE_ROOT,
      entryPoints: { [`${name}/index`]: handlerFile(name) },
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
      // @aws-sdk: provided by the Lambda Node.js 22 runtime. LAZY_PACKAGES: shipped beside the bundle.
      external: ['@aws-sdk/*', ...LAZY_PACKAGES],
      // Prefer packages' ESM builds: they tree-shake far better.
      mainFields: ['module', 'main'],
      tsconfig: join(API_ROOT, 'tsconfig.json'),
      legalComments: 'eof',
      // '→' as its three UTF-8 bytes, not a six-byte \u escape: Node reads the file as UTF-8.
      charset: 'utf8',
      metafile: true,
      logLevel: 'warning',
      plugins: [validatorsOf(operationsOf(name))],
    });
    results.set(name, result.metafile);
  }

  const lazyBuilds = new Map<string, Promise<Buffer>>();
  return Promise.all(
    names.map(async (name): Promise<FunctionBundle> => {
      const folder = join(outDir, name);
      mkdirSync(folder, { recursive: true });
      // The workspace is "type": "module"; this keeps Node (and tests) reading the bundle as CommonJS, as Lambda does.
      writeFileSync(join(folder, 'package.json'), '{ "type": "commonjs" }\n');
      const file = join(folder, 'index.js');
      const code = readFileSync(file);
      const lazyPackages: LazyPackage[] = [];
      const metafile = results.get(name) as Metafile;
      for (const pkg of lazyImportsOf(metafile, file)) {
        // Bundled once, copied into every function that imports it.
        const pkgCode = await getOrBuild(lazyBuilds, pkg);
        const pkgFolder = join(folder, 'node_modules', pkg);
        mkdirSync(pkgFolder, { recursive: true });
        writeFileSync(join(pkgFolder, 'index.mjs'), pkgCode);
        writeFileSync(
          join(pkgFolder, 'package.json'),
          `${JSON.stringify({ name: pkg, type: 'module', main: './index.mjs', exports: './index.mjs' })}\n`,
        );
        lazyPackages.push({ name: pkg, file: join(pkgFolder, 'index.mjs'), bytes: pkgCode.length });
      }
      return {
        name,
        file,
        bytes: code.length,
        gzipBytes: gzipSync(code).length,
        inputs: inputsOf(metafile, file),
        lazyPackages,
      };
    }),
  );
}

/** The operations of openapi.yaml a function serves (none for a function not behind the API). */
function operationsOf(name: FunctionName): readonly string[] {
  const { trigger } = functionDefinition(name);
  return trigger.kind === 'http' ? trigger.operations : [];
}

/**
 * The generated request validators cover every operation of the contract, and the contract's
 * validation module looks them up by name, which esbuild cannot tree-shake. This hands each bundle
 * a module with its own operations' validators only, so a function's size does not grow with
 * operations it never serves.
 */
export function validatorsOf(operations: readonly string[]): Plugin {
  return {
    name: 'contract-validators-of-the-function',
    setup(builder) {
      builder.onResolve({ filter: /^\.\.\/generated\/(parameter|body)-validators$/ }, (args) => ({
        path: resolve(args.resolveDir, `${args.path}.ts`),
        namespace: 'function-validators',
      }));
      builder.onLoad({ filter: /.*/, namespace: 'function-validators' }, (args) => {
        const suffix = args.path.endsWith('parameter-validators.ts') ? 'params' : 'body';
        const source = readFileSync(args.path, 'utf8');
        const wanted = operations
          .map((operationId) => `${operationId}__${suffix}`)
          .filter((exported) => new RegExp(`export const ${exported}\\b`).test(source));
        return {
          contents: `export { ${wanted.join(', ')} } from ${JSON.stringify(args.path)};`,
          loader: 'ts',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

function getOrBuild(cache: Map<string, Promise<Buffer>>, pkg: string): Promise<Buffer> {
  let pending = cache.get(pkg);
  if (!pending) {
    pending = bundleLazyPackage(pkg);
    cache.set(pkg, pending);
  }
  return pending;
}

/**
 * One package bundled and minified on its own, from its ESM build (the handlers load it with a
 * dynamic `import()`, which esbuild keeps as a real one for externals).
 */
async function bundleLazyPackage(pkg: string): Promise<Buffer> {
  const result = await build({
    absWorkingDir: WORKSPACE_ROOT,
    stdin: { contents: `export { default } from '${pkg}';`, resolveDir: WORKSPACE_ROOT, loader: 'js' },
    bundle: true,
    write: false,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    mainFields: ['module', 'main'],
    legalComments: 'eof',
    // '→' as its three UTF-8 bytes, not a six-byte \u escape: Node reads the file as UTF-8.
    charset: 'utf8',
    // CommonJS modules bundled into ESM call require(), which ESM lacks unless it is created.
    banner: {
      js: "import { createRequire as __lazyCreateRequire } from 'node:module'; const require = __lazyCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${pkg}`);
  return Buffer.from(output.contents);
}

/** The LAZY_PACKAGES that a bundle imports (kept external, so listed among its imports). */
function lazyImportsOf(metafile: Metafile, file: string): string[] {
  const key = relative(WORKSPACE_ROOT, file);
  const imported = new Set(
    (metafile.outputs[key]?.imports ?? []).filter((entry) => entry.external).map((entry) => entry.path),
  );
  return LAZY_PACKAGES.filter((pkg) => imported.has(pkg));
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
    const lazy = bundle.lazyPackages.map((pkg) => `  (+ ${pkg.name} ${kb(pkg.bytes)}, loaded on first use)`).join('');
    return `  ${bundle.name.padEnd(22)} ${kb(bundle.bytes).padStart(10)} minified ${kb(bundle.gzipBytes).padStart(10)} gzip${flag}${lazy}`;
  });
  return ['Lambda bundles:', ...rows].join('\n');
}
