// @vitest-environment node
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkBundle, firstLoadReferences, type DistFile } from './bundle-budget';

const file = (path: string, content: string | Buffer): DistFile => ({
  path,
  content: Buffer.isBuffer(content) ? content : Buffer.from(content),
});

/** Random bytes: gzip cannot shrink them, so a size in the test is a size in the budget. */
const incompressible = (bytes: number): Buffer => randomBytes(bytes);

const html = (body: string) =>
  `<!doctype html><html><head><script type="module" crossorigin src="/assets/index-AbCdEf12.js"></script><link rel="stylesheet" href="/assets/index-Zz9Yy8Xx.css">${body}</head></html>`;

describe('firstLoadReferences', () => {
  it('finds entry scripts, module preloads and stylesheets', () => {
    // Arrange
    const page = html(
      '<link rel="modulepreload" href="/assets/vendor-12345678.js"><link rel="icon" href="/assets/favicon-12345678.svg">',
    );

    // Act
    const refs = firstLoadReferences(page);

    // Assert
    expect(refs).toEqual({
      scripts: ['/assets/index-AbCdEf12.js', '/assets/vendor-12345678.js'],
      styles: ['/assets/index-Zz9Yy8Xx.css'],
    });
  });
});

describe('checkBundle', () => {
  it('passes a small build and counts only first-load scripts against the JS budget', () => {
    // Arrange
    const files = [
      file('index.html', html('')),
      file('assets/index-AbCdEf12.js', incompressible(1_000)),
      file('assets/lazy-QwErTy12.js', incompressible(50_000)),
      file('assets/index-Zz9Yy8Xx.css', 'body{color:red}'),
    ];

    // Act
    const report = checkBundle(files, { firstLoadJsGzipBytes: 2_000, cssGzipBytes: 1_000 });

    // Assert
    expect(report.problems).toEqual([]);
    expect(report.firstLoadJs.map((f) => f.path)).toEqual(['assets/index-AbCdEf12.js']);
    expect(report.lazyJs.map((f) => f.path)).toEqual(['assets/lazy-QwErTy12.js']);
  });

  it('fails when first-load JS or CSS is over budget', () => {
    // Arrange
    const files = [
      file('index.html', html('')),
      file('assets/index-AbCdEf12.js', incompressible(5_000)),
      file('assets/index-Zz9Yy8Xx.css', incompressible(3_000)),
    ];

    // Act
    const report = checkBundle(files, { firstLoadJsGzipBytes: 4_000, cssGzipBytes: 2_000 });

    // Assert
    expect(report.problems).toEqual([expect.stringContaining('first-load JS is'), expect.stringContaining('CSS is')]);
  });

  it('fails when MSW, its worker or the mock entry reached dist', () => {
    // Arrange
    const files = [
      file('index.html', html('')),
      file('assets/index-AbCdEf12.js', 'console.log("[MSW] Mocking enabled.")'),
      file('assets/index-Zz9Yy8Xx.css', ''),
      file('mockServiceWorker.js', 'self.addEventListener("message", () => "INTEGRITY_CHECK_REQUEST")'),
    ];

    // Act
    const report = checkBundle(files);

    // Assert
    expect(report.problems).toEqual(
      expect.arrayContaining([
        'assets/index-AbCdEf12.js contains mock-mode code ("[MSW]")',
        'mockServiceWorker.js is a mock-mode file',
        expect.stringContaining('mockServiceWorker.js contains mock-mode code'),
      ]),
    );
  });

  it('fails on asset names without a content hash and on references missing from dist', () => {
    // Arrange
    const files = [
      file('index.html', html('')),
      file('assets/index-AbCdEf12.js', 'ok'),
      file('config.js', 'window.x=1'),
    ];

    // Act
    const report = checkBundle(files);

    // Assert
    expect(report.problems).toEqual(
      expect.arrayContaining([
        'config.js is not a content-hashed file under assets/',
        'index.html references /assets/index-Zz9Yy8Xx.css, which is not in dist',
      ]),
    );
  });
});
