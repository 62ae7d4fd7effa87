/**
 * 4. Lambda bundles (what `nx run api:build` writes to dist/apps/api/<function>/): minified
 *    size, what it is made of (from its source map), and module init time: the bundle loaded in
 *    a fresh Node process, as the Lambda runtime loads it, median of N runs.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bytesByPackage, type PackageShare } from '../sourcemap';
import { median, summarize, type LatencySummary } from '../stats';

export interface InitFigures {
  readonly runs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export interface BundleFigures {
  readonly name: string;
  /** Workspace-relative path of the file Lambda loads (`index.js`, or `index.mjs` for ESM). */
  readonly entry: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Every code file in the function's folder (the entry plus anything it loads later), without source maps. */
  readonly totalBytes: number;
  /** Largest contributors to the entry file, from its source map. */
  readonly packages: readonly PackageShare[];
  readonly init: InitFigures;
}

export interface ColdInvocation {
  readonly function: string;
  readonly request: string;
  readonly runs: number;
  readonly initMs: LatencySummary;
  /** The first request's duration, after init. */
  readonly firstCallMs: LatencySummary;
  readonly statuses: readonly number[];
}

/** The function folders of a build: `<dir>/<name>/index.{js,mjs,cjs}`. */
export function findBundles(dir: string): { name: string; entry: string }[] {
  if (!existsSync(dir)) throw new Error(`No Lambda bundles in ${dir} (run nx run api:build)`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const file = ['index.mjs', 'index.js', 'index.cjs']
        .map((candidate) => join(dir, entry.name, candidate))
        .find((candidate) => existsSync(candidate));
      return file ? [{ name: entry.name, entry: file }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function codeFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return codeFiles(path);
    return /\.(m|c)?js$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Loads a bundle in a fresh Node process the way the Lambda runtime does (require for CommonJS,
 * import for ESM), prints the module init time, and optionally invokes the handler once with
 * the event in BENCH_INVOKE_EVENT.
 */
const LOADER = `
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const file = process.argv[1];
const start = performance.now();
const module = file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : createRequire(file)(file);
const initMs = performance.now() - start;
if (typeof module.handler !== 'function') { console.error(file + ' exports no handler'); process.exit(2); }
let call;
if (process.env.BENCH_INVOKE_EVENT) {
  const event = JSON.parse(process.env.BENCH_INVOKE_EVENT);
  const context = { awsRequestId: 'bench-cold-start', functionName: 'bench', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:us-east-2:000000000000:function:bench', memoryLimitInMB: '512', logGroupName: 'bench', logStreamName: 'bench', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 29000 };
  const invoked = performance.now();
  const result = await module.handler(event, context);
  call = { ms: performance.now() - invoked, status: result && result.statusCode };
}
process.stdout.write('\\n' + JSON.stringify({ initMs, call }) + '\\n');
process.exit(0);
`;

interface LoaderOutput {
  readonly initMs: number;
  readonly call?: { readonly ms: number; readonly status?: number };
}

export function runLoader(file: string, env: Readonly<Record<string, string>>, cwd: string): Promise<LoaderOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', LOADER, file],
      { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`Loading ${file} failed: ${error.message}\n${stderr.slice(-2000)}`));
          return;
        }
        // The handlers log JSON lines too: the loader's own line is the last one.
        const last = stdout.trimEnd().split('\n').at(-1) ?? '';
        try {
          resolve(JSON.parse(last) as LoaderOutput);
        } catch {
          reject(new Error(`Unexpected output loading ${file}: ${last.slice(0, 300)}`));
        }
      },
    );
  });
}

/**
 * The environment every function needs to start (in AWS the CDK app sets it): tables and
 * endpoints from the bench stack (or placeholders), and Lambda's NODE_OPTIONS.
 */
export function initEnvironment(handlerEnv: Readonly<Record<string, string>>): Record<string, string> {
  return {
    ...handlerEnv,
    FULFILLMENT_ENDPOINT: handlerEnv['FULFILLMENT_ENDPOINT'] ?? 'http://127.0.0.1:9/v1',
    FULFILLMENT_API_KEY: handlerEnv['FULFILLMENT_API_KEY'] ?? 'bench-fulfillment-key',
    // tools/infra deploys every function with source maps enabled.
    NODE_OPTIONS: '--enable-source-maps',
    // The AWS SDK warns about Node 20 on this machine; Lambda runs Node 22.
    NODE_NO_WARNINGS: '1',
  };
}

export async function measureInit(
  file: string,
  env: Readonly<Record<string, string>>,
  cwd: string,
  runs: number,
): Promise<InitFigures> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) samples.push((await runLoader(file, env, cwd)).initMs);
  return { runs, medianMs: median(samples), minMs: Math.min(...samples), maxMs: Math.max(...samples) };
}

export async function measureBundle(
  bundle: { name: string; entry: string },
  workspaceRoot: string,
  env: Readonly<Record<string, string>>,
  initRuns: number,
): Promise<BundleFigures> {
  const code = readFileSync(bundle.entry);
  const mapFile = `${bundle.entry}.map`;
  const packages = existsSync(mapFile)
    ? bytesByPackage(code.toString('utf8'), JSON.parse(readFileSync(mapFile, 'utf8')))
    : [];
  const folder = join(bundle.entry, '..');
  return {
    name: bundle.name,
    entry: relative(workspaceRoot, bundle.entry),
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    totalBytes: codeFiles(folder).reduce((sum, file) => sum + statSync(file).size, 0),
    packages: packages.slice(0, 6),
    init: await measureInit(bundle.entry, env, workspaceRoot, initRuns),
  };
}

/** Starts a bundle `runs` times in fresh processes and sends each its first request. */
export async function measureColdInvocation(
  name: string,
  file: string,
  request: { readonly label: string; readonly event: () => unknown },
  env: Readonly<Record<string, string>>,
  cwd: string,
  runs: number,
): Promise<ColdInvocation> {
  const outputs: LoaderOutput[] = [];
  for (let run = 0; run < runs; run++)
    outputs.push(await runLoader(file, { ...env, BENCH_INVOKE_EVENT: JSON.stringify(request.event()) }, cwd));
  const calls = outputs
    .map((output) => output.call)
    .filter((call): call is NonNullable<LoaderOutput['call']> => call !== undefined);
  if (calls.length !== outputs.length) throw new Error(`${name}: the handler was not invoked`);
  return {
    function: name,
    request: request.label,
    runs,
    initMs: summarize(outputs.map((output) => output.initMs)),
    firstCallMs: summarize(calls.map((call) => call.ms)),
    statuses: calls.map((call) => call.status ?? 0),
  };
}
