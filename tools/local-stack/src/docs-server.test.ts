import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsPage, startDocsServer, type DocsServer } from './docs-server';
import { WORKSPACE_ROOT } from './stack';

const SPEC = join(WORKSPACE_ROOT, 'openapi.yaml');
let docs: DocsServer;
let base: string;

beforeAll(async () => {
  docs = await startDocsServer({ port: 0, specPath: SPEC, apiUrl: 'http://localhost:3999' });
  base = `http://127.0.0.1:${docs.port}`;
});

afterAll(() => docs.close());

describe('the API docs server', () => {
  it('serves a page that renders openapi.yaml with the local Scalar bundle and the local API as server', async () => {
    const response = await fetch(`${base}/`);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('<script src="/scalar/standalone.js"></script>');
    expect(html).toContain('"url":"/openapi.yaml"');
    expect(html).toContain('"servers":[{"url":"http://localhost:3999"');
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
  });

  it('keeps the page offline: no web fonts, no telemetry, and a CSP that only reaches itself and the API', async () => {
    const response = await fetch(`${base}/`);
    const csp = response.headers.get('content-security-policy') ?? '';

    expect(docsPage({ title: 'x', apiUrl: 'http://localhost:3999' })).toContain(
      '"withDefaultFonts":false,"telemetry":false',
    );
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self' http://localhost:3999");
  });

  it('serves the spec as it is on disk', async () => {
    const response = await fetch(`${base}/openapi.yaml`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/yaml');
    expect(await response.text()).toBe(await readFile(SPEC, 'utf8'));
  });

  it('serves the Scalar bundle from node_modules', async () => {
    const response = await fetch(`${base}/scalar/standalone.js`);
    const script = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/javascript');
    expect(script).toContain('createApiReference');
  });

  it('answers 404 for files outside the bundle folder and for unknown paths', async () => {
    const traversal = await fetch(`${base}/scalar/..%2F..%2F..%2Fpackage.json`);
    const unknown = await fetch(`${base}/nothing-here`);

    expect(traversal.status).toBe(404);
    expect(unknown.status).toBe(404);
  });

  it('answers 405 to anything but GET and HEAD', async () => {
    const response = await fetch(`${base}/openapi.yaml`, { method: 'POST', body: 'x' });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
