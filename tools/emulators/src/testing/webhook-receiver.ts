import { createServer, type IncomingHttpHeaders } from 'node:http';
import { closeServer, listen, readBody } from '../shared/http-server';

export interface ReceivedRequest {
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
  readonly signature: string;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Status codes for the next requests, in order; after they run out every request gets 200. */
  respondWith(...statuses: number[]): void;
  /** Resolves once `count` requests have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  /** The `id` of each received event, in arrival order. */
  eventIds(): string[];
  close(): Promise<void>;
}

/** A stand-in webhook endpoint for tests: records every request and answers as told. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const statuses: number[] = [];
  let waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((request, response) => {
    void readBody(request, 1024 * 1024).then((body) => {
      const signature = request.headers['stripe-signature'];
      received.push({ body, headers: request.headers, signature: typeof signature === 'string' ? signature : '' });
      const status = statuses.shift() ?? 200;
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ received: status < 300 }));
      waiters = waiters.filter((waiter) => {
        if (received.length < waiter.count) return true;
        waiter.resolve();
        return false;
      });
    });
  });
  const address = await listen(server, 0, '127.0.0.1');
  return {
    url: `${address.url}/webhooks/stripe`,
    received,
    respondWith: (...next) => statuses.push(...next),
    async waitFor(count, timeoutMs = 5_000) {
      if (received.length < count) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`expected ${count} webhook requests, got ${received.length}`)),
            timeoutMs,
          );
          waiters.push({
            count,
            resolve: () => {
              clearTimeout(timer);
              resolve();
            },
          });
        });
      }
      return received.slice(0, count);
    },
    eventIds: () => received.map((request) => (JSON.parse(request.body) as { id: string }).id),
    close: () => closeServer(server),
  };
}
