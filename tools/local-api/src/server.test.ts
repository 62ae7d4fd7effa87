import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { OperationId } from '@tth/contracts';
import { validateResponse } from '@tth/contracts/response-validation';
import { createIsolatedTables, seedCatalog, type IsolatedTables } from '@tth/data/testing';
import { createLogger, silentLogger, type HttpFunction, type Logger } from '@tth/runtime';
import { startLocalApi, type LocalApi } from './server';

const STOREFRONT = 'http://localhost:5173';

function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return {
    logger: createLogger({ level: 'DEBUG', sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }),
    lines,
  };
}

/** A stand-in Lambda that records the events it receives and answers with `reply`. */
function recordingFunction(reply: (event: APIGatewayProxyEvent) => APIGatewayProxyResult): {
  fn: HttpFunction;
  events: APIGatewayProxyEvent[];
} {
  const events: APIGatewayProxyEvent[] = [];
  return {
    events,
    fn: async (event) => {
      events.push(event);
      return reply(event);
    },
  };
}

const jsonReply = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

async function call(
  api: LocalApi,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const response = await fetch(`${api.url}${path}`, init);
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** Any error the gateway produces must still be the contract's Error schema. */
function expectErrorSchema(operationId: OperationId, status: number, body: unknown): void {
  const result = validateResponse(operationId, status === 405 ? 400 : status, body);
  expect(result.ok, JSON.stringify(result)).toBe(true);
}

describe('local API server with the real catalog handler', () => {
  let db: IsolatedTables;
  let api: LocalApi;

  beforeAll(async () => {
    db = await createIsolatedTables('local-api');
    await seedCatalog(db.clients.doc, db.tableNames, [
      {
        eventId: 'opening-night',
        name: 'Opening Night',
        startsAt: new Date(Date.now() + 86_400_000),
        ticketTypes: [{ ticketTypeId: 'stalls', price: 4200, capacity: 80 }],
      },
      {
        eventId: 'closing-night',
        name: 'Closing Night',
        startsAt: new Date(Date.now() + 3 * 86_400_000),
        ticketTypes: [{ ticketTypeId: 'stalls', price: 3900, capacity: 0 }],
      },
      { eventId: 'matinee', name: 'Matinee', startsAt: new Date(Date.now() + 2 * 86_400_000) },
    ]);
    Object.assign(process.env, db.env, { STOREFRONT_URL: STOREFRONT, LOG_LEVEL: 'WARN' });
    api = await startLocalApi({
      storefrontOrigin: STOREFRONT,
      validateResponses: true,
      logger: capturingLogger().logger,
    });
  });
  afterAll(async () => {
    await api.close();
    await db.cleanup();
  });

  it('serves seeded events page by page, every response valid against the spec', async () => {
    // Arrange
    const ids: string[] = [];
    let path = '/events?limit=2';

    // Act
    for (;;) {
      const page = await call(api, path);
      expect(page.status).toBe(200);
      expect(validateResponse('listEvents', 200, page.body).ok).toBe(true);
      const { items, nextCursor } = page.body as { items: { id: string }[]; nextCursor?: string };
      ids.push(...items.map((item) => item.id));
      if (!nextCursor) break;
      path = `/events?limit=2&cursor=${nextCursor}`;
    }

    // Assert
    expect(ids).toEqual(['opening-night', 'matinee', 'closing-night']);
    expect(api.contractViolations).toEqual([]);
  });

  it('serves one event with live availability and sale status', async () => {
    // Arrange
    const path = '/events/closing-night';

    // Act
    const response = await call(api, path);

    // Assert
    expect(response.status).toBe(200);
    expect(validateResponse('getEvent', 200, response.body).ok).toBe(true);
    expect(response.body).toMatchObject({
      id: 'closing-night',
      saleStatus: 'SOLD_OUT',
      ticketTypes: [{ id: 'stalls', available: 0, saleStatus: 'SOLD_OUT' }],
    });
  });

  it('answers 404 in the Error schema for an unknown event and for an unknown route', async () => {
    // Arrange
    const paths = ['/events/not-a-real-event', '/no/such/route'];

    // Act
    const [unknownEvent, unknownRoute] = await Promise.all(paths.map((path) => call(api, path)));

    // Assert
    expect(unknownEvent?.status).toBe(404);
    expect(unknownRoute?.status).toBe(404);
    expectErrorSchema('getEvent', 404, unknownEvent?.body);
    expectErrorSchema('getEvent', 404, unknownRoute?.body);
    expect(unknownRoute?.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('answers 405 with Allow for a method the path does not support', async () => {
    // Arrange
    const init = { method: 'DELETE' };

    // Act
    const response = await call(api, '/events', init);

    // Assert
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expectErrorSchema('listEvents', 400, response.body);
  });

  it('answers 400 in the Error schema for invalid parameters, as the handler validates them', async () => {
    // Arrange
    const paths = [
      '/events?limit=0',
      '/events?limit=ten',
      '/events?cursor=%25%25',
      '/events/UPPER_CASE',
      `/events/${'x'.repeat(80)}`,
    ];

    // Act
    const responses = await Promise.all(paths.map((path) => call(api, path)));

    // Assert
    for (const response of responses) {
      expect(response.status).toBe(400);
      expectErrorSchema('listEvents', 400, response.body);
      expect(response.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    expect(api.contractViolations).toEqual([]);
  });

  it('answers CORS preflights for the storefront origin only', async () => {
    // Arrange
    const preflight = (origin: string) =>
      fetch(`${api.url}/orders`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,idempotency-key',
        },
      });

    // Act
    const allowed = await preflight(STOREFRONT);
    const foreign = await preflight('https://evil.example.com');

    // Assert
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(STOREFRONT);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Idempotency-Key');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds CORS headers to actual responses for the storefront origin', async () => {
    // Arrange
    const headers = { Origin: STOREFRONT };

    // Act
    const response = await call(api, '/events', { headers });

    // Assert
    expect(response.headers.get('access-control-allow-origin')).toBe(STOREFRONT);
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it('answers /health outside the spec', async () => {
    // Arrange
    const path = '/health';

    // Act
    const response = await call(api, path);

    // Assert
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });
});

describe('local API server with stand-in functions', () => {
  const validOrder = {
    eventId: 'opening-night',
    customer: { name: 'Grace', email: 'grace@example.com' },
    items: [{ ticketTypeId: 'stalls', quantity: 2 }],
  };
  const webhook = recordingFunction(() => jsonReply(200, { received: true }));
  const orders = recordingFunction(() => jsonReply(201, { wrong: 'shape' }));
  const catalog = recordingFunction((event) =>
    event.resource === '/events'
      ? jsonReply(200, { items: [], extra: 'not in the spec' })
      : { statusCode: 200, headers: { 'Content-Type': 'text/plain' }, body: 'hello' },
  );
  const { logger, lines } = capturingLogger();
  let api: LocalApi;
  let lenient: LocalApi;

  beforeAll(async () => {
    const functions = { 'stripe-webhook': webhook.fn, orders: orders.fn, catalog: catalog.fn };
    api = await startLocalApi({
      storefrontOrigin: STOREFRONT,
      validateResponses: true,
      functions,
      logger,
      maxBodyBytes: 1024,
    });
    // Without response validation: shows what the handlers really send.
    lenient = await startLocalApi({ validateResponses: false, functions, logger });
  });
  afterAll(async () => {
    await api.close();
    await lenient.close();
  });

  it('hands the webhook function the raw body byte for byte, without validating it', async () => {
    // Arrange
    const rawBodies = [
      '{ "id" : "evt_1",\n  "type":"checkout.session.completed" ,"data":{"x":1.50}}',
      'not even json',
      '{"id":"evt_\u00e9"}',
    ];

    // Act
    const responses = await Promise.all(
      rawBodies.map((body) =>
        call(api, '/webhooks/stripe', {
          method: 'POST',
          headers: { 'Stripe-Signature': 't=1,v1=abc', 'Content-Type': 'application/json' },
          body,
        }),
      ),
    );

    // Assert
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(webhook.events.map((event) => event.body).sort()).toEqual([...rawBodies].sort());
    expect(webhook.events.every((event) => event.isBase64Encoded === false)).toBe(true);
  });

  it('passes a webhook without a signature header on to the function, which answers for it (INVALID_SIGNATURE)', async () => {
    // Arrange
    const before = webhook.events.length;

    // Act
    await call(api, '/webhooks/stripe', { method: 'POST', body: '{}' });

    // Assert: the gateway does not check the optional header; the handler verifies the signature.
    expect(webhook.events).toHaveLength(before + 1);
    expect(webhook.events.at(-1)?.headers['Stripe-Signature']).toBeUndefined();
  });

  it('rejects bad order bodies with 400 before the function runs', async () => {
    // Arrange
    const headers = { 'Idempotency-Key': 'key-0123456789', 'Content-Type': 'application/json' };
    const bodies = [
      '{"eventId":',
      '[]',
      JSON.stringify({ ...validOrder, total: 1 }),
      JSON.stringify({ ...validOrder, items: [{ ticketTypeId: 'stalls', quantity: '2' }] }),
      '',
    ];

    // Act
    const responses = await Promise.all(bodies.map((body) => call(api, '/orders', { method: 'POST', headers, body })));

    // Assert
    for (const response of responses) {
      expect(response.status).toBe(400);
      expectErrorSchema('createOrder', 400, response.body);
    }
    expect(orders.events).toEqual([]);
  });

  it('checks only the presence of parameters, leaving their validation to the handler', async () => {
    // Arrange
    const headers = { 'Idempotency-Key': 'x', 'Content-Type': 'application/json' };

    // Act
    const response = await call(lenient, '/orders', { method: 'POST', headers, body: JSON.stringify(validOrder) });

    // Assert
    expect(response.status).toBe(201);
    expect(orders.events.at(-1)?.headers['Idempotency-Key']).toBe('x');
  });

  it('turns a response that violates the spec into a loud 500 and records it', async () => {
    // Arrange
    const violationsBefore = api.contractViolations.length;

    // Act
    const wrongShape = await call(api, '/orders', {
      method: 'POST',
      headers: { 'Idempotency-Key': 'key-0123456789' },
      body: JSON.stringify(validOrder),
    });
    const extraProperty = await call(api, '/events');
    const notJson = await call(api, '/events/opening-night');

    // Assert
    for (const response of [wrongShape, extraProperty, notJson]) {
      expect(response.status).toBe(500);
      expect(response.headers.get('x-contract-violation')).toBe('true');
      expect(response.body).toMatchObject({
        error: { code: 'INTERNAL_ERROR', message: 'response violates openapi.yaml' },
      });
    }
    expect(api.contractViolations.slice(violationsBefore).map((violation) => violation.operationId)).toEqual([
      'createOrder',
      'listEvents',
      'getEvent',
    ]);
    expect(
      lines.filter((line) => line['message'] === 'CONTRACT VIOLATION: response violates openapi.yaml'),
    ).toHaveLength(3);
  });

  it('passes responses through untouched when response validation is off', async () => {
    // Arrange
    const path = '/events';

    // Act
    const response = await call(lenient, path);

    // Assert
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [], extra: 'not in the spec' });
  });

  it('builds the proxy event API Gateway would', async () => {
    // Arrange
    const before = catalog.events.length;

    // Act
    const response = await call(lenient, '/events?limit=5&tag=a&tag=b', {
      headers: { 'X-Custom-Header': 'one', Origin: STOREFRONT },
    });

    // Assert
    const event = catalog.events[before] as APIGatewayProxyEvent;
    expect(event.resource).toBe('/events');
    expect(event.path).toBe('/events');
    expect(event.httpMethod).toBe('GET');
    expect(event.queryStringParameters).toEqual({ limit: '5', tag: 'b' });
    expect(event.multiValueQueryStringParameters).toEqual({ limit: ['5'], tag: ['a', 'b'] });
    expect(event.headers['X-Custom-Header']).toBe('one');
    expect(event.multiValueHeaders['X-Custom-Header']).toEqual(['one']);
    expect(event.pathParameters).toBeNull();
    expect(event.body).toBeNull();
    expect(event.requestContext.requestId).toBe(response.headers.get('x-amzn-requestid'));
    expect(event.requestContext.resourcePath).toBe('/events');
  });

  it('decodes path parameters and sets the path template as resource', async () => {
    // Arrange
    const before = catalog.events.length;

    // Act
    await call(api, '/events/opening-night');

    // Assert
    const event = catalog.events[before] as APIGatewayProxyEvent;
    expect(event.resource).toBe('/events/{eventId}');
    expect(event.pathParameters).toEqual({ eventId: 'opening-night' });
  });

  it('refuses bodies over the size limit with 413 PAYLOAD_TOO_LARGE before the function runs', async () => {
    // Arrange
    const body = JSON.stringify({ ...validOrder, customer: { name: 'x'.repeat(2000), email: 'a@example.com' } });
    const before = orders.events.length;

    // Act
    const response = await call(api, '/orders', {
      method: 'POST',
      headers: { 'Idempotency-Key': 'key-0123456789' },
      body,
    });

    // Assert
    expect(response.status).toBe(413);
    expectErrorSchema('createOrder', 413, response.body);
    expect(response.body).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body exceeds 1024 bytes.' },
    });
    expect(orders.events).toHaveLength(before);
  });
});

/** What a client without an HTTP library sees: everything the server wrote, and how the socket ended. */
interface RawExchange {
  readonly received: string;
  /** `ECONNRESET`, `EPIPE`, … when the connection broke; undefined when it ended cleanly. */
  readonly error: string | undefined;
  /** Body bytes the client could not send before the connection ended. */
  readonly unsent: number;
}

/**
 * Sends `head` then `bodyBytes` bytes of body on a raw socket (respecting back-pressure, as a
 * well-behaved client does), then `after` (e.g. a second request on the same connection), and
 * half-closes; resolves once the server has closed the connection.
 */
function rawExchange(api: LocalApi, head: string, bodyBytes: number, after = ''): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect(api.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let error: string | undefined;
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (failure: NodeJS.ErrnoException) => {
      error = failure.code ?? failure.message;
    });
    let left = bodyBytes;
    socket.on('close', () => resolve({ received: Buffer.concat(chunks).toString('latin1'), error, unsent: left }));
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = (): void => {
      while (left > 0 && !socket.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!socket.write(piece)) return void socket.once('drain', pump);
      }
      if (!socket.destroyed) socket.end(after);
    };
    socket.write(head);
    pump();
  });
}

