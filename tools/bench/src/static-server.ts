/**
 * Serves the built storefront the way CloudFront does in front of S3 (tools/infra): hashed
 * assets cached for a long time, HTML for 60 s, gzip/brotli for text, an SPA fallback to
 * index.html, and the deployed `/config.json` that tells the app where the API is.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

export interface StaticSite {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The body of `/config.json` from now on. */
  setRuntimeConfig(config: Readonly<Record<string, unknown>>): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg']);
const ASSET_CACHE = 'public, max-age=31536000, immutable';
const HTML_CACHE = 'public, max-age=60';

interface Encoded {
  readonly identity: Buffer;
  readonly gzip: Buffer;
  readonly br: Buffer;
}

export async function startStaticSite(
  root: string,
  options: { readonly runtimeConfig?: Readonly<Record<string, unknown>> } = {},
): Promise<StaticSite> {
  if (!existsSync(join(root, 'index.html'))) throw new Error(`No index.html in ${root}`);
  let runtimeConfig = JSON.stringify(options.runtimeConfig ?? {});
  const cache = new Map<string, Encoded>();

  const encoded = (file: string): Encoded => {
    let entry = cache.get(file);
    if (!entry) {
      const identity = readFileSync(file);
      entry = { identity, gzip: gzipSync(identity), br: brotliCompressSync(identity) };
      cache.set(file, entry);
    }
    return entry;
  };

  const server = createServer((req, res) => {
    try {
      serve(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error');
    }
  });

  function serve(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method not allowed');
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad path');
      return;
    }
    if (pathname === '/config.json') {
      reply(req, res, Buffer.from(runtimeConfig), '.json', 'no-cache');
      return;
    }
    const file = normalize(join(root, pathname));
    if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad path');
      return;
    }
    if (existsSync(file) && statSync(file).isFile()) {
      const isAsset = pathname.startsWith('/assets/');
      sendFile(req, res, file, isAsset ? ASSET_CACHE : HTML_CACHE);
      return;
    }
    if (pathname.startsWith('/assets/') || extname(pathname) !== '') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    // A client-side route (e.g. /events/summer-fest): the app shell answers it.
    sendFile(req, res, join(root, 'index.html'), HTML_CACHE);
  }

  function sendFile(req: IncomingMessage, res: ServerResponse, file: string, cacheControl: string): void {
    const extension = extname(file);
    if (!COMPRESSIBLE.has(extension)) {
      reply(req, res, readFileSync(file), extension, cacheControl);
      return;
    }
    const accepted = String(req.headers['accept-encoding'] ?? '');
    const variants = encoded(file);
    const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : undefined;
    reply(req, res, encoding ? variants[encoding] : variants.identity, extension, cacheControl, encoding);
  }

  function reply(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    extension: string,
    cacheControl: string,
    encoding?: string,
  ): void {
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      'Content-Length': String(body.length),
      'Cache-Control': cacheControl,
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding',
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    setRuntimeConfig: (config) => {
      runtimeConfig = JSON.stringify(config);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
