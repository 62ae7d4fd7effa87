import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { ConflictError } from './errors';
import { createHttpFunction, MAX_REQUEST_BODY_BYTES, type HttpRequest, type RawBodyRequest } from './http';
import { createLogger, type Logger } from './logger';
import { createProxyEvent, type ProxyEventInput } from './proxy-event';

function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return {
    logger: createLogger({ level: 'DEBUG', sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }),
    lines,
  };
}

function event(input: Partial<ProxyEventInput> & Pick<ProxyEventInput, 'method' | 'resource' | 'path'>) {
  return createProxyEvent({ requestId: 'req-123', ...input });
}

function json(result: APIGatewayProxyResult): unknown {
  return JSON.parse(result.body);
}

const validOrder = {
  eventId: 'summer-fest',
  customer: { name: 'Ada', email: 'ada@example.com' },
  items: [{ ticketTypeId: 'general', quantity: 2 }],
};

describe('createHttpFunction', () => {
  it('routes by method and resource, passing validated, coerced parameters with defaults', async () => {
    // Arrange
    const { logger } = capturingLogger();
    let seen: HttpRequest<'listEvents'> | undefined;
    const handler = createHttpFunction(
      {
        listEvents: async (request) => {
          seen = request;
          return { status: 200, body: { items: [] } };
        },
      },
      { logger, allowedOrigin: 'http://localhost:5173' },
    );

    // Act
    const result = await handler(
      event({ method: 'GET', resource: '/events', path: '/events', query: { cursor: ['abc'] } }),
    );

    // Assert
    expect(result.statusCode).toBe(200);
    expect(json(result)).toEqual({ items: [] });
    expect(seen?.params.query).toEqual({ cursor: 'abc', limit: 20 });
    expect(seen?.requestId).toBe('req-123');
    expect(result.headers).toMatchObject({
      'Content-Type': 'application/json; charset=utf-8',
      'Access-Control-Allow-Origin': 'http://localhost:5173',
      'X-Request-Id': 'req-123',
    });
  });

  it('answers 400 VALIDATION_FAILED listing parameter and body problems together, without calling the route', async () => {
    // Arrange
    const { logger } = capturingLogger();
    let called = false;
    const handler = createHttpFunction(
      {
        createOrder: async () => {
          called = true;
          throw new Error('must not be reached');
        },
      },
      { logger },
    );

    // Act
    const result = await handler(
      event({
        method: 'POST',
        resource: '/orders',
        path: '/orders',
        headers: { 'Idempotency-Key': ['short'] },
        body: JSON.stringify({ ...validOrder, price: 1 }),
      }),
    );

    // Assert
    expect(called).toBe(false);
    expect(result.statusCode).toBe(400);
    const body = json(result) as { error: { code: string; requestId: string; details: { field: string }[] } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.requestId).toBe('req-123');
    expect(body.error.details.map((detail) => detail.field)).toEqual(
      expect.arrayContaining(['/header/idempotency-key', '/body/price']),
    );
  });

  it('treats malformed JSON as a 400, never a crash', async () => {
    // Arrange
    const { logger } = capturingLogger();
    const handler = createHttpFunction(
      { createOrder: async () => Promise.reject(new Error('unreachable')) },
      { logger },
    );

    // Act
    const result = await handler(
      event({
        method: 'POST',
        resource: '/orders',
        path: '/orders',
        headers: { 'idempotency-key': ['key-12345678'] },
        body: '{"eventId":',
      }),
    );

    // Assert
    expect(result.statusCode).toBe(400);
    expect(json(result)).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: [{ field: '/body', message: 'is not valid JSON' }] },
    });
  });

  it('passes the validated body and spec-spelled headers to the route', async () => {
    // Arrange
    const { logger } = capturingLogger();
    let seen: HttpRequest<'createOrder'> | undefined;
    const handler = createHttpFunction(
      {
        createOrder: async (request) => {
          seen = request;
          throw new ConflictError('SOLD_OUT', 'Sold out.', [{ message: 'none left', ticketTypeId: 'general' }]);
        },
      },
      { logger },
    );

    // Act
    const result = await handler(
      event({
        method: 'POST',
        resource: '/orders',
        path: '/orders',
        headers: { 'IDEMPOTENCY-KEY': ['key-12345678'] },
        body: JSON.stringify(validOrder),
      }),
    );

    // Assert
    expect(seen?.body).toEqual(validOrder);
    expect(seen?.params.header).toEqual({ 'Idempotency-Key': 'key-12345678' });
    expect(seen?.headers['idempotency-key']).toBe('key-12345678');
    expect(result.statusCode).toBe(409);
    expect(json(result)).toEqual({
      error: {
        code: 'SOLD_OUT',
        message: 'Sold out.',
        requestId: 'req-123',
        details: [{ message: 'none left', ticketTypeId: 'general' }],
      },
    });
  });

  it('gives raw-body routes the untouched body, decoding base64 but never parsing it', async () => {
    // Arrange
    const { logger } = capturingLogger();
    const rawPayload = '{ "id": "evt_1",\n  "type": "checkout.session.completed" }';
    const seen: RawBodyRequest<'receiveStripeWebhook'>[] = [];
    const handler = createHttpFunction(
      {
        receiveStripeWebhook: {
          rawBody: true,
          handle: async (request) => {
            seen.push(request);
            return { status: 200, body: { received: true } };
          },
        },
      },
      { logger },
    );
    const base = {
      method: 'POST',
      resource: '/webhooks/stripe',
      path: '/webhooks/stripe',
      headers: { 'Stripe-Signature': ['t=1,v1=ab'] },
    };

    // Act
    const plain = await handler(event({ ...base, body: rawPayload }));
    const encoded = await handler({
      ...event({ ...base, body: Buffer.from(rawPayload).toString('base64') }),
      isBase64Encoded: true,
    });
    const notJson = await handler(event({ ...base, body: 'not json at all' }));

    // Assert
    expect([plain.statusCode, encoded.statusCode, notJson.statusCode]).toEqual([200, 200, 200]);
    expect(seen.map((request) => request.rawBody)).toEqual([rawPayload, rawPayload, 'not json at all']);
    expect(seen[0]).not.toHaveProperty('body');
  });

  it('gives raw-body routes an absent optional header as undefined, leaving the decision to the route', async () => {
    // Arrange
    const { logger } = capturingLogger();
    const signatures: (string | undefined)[] = [];
    const handler = createHttpFunction(
      {
        receiveStripeWebhook: {
          rawBody: true,
          handle: async (request) => {
            signatures.push(request.params.header['Stripe-Signature']);
            return { status: 200, body: { received: true } };
          },
        },
      },
      { logger },
    );

    // Act
    const result = await handler(
      event({ method: 'POST', resource: '/webhooks/stripe', path: '/webhooks/stripe', body: '{}' }),
    );

    // Assert
    expect(result.statusCode).toBe(200);
    expect(signatures).toEqual([undefined]);
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a body over the limit, without calling the route', async () => {
    // Arrange: bodies API Gateway passes on (up to its 10 MB) but the API does not accept.
    const { logger } = capturingLogger();
    const calls: string[] = [];
    const handler = createHttpFunction(
      {
        createOrder: async () => {
          calls.push('createOrder');
          throw new Error('not reached');
        },
        receiveStripeWebhook: {
          rawBody: true,
          handle: async () => {
            calls.push('receiveStripeWebhook');
            return { status: 200, body: { received: true } };
          },
        },
      },
      { logger },
    );
    const oversized = 'x'.repeat(MAX_REQUEST_BODY_BYTES + 1);

    // Act
    const order = await handler(
      event({
        method: 'POST',
        resource: '/orders',
        path: '/orders',
        headers: { 'Idempotency-Key': ['key-0123456789'] },
        body: oversized,
      }),
    );
    const webhook = await handler({
      ...event({
        method: 'POST',
        resource: '/webhooks/stripe',
        path: '/webhooks/stripe',
        headers: { 'Stripe-Signature': ['t=1,v1=ab'] },
        body: Buffer.from(oversized).toString('base64'),
      }),
      isBase64Encoded: true,
    });

    // Assert
    expect([order.statusCode, webhook.statusCode]).toEqual([413, 413]);
    expect(json(order)).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE', message: `The request body exceeds ${MAX_REQUEST_BODY_BYTES} bytes.` },
    });
    expect(calls).toEqual([]);
  });

  it('turns unexpected errors into a generic 500 and logs the cause with the request id', async () => {
    // Arrange
    const { logger, lines } = capturingLogger();
    const handler = createHttpFunction(
      { getEvent: async () => Promise.reject(new Error('ProvisionedThroughputExceeded on table x')) },
      { logger },
    );

    // Act
    const result = await handler(
      event({
        method: 'GET',
        resource: '/events/{eventId}',
        path: '/events/summer-fest',
        pathParameters: { eventId: 'summer-fest' },
      }),
    );

    // Assert
    expect(result.statusCode).toBe(500);
    expect(json(result)).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred.', requestId: 'req-123' },
    });
    const logged = lines.find((line) => line['message'] === 'Unhandled error');
    expect(logged).toMatchObject({
      level: 'ERROR',
      requestId: 'req-123',
      operationId: 'getEvent',
      error: { message: 'ProvisionedThroughputExceeded on table x' },
    });
  });

  it('answers 500 and logs a wiring error when invoked for an operation it does not serve', async () => {
    // Arrange
    const { logger, lines } = capturingLogger();
    const handler = createHttpFunction({ listEvents: async () => ({ status: 200, body: { items: [] } }) }, { logger });

    // Act
    const result = await handler(
      event({ method: 'GET', resource: '/events/{eventId}', path: '/events/x', pathParameters: { eventId: 'abc' } }),
    );

    // Assert
    expect(result.statusCode).toBe(500);
    expect(lines.some((line) => line['message'] === 'Function wiring error')).toBe(true);
  });

  it('lets a route add response headers', async () => {
    // Arrange
    const { logger } = capturingLogger();
    const handler = createHttpFunction(
      {
        listEvents: async () => ({
          status: 200,
          body: { items: [] },
          headers: { 'Cache-Control': 'public, max-age=30' },
        }),
      },
      { logger },
    );

    // Act
    const result = await handler(event({ method: 'GET', resource: '/events', path: '/events' }));

    // Assert
    expect(result.headers?.['Cache-Control']).toBe('public, max-age=30');
  });
});

describe('createProxyEvent', () => {
  it('builds single- and multi-value maps the way API Gateway does', () => {
    // Arrange
    const input: ProxyEventInput = {
      method: 'get',
      resource: '/events',
      path: '/events',
      query: { limit: ['5', '10'] },
      headers: { Accept: ['application/json'], 'User-Agent': ['test-agent'] },
      requestId: 'r-1',
    };

    // Act
    const built = createProxyEvent(input);

    // Assert
    expect(built.httpMethod).toBe('GET');
    expect(built.queryStringParameters).toEqual({ limit: '10' });
    expect(built.multiValueQueryStringParameters).toEqual({ limit: ['5', '10'] });
    expect(built.pathParameters).toBeNull();
    expect(built.body).toBeNull();
    expect(built.isBase64Encoded).toBe(false);
    expect(built.requestContext.requestId).toBe('r-1');
    expect(built.requestContext.resourcePath).toBe('/events');
    expect(built.requestContext.identity.userAgent).toBe('test-agent');
  });
});
