/**
 * The proposal for the Lambda bundles that carry the Stripe SDK (docs/benchmarks.md): load
 * `stripe` with `await import('stripe')` on the first Stripe call, keep it out of `index.js`
 * (external), and ship it minified next to it as `node_modules/stripe/index.js`, where Node's
 * resolution finds it. The functions stay CommonJS, one folder each, as the API build makes them.
 *
 * The bench cannot change libs/orders or the API build, so it builds this variant itself into
 * dist/bench/proposal: an esbuild plugin applies the source change in memory, and the build
 * options are the API build's plus `stripe` external. When the source no longer matches (the
 * change was made for real), the variant is reported as not applicable.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';

export interface ProposalBuild {
  readonly applicable: boolean;
  /** Why the variant could not be built (the source changed). */
  readonly reason?: string;
  readonly outDir: string;
}

const PAYMENT_GATEWAY = /libs[\\/]orders[\\/]src[\\/]payment-gateway\.ts$/;
const WIRING = /libs[\\/]orders[\\/]src[\\/]wiring\.ts$/;

/** The source change, as text replacements that must each match exactly once. */
const EDITS: readonly { readonly file: RegExp; readonly from: string; readonly to: string }[] = [
  {
    file: PAYMENT_GATEWAY,
    from: "import Stripe from 'stripe';",
    // The class is only needed once a client is created; until then nothing of the SDK is loaded.
    to: "let Stripe: any;\nconst loadStripe = async () => (Stripe ??= (await import('stripe')).default);",
  },
  {
    file: PAYMENT_GATEWAY,
    from: 'export function createStripeClient(options: StripeClientOptions): Stripe {',
    to: 'export async function createStripeClient(options: StripeClientOptions): Promise<any> {\n  await loadStripe();',
  },
  { file: WIRING, from: 'client: createStripeClient(', to: 'client: await createStripeClient(' },
];

class SourceChangedError extends Error {}

function lazyStripePlugin(): Plugin {
  return {
    name: 'bench-lazy-stripe-proposal',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /libs[\\/]orders[\\/]src[\\/](payment-gateway|wiring)\.ts$/ }, (args) => {
        let source = readFileSync(args.path, 'utf8');
        for (const edit of EDITS.filter((candidate) => candidate.file.test(args.path))) {
          if (source.split(edit.from).length !== 2) throw new SourceChangedError(`${args.path} no longer contains "${edit.from}" exactly once`);
          source = source.replace(edit.from, edit.to);
        }
        return { contents: source, loader: 'ts' };
      });
    },
  };
}

export async function buildStripeProposal(workspaceRoot: string, functions: readonly string[], outDir: string): Promise<ProposalBuild> {
  rmSync(outDir, { recursive: true, force: true });
  const common: BuildOptions = {
    absWorkingDir: workspaceRoot,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    mainFields: ['module', 'main'],
    legalComments: 'eof',
    logLevel: 'silent',
  };
  try {
    for (const name of functions) {
      const folder = join(outDir, name);
      await build({
        ...common,
        entryPoints: [join(workspaceRoot, 'apps', 'api', 'src', 'handlers', `${name}.ts`)],
        outfile: join(folder, 'index.js'),
        sourcemap: true,
        external: ['@aws-sdk/*', 'stripe'],
        tsconfig: join(workspaceRoot, 'apps', 'api', 'tsconfig.json'),
        plugins: [lazyStripePlugin()],
      });
      writeFileSync(join(folder, 'package.json'), '{ "type": "commonjs" }\n');
      // The SDK's ESM build, bundled and minified on its own; the handler's `import('stripe')`
      // (kept as a real dynamic import by esbuild) loads it on the first Stripe call only.
      await build({
        ...common,
        format: 'esm',
        stdin: { contents: "export { default } from 'stripe';", resolveDir: workspaceRoot, loader: 'js' },
        outfile: join(folder, 'node_modules', 'stripe', 'index.mjs'),
        // Bundled CommonJS dependencies call require(), which ESM lacks unless it is created.
        banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
      });
      mkdirSync(join(folder, 'node_modules', 'stripe'), { recursive: true });
      writeFileSync(join(folder, 'node_modules', 'stripe', 'package.json'), '{ "name": "stripe", "type": "module", "exports": "./index.mjs" }\n');
    }
    return { applicable: true, outDir };
  } catch (error) {
    const cause = (error as { errors?: { detail?: unknown }[] }).errors?.find((entry) => entry.detail instanceof SourceChangedError)?.detail;
    if (cause instanceof SourceChangedError) return { applicable: false, reason: cause.message, outDir };
    throw error;
  }
}
