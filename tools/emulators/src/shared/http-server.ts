import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { once } from 'node:events';

/** The request body was larger than the route accepts. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`Request body exceeds ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads the whole request body, refusing more than `limitBytes` (the rest is not buffered). */
export async function readBody(request: IncomingMessage, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) throw new BodyTooLargeError(limitBytes);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body, null, 2);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload).toString(),
    'Cache-Control': 'no-store',
    ...headers,
  });
  response.end(payload);
}

export function sendHtml(
  response: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html).toString(),
    'Cache-Control': 'no-store',
    // No scripts at all; inline styles only. No form-action: the 303 after paying goes to another origin.
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...headers,
  });
  response.end(html);
}

export interface ListeningAddress {
  readonly port: number;
  readonly url: string;
}

/** Listens on host:port (0 = a free port) and reports the address actually bound. */
export async function listen(server: Server, port: number, host: string): Promise<ListeningAddress> {
  server.listen(port, host);
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]: unknown[]) => {
      const code = (error as NodeJS.ErrnoException).code;
      throw code === 'EADDRINUSE'
        ? new Error(`Port ${port} on ${host} is already in use`, { cause: error })
        : new Error(`Could not listen on ${host}:${port}`, { cause: error });
    }),
  ]);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('Server is not listening on a TCP port');
  return { port: address.port, url: `http://${formatHost(host)}:${address.port}` };
}

function formatHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Stops accepting connections and drops open ones (keep-alive sockets, hanging requests). */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  server.closeAllConnections();
  await closed;
}

/** Splits a request URL into its decoded path segments and query. */
export function parseRequestUrl(request: IncomingMessage): {
  segments: string[];
  query: URLSearchParams;
  rawQuery: string;
  pathname: string;
} {
  const url = new URL(request.url ?? '/', 'http://emulator.invalid');
  const segments = url.pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  return { segments, query: url.searchParams, rawQuery: url.search.replace(/^\?/, ''), pathname: url.pathname };
}
