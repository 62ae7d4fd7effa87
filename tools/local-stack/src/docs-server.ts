import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';

/**
 * The API reference: openapi.yaml rendered by Scalar's standalone bundle, served from
 * node_modules (no CDN) with its web fonts switched off, so it works with no network at all.
 */
export interface DocsServerOptions {
  readonly port: number;
  readonly host?: string;
  /** The spec file; read on every request, so edits show on reload. */
  readonly specPath: string;
  /** The local API, offered as the server that "Test request" calls. */
  readonly apiUrl: string;
  readonly title?: string;
}

export interface DocsServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The folder holding Scalar's `standalone.js` (and the chunks it loads lazily). */
export function scalarBundleDir(): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    // The package exports no package.json; its main entry sits in dist/, next to dist/browser/.
    entry = require.resolve('@scalar/api-reference');
  } catch {
    throw new Error('The npm package "@scalar/api-reference" is not installed (it renders the API docs): run npm ci.');
  }
  return join(dirname(entry), 'browser');
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** A JSON literal safe inside an inline <script>. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function docsPage(options: { readonly title: string; readonly apiUrl: string }): string {
  const configuration = {
    url: '/openapi.yaml',
    // Offline: no Google/Scalar font downloads, no telemetry, no hosted proxy or AI agent.
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    mcp: { disabled: true },
    showDeveloperTools: 'never',
    servers: [{ url: options.apiUrl, description: 'Local API (npm start)' }],
    metaData: { title: options.title },
  };
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(options.title)}</title>
  <style>body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }</style>
</head>
<body>
  <main id="app"><noscript>The API reference needs JavaScript. The raw contract is at <a href="/openapi.yaml">/openapi.yaml</a>.</noscript></main>
  <script src="/scalar/standalone.js"></script>
  <script>Scalar.createApiReference('#app', ${scriptJson(configuration)});</script>
</body>
</html>
`;
}

export async function startDocsServer(options: DocsServerOptions): Promise<DocsServer> {
  const bundleDir = scalarBundleDir();
  await stat(join(bundleDir, 'standalone.js')).catch(() => {
    throw new Error(
      `Scalar's standalone bundle is missing at ${join(bundleDir, 'standalone.js')}: reinstall "@scalar/api-reference".`,
    );
  });
  const html = docsPage({ title: options.title ?? 'TicketsToHeaven API reference', apiUrl: options.apiUrl });
  const apiOrigin = new URL(options.apiUrl).origin;
  // The page may talk to itself and to the local API only: a request anywhere else would fail offline anyway.
  const csp = `default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ${apiOrigin}; frame-ancestors 'none'`;

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Internal error');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed');
      return;
    }
    if (pathname === '/health') {
      res
        .writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
        .end('{"status":"ok"}');
      return;
    }
    if (pathname === '/' || pathname === '/index.html') {
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(method === 'HEAD' ? undefined : html);
      return;
    }
    if (pathname === '/favicon.ico') {
      res.writeHead(204, { 'Cache-Control': 'public, max-age=3600' }).end();
      return;
    }
    if (pathname === '/openapi.yaml') {
      const spec = await readFile(options.specPath);
      res.writeHead(200, {
        'Content-Type': 'application/yaml; charset=utf-8',
        'Cache-Control': 'no-store',
        'Access-Control-Allow-Origin': '*',
      });
      res.end(method === 'HEAD' ? undefined : spec);
      return;
    }
    if (pathname.startsWith('/scalar/')) {
      const file = bundleFile(bundleDir, pathname.slice('/scalar/'.length));
      const info = file ? await stat(file).catch(() => undefined) : undefined;
      if (file && info?.isFile()) {
        res.writeHead(200, {
          'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
          'Content-Length': String(info.size),
          'Cache-Control': 'public, max-age=3600',
          'X-Content-Type-Options': 'nosniff',
        });
        if (method === 'HEAD') res.end();
        else createReadStream(file).pipe(res);
        return;
      }
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
  }

  const host = options.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.removeListener('error', reject);
      resolvePort((server.address() as AddressInfo).port);
    });
  });
  return {
    url: `http://localhost:${port}`,
    port,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        server.close((error) => (error ? reject(error) : resolveClose()));
        server.closeAllConnections();
      }),
  };
}

/** A file inside the bundle folder, or undefined for anything that would escape it. */
function bundleFile(root: string, relative: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const candidate = normalize(join(root, decoded));
  return candidate.startsWith(root + sep) ? candidate : undefined;
}
