import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBundles, initEnvironment, measureBundle } from './bundles';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeFunction(name: string, files: Record<string, string>): void {
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(join(dir, name, path, '..'), { recursive: true });
    writeFileSync(join(dir, name, path), contents);
  }
}

describe('findBundles', () => {
  it('finds each function folder’s entry, CommonJS or ESM, and skips folders without one', () => {
    writeFunction('orders', { 'index.js': '', 'index.js.map': '{}' });
    writeFunction('catalog', { 'index.mjs': '' });
    writeFunction('notes', { 'README.md': '' });

    expect(findBundles(dir).map((bundle) => [bundle.name, bundle.entry])).toEqual([
      ['catalog', join(dir, 'catalog', 'index.mjs')],
      ['orders', join(dir, 'orders', 'index.js')],
    ]);
  });

  it('says how to build when there is no build', () => {
    expect(() => findBundles(join(dir, 'missing'))).toThrow(/nx run api:build/);
  });
});

describe('measureBundle', () => {
  it('measures size, the code loaded later, and the init of a real handler module in a fresh process', async () => {
    // Like a real handler, it reads its settings at load time and fails without them.
    const code =
      '"use strict";const greeting=process.env.GREETING;if(!greeting)throw new Error("GREETING is required");exports.handler=async()=>({statusCode:200,body:greeting});';
    writeFunction('hello', {
      'index.js': code,
      'package.json': '{ "type": "commonjs" }',
      'node_modules/lazy/index.js': 'module.exports = 1;',
    });

    const figures = await measureBundle(
      { name: 'hello', entry: join(dir, 'hello', 'index.js') },
      dir,
      initEnvironment({ GREETING: 'hi' }),
      2,
    );

    expect(figures).toMatchObject({
      name: 'hello',
      entry: join('hello', 'index.js'),
      bytes: code.length,
      totalBytes: code.length + 'module.exports = 1;'.length,
      packages: [],
    });
    expect(figures.init.runs).toBe(2);
    expect(Number.isFinite(figures.init.medianMs)).toBe(true);
    expect(figures.init.minMs).toBeLessThanOrEqual(figures.init.medianMs);
  });

  it('fails with the module’s own error when a setting it needs is missing', async () => {
    writeFunction('strict', {
      'index.js': 'if (!process.env.TABLE) throw new Error("TABLE is required"); exports.handler = async () => ({});',
      'package.json': '{ "type": "commonjs" }',
    });

    await expect(measureBundle({ name: 'strict', entry: join(dir, 'strict', 'index.js') }, dir, {}, 1)).rejects.toThrow(
      /TABLE is required/,
    );
  });

  it('fails naming the bundle when it exports no handler', async () => {
    writeFunction('broken', { 'index.js': 'exports.notAHandler = 1;', 'package.json': '{ "type": "commonjs" }' });

    await expect(measureBundle({ name: 'broken', entry: join(dir, 'broken', 'index.js') }, dir, {}, 1)).rejects.toThrow(
      /exports no handler/,
    );
  });
});