const postHead = (path: string, length: number, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: key-0123456789\r\n` +
  `Stripe-Signature: t=1,v1=abc\r\nContent-Length: ${length}\r\n${extra}\r\n`;

/** The HTTP responses in a raw exchange, status and JSON body each (Content-Length or chunked framing). */
function responsesIn(received: string): { status: number; body: unknown }[] {
  const responses: { status: number; body: unknown }[] = [];
  let rest = received;
  while (rest.startsWith('HTTP/1.1 ')) {
    const headEnd = rest.indexOf('\r\n\r\n');
    const head = rest.slice(0, headEnd);
    rest = rest.slice(headEnd + 4);
    let body = '';
    if (/\r\ntransfer-encoding: chunked/i.test(head)) {
      for (;;) {
        const sizeEnd = rest.indexOf('\r\n');
        const size = parseInt(rest.slice(0, sizeEnd), 16);
        body += rest.slice(sizeEnd + 2, sizeEnd + 2 + size);
        rest = rest.slice(sizeEnd + 2 + size + 2);
        if (size === 0) break;
      }
    } else {
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
      body = rest.slice(0, length);
      rest = rest.slice(length);
    }
    responses.push({ status: Number(head.slice(9, 12)), body: body ? (JSON.parse(body) as unknown) : undefined });
  }
  return responses;
}

describe('local API server and oversized bodies', () => {
  const orders = recordingFunction(() => jsonReply(500, {}));
  const webhook = recordingFunction(() => jsonReply(200, { received: true }));
  let api: LocalApi;

  beforeAll(async () => {
    api = await startLocalApi({ functions: { orders: orders.fn, 'stripe-webhook': webhook.fn }, logger: silentLogger });
  });
  afterAll(() => api.close());

  it.each([
    ['1 MB', '/orders', 1_000_000],
    ['10 MB', '/orders', 10_000_000],
    ['10 MB', '/webhooks/stripe', 10_000_000],
  ])(
    'answers a %s body on %s with 413, reads it to the end and keeps the connection usable',
    async (_size, path, bytes) => {
      // Act: the whole body, then a second request on the same connection.
      const exchange = await rawExchange(
        api,
        postHead(path, bytes),
        bytes,
        'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
      );

      // Assert
      expect(exchange.error).toBeUndefined();
      const [tooLarge, health] = responsesIn(exchange.received);
      expect(tooLarge?.status).toBe(413);
      expectErrorSchema(path === '/orders' ? 'createOrder' : 'receiveStripeWebhook', 413, tooLarge?.body);
      expect(tooLarge?.body).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
      expect(health).toEqual({ status: 200, body: { status: 'ok' } });
      expect(orders.events).toHaveLength(0);
      expect(webhook.events).toHaveLength(0);
    },
  );

  it.each([
    ['1 MB', 1_000_000],
    ['10 MB', 10_000_000],
  ])(
    'answers a %s body sent with `Connection: close` with 413 the client can read, never a reset',
    async (_size, bytes) => {
      // Act: five times over, as a reset depends on timing.
      const exchanges = [];
      for (let round = 0; round < 5; round++)
        exchanges.push(await rawExchange(api, postHead('/orders', bytes, 'Connection: close\r\n'), bytes));

      // Assert
      expect(exchanges.map((exchange) => exchange.error)).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      expect(exchanges.map((exchange) => responsesIn(exchange.received).map((response) => response.status))).toEqual(
        Array.from({ length: 5 }, () => [413]),
      );
    },
  );

  it('answers a chunked body that grows past the limit with 413 too', async () => {
    // Arrange: two chunks of 48 KiB, no Content-Length.
    const piece = 'x'.repeat(48 * 1024);
    const chunked = `${(48 * 1024).toString(16)}\r\n${piece}\r\n`.repeat(2) + '0\r\n\r\n';
    const head =
      'POST /orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: key-0123456789\r\n' +
      'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n';

    // Act
    const exchange = await rawExchange(api, head + chunked, 0);

    // Assert
    expect(exchange.error).toBeUndefined();
    expect(responsesIn(exchange.received).map((response) => response.status)).toEqual([413]);
  });

  it('lets an HTTP client read the 413 (fetch, 1 MB)', async () => {
    // Act
    const response = await call(api, '/orders', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'key-0123456789' },
      body: 'x'.repeat(1_000_000),
    });

    // Assert
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('answers `Expect: 100-continue` for an oversized body with the 413 instead of 100 Continue', async () => {
    // Act: a client that waits for 100 Continue before sending its 10 MB.
    const outcome = await new Promise<{ status: number | undefined; continued: boolean; body: string }>(
      (resolve, reject) => {
        let continued = false;
        const request = httpRequest(`${api.url}/orders`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Idempotency-Key': 'key-0123456789',
            'Content-Length': String(10_000_000),
            Expect: '100-continue',
          },
        });
        request.on('continue', () => {
          continued = true;
          request.end(Buffer.alloc(10_000_000, 'x'));
        });
        request.on('response', (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            resolve({ status: response.statusCode, continued, body: Buffer.concat(chunks).toString('utf8') });
            request.destroy();
          });
        });
        request.on('error', reject);
        request.flushHeaders();
      },
    );

    // Assert
    expect(outcome.continued).toBe(false);
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });
});

describe('local API server and a client that never stops sending', () => {
  let api: LocalApi;

  beforeAll(async () => {
    api = await startLocalApi({ logger: silentLogger, maxBodyBytes: 1024, maxDrainBytes: 256 * 1024 });
  });
  afterAll(() => api.close());

  it('drains at most maxDrainBytes after the 413, then closes the connection', async () => {
    // Act: announce and send 32 MiB where 256 KiB is the most the server reads past the limit.
    const size = 32 * 1024 * 1024;
    const exchange = await rawExchange(api, postHead('/orders', size), size);

    // Assert: the server hung up long before the body was sent, and still serves others.
    expect(exchange.unsent).toBeGreaterThan(0);
    expect((await call(api, '/health')).status).toBe(200);
  });
});

describe('local API server when a function is broken', () => {
  const { logger, lines } = capturingLogger();
  let emptyDir: string;
  let api: LocalApi;

  beforeAll(async () => {
    emptyDir = mkdtempSync(join(tmpdir(), 'no-handlers-'));
    api = await startLocalApi({
      // As a handler module that is missing: its import fails.
      loadModule: (name) => Promise.reject(new Error(`Cannot find module ${join(emptyDir, name)}`)),
      logger,
      functions: {
        catalog: async () => {
          throw new Error('boom');
        },
        'stripe-webhook': (async () => ({ status: 200 })) as unknown as HttpFunction,
      },
    });
  });
  afterAll(async () => {
    await api.close();
    rmSync(emptyDir, { recursive: true, force: true });
  });

  it('answers 500 INTERNAL_ERROR in the Error schema for a missing handler file, a crash or a malformed result', async () => {
    // Arrange
    const requests = [
      call(api, `/orders/ord_01J00000000000000000000000`, { headers: { 'X-Order-Token': 't' } }),
      call(api, '/events'),
      call(api, '/webhooks/stripe', { method: 'POST', headers: { 'Stripe-Signature': 't=1,v1=a' }, body: '{}' }),
    ];

    // Act
    const responses = await Promise.all(requests);

    // Assert
    for (const response of responses) {
      expect(response.status).toBe(500);
      expectErrorSchema('getOrder', 500, response.body);
      expect(response.text).not.toContain('boom');
    }
    const failures = lines.filter((line) => String(line['message']).includes('failed: the API would answer 5xx'));
    expect(failures.map((line) => line['function']).sort()).toEqual(['catalog', 'orders', 'stripe-webhook']);
    expect(JSON.stringify(failures)).toContain(`Cannot find module ${join(emptyDir, 'orders')}`);
  });
});
