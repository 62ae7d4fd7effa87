import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertBundlesPresent, findMissingBundles, MissingBundleError, type BundleLocations } from './bundles';
import { functionNames } from './functions';

describe('build output checks', () => {
  let root: string;
  let locations: BundleLocations;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tth-bundles-'));
    locations = { apiBundleDir: join(root, 'dist/apps/api'), storefrontDir: join(root, 'dist/apps/storefront') };
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function writeBuild(skip: string[] = []): void {
    for (const fn of functionNames) {
      if (skip.includes(fn)) continue;
      mkdirSync(join(locations.apiBundleDir, fn), { recursive: true });
      writeFileSync(join(locations.apiBundleDir, fn, 'index.js'), 'export const handler = () => {};');
    }
    if (!skip.includes('storefront')) {
      mkdirSync(locations.storefrontDir, { recursive: true });
      writeFileSync(join(locations.storefrontDir, 'index.html'), '<!doctype html>');
    }
  }

  it('finds nothing missing when every function bundle and the storefront are built', () => {
    // Arrange
    writeBuild();

    // Act
    const missing = findMissingBundles(locations, root);

    // Assert
    expect(missing).toEqual([]);
    expect(() => assertBundlesPresent(locations, root)).not.toThrow();
  });

  it('names each missing output relative to the workspace', () => {
    // Arrange
    writeBuild(['stripe-webhook', 'storefront']);

    // Act
    const missing = findMissingBundles(locations, root);

    // Assert
    expect(missing).toEqual(['dist/apps/api/stripe-webhook/index.js', 'dist/apps/storefront/index.html']);
  });

  it('treats a folder where index.js should be as missing', () => {
    // Arrange
    writeBuild(['catalog']);
    mkdirSync(join(locations.apiBundleDir, 'catalog', 'index.js'), { recursive: true });

    // Act
    const missing = findMissingBundles(locations, root);

    // Assert
    expect(missing).toEqual(['dist/apps/api/catalog/index.js']);
  });

  it('fails with one message that says which commands build the missing output', () => {
    // Arrange: nothing built

    // Act
    const check = () => assertBundlesPresent(locations, root);

    // Assert
    expect(check).toThrow(MissingBundleError);
    expect(check).toThrow(/dist\/apps\/api\/catalog\/index\.js.*nx run api:build.*nx run storefront:build/);
  });
});
