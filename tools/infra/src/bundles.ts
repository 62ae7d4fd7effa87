/**
 * Where the build outputs that CDK deploys live. `nx run api:build` writes one folder per
 * function (`<apiBundleDir>/<function>/index.js`) and `nx run storefront:build` writes the
 * static site; CDK ships those files as they are (no second bundling step).
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { functionNames, type FunctionName } from './functions';

export interface BundleLocations {
  readonly apiBundleDir: string;
  readonly storefrontDir: string;
}

export class MissingBundleError extends Error {
  override readonly name = 'MissingBundleError';
}

export function defaultBundleLocations(workspaceRoot: string): BundleLocations {
  return {
    apiBundleDir: resolve(workspaceRoot, 'dist/apps/api'),
    storefrontDir: resolve(workspaceRoot, 'dist/apps/storefront'),
  };
}

export function functionBundleDir(locations: BundleLocations, fn: FunctionName): string {
  return join(locations.apiBundleDir, fn);
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** Every expected build output that is not there, as paths relative to `baseDir`. */
export function findMissingBundles(locations: BundleLocations, baseDir = process.cwd()): string[] {
  const expected = [
    ...functionNames.map((fn) => join(functionBundleDir(locations, fn), 'index.js')),
    join(locations.storefrontDir, 'index.html'),
  ];
  return expected.filter((path) => !isFile(path)).map((path) => relative(baseDir, path) || path);
}

/** Throws one readable error naming every missing output and the command that makes it. */
export function assertBundlesPresent(locations: BundleLocations, baseDir = process.cwd()): void {
  const missing = findMissingBundles(locations, baseDir);
  if (missing.length === 0) return;
  throw new MissingBundleError(
    `Build output missing (${missing.join(', ')}): run \`npx nx run api:build\` and \`npx nx run storefront:build\` first ` +
      '(infra:synth, infra:diff and infra:deploy depend on them).',
  );
}
