import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { htmlReferences, measureFirstLoad, staticImports } from './storefront-assets';

describe('htmlReferences', () => {
  it('finds entry scripts, module preloads and stylesheets but not icons', () => {
    const html = `<!doctype html><html><head>
      <link rel="icon" href="/assets/favicon.svg" />
      <script type="module" crossorigin src="/assets/index-abc.js"></script>
      <link rel="modulepreload" crossorigin href='/assets/vendor-def.js'>
      <link rel="stylesheet" crossorigin href="/assets/index-ghi.css">
    </head><body></body></html>`;

    expect(htmlReferences(html)).toEqual({
      scripts: ['/assets/index-abc.js', '/assets/vendor-def.js'],
      styles: ['/assets/index-ghi.css'],
    });
  });
});

describe('staticImports', () => {
  it('lists static imports and re-exports of minified modules, not dynamic imports', () => {
    const code =
      'import{a as b}from"./shared-1.js";import"./side-2.js";export*from"./re-3.js";const q=()=>import("./lazy-4.js");b(q);';

    expect(staticImports(code).sort()).toEqual(['./re-3.js', './shared-1.js', './side-2.js']);
  });
});

describe('measureFirstLoad', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeDist(files: Record<string, string>): void {
    dir = mkdtempSync(join(tmpdir(), 'bench-storefront-'));
    for (const [path, contents] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), contents);
    }
  }

  it('counts the entry and its static imports as first load, dynamic chunks as lazy', () => {
    const entry = `import{x}from"./shared-b.js";x();const lazy=()=>import("./qrcode-c.js");${'console.log("storefront");'.repeat(50)}`;
    writeDist({
      'index.html':
        '<script type="module" src="/assets/index-a.js"></script><link rel="stylesheet" href="/assets/index-d.css">',
      'assets/index-a.js': entry,
      'assets/shared-b.js': 'export const x=()=>1;',
      'assets/qrcode-c.js': 'export const qr=()=>2;',
      'assets/index-d.css': 'body{margin:0}',
    });

    const firstLoad = measureFirstLoad(dir);

    expect(firstLoad.js.map((asset) => asset.path)).toEqual(['assets/index-a.js', 'assets/shared-b.js']);
    expect(firstLoad.lazyJs.map((asset) => asset.path)).toEqual(['assets/qrcode-c.js']);
    expect(firstLoad.css.map((asset) => asset.path)).toEqual(['assets/index-d.css']);
    expect(firstLoad.js[0]).toMatchObject({ bytes: entry.length, gzipBytes: gzipSync(entry).length });
    expect(firstLoad.jsGzipBytes).toBe(gzipSync(entry).length + gzipSync('export const x=()=>1;').length);
    expect(firstLoad.cssGzipBytes).toBe(gzipSync('body{margin:0}').length);
  });

  it('says how to build when there is no build', () => {
    dir = mkdtempSync(join(tmpdir(), 'bench-storefront-'));

    expect(() => measureFirstLoad(dir)).toThrow(/nx run storefront:build/);
  });
});
