/**
 * A minimal HTTP/1.1 client over node:http with explicit keep-alive agents: the load generator
 * controls how many connections exist, and a pre-connected socket per buyer lets a burst start
 * without measuring TCP accept queues.
 */
import { Agent, request } from 'node:http';

export interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface HttpRequest {
  readonly method: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Default 30 s: a request that takes longer counts as failed. */
  readonly timeoutMs?: number;
}

/** A keep-alive agent with at most `sockets` connections (queued requests wait for a free one). */
export function keepAliveAgent(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets, scheduling: 'fifo' });
}

export function send(url: string | URL, init: HttpRequest, agent: Agent): Promise<HttpReply> {
  const target = typeof url === 'string' ? new URL(url) : url;
  const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: init.method,
        agent,
        headers: { ...(body ? { 'Content-Length': String(body.length) } : {}), ...init.headers },
        timeout: init.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${init.method} ${target.pathname} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** JSON body of a reply, or undefined when it is not JSON. */
export function jsonBody<T = unknown>(reply: HttpReply): T | undefined {
  try {
    return JSON.parse(reply.body) as T;
  } catch {
    return undefined;
  }
}
