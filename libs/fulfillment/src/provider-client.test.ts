import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createFulfillmentProviderClient, ProviderError, type ProviderClientOptions } from './provider-client';

interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

type Reply = (response: ServerResponse, request: RecordedRequest) => void;

/** A provider stand-in on 127.0.0.1 that answers each call with the next scripted reply (the last one repeats). */
async function startScriptedProvider(
  replies: Reply[],
): Promise<{ url: string; requests: RecordedRequest[]; close(): Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      requests.push(recorded);
      const reply = replies[Math.min(requests.length - 1, replies.length - 1)] as Reply;
      reply(response, recorded);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json =
  (status: number, body: unknown): Reply =>
  (response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

const issued =
  (status = 201): Reply =>
  (response, request) => {
    const body = request.body as { orderId: string; items: Array<{ ticketTypeId: string; quantity: number }> };
    const tickets = body.items.flatMap((item) =>
      Array.from({ length: item.quantity }, (_unused, index) => ({
        code: `TKT-${item.ticketTypeId}-${index}`,
        ticketTypeId: item.ticketTypeId,
      })),
    );
    json(status, { issuanceId: 'iss_1', orderId: body.orderId, tickets })(response, request);
  };

const neverAnswers: Reply = () => undefined;

const request = {
  orderId: 'ord_01JTESTORDER00000000000000',
  eventId: 'test-gig',
  items: [{ ticketTypeId: 'general', quantity: 2 }],
};
const API_KEY = 'ff_test_secret_key_123';

describe('fulfillment provider client', () => {
  let provider: Awaited<ReturnType<typeof startScriptedProvider>> | undefined;
  afterEach(async () => {
    await provider?.close();
    provider = undefined;
  });

  function client(url: string, overrides: Partial<ProviderClientOptions> = {}) {
    const sleeps: number[] = [];
    const instance = createFulfillmentProviderClient({
      endpoint: async () => url,
      apiKey: async () => API_KEY,
      timeoutMs: 2_000,
      retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...overrides,
    });
    return { instance, sleeps };
  }

  it('posts the order with the API key and the order id as idempotency key, and returns the issued tickets', async () => {
    // Arrange
    provider = await startScriptedProvider([issued(201)]);
    const { instance } = client(provider.url);

    // Act
    const issuance = await instance.issueTickets(request, { correlationId: 'corr-1' });

    // Assert
    expect(issuance).toEqual({
      issuanceId: 'iss_1',
      orderId: request.orderId,
      replayed: false,
      tickets: [
        { code: 'TKT-general-0', ticketTypeId: 'general' },
        { code: 'TKT-general-1', ticketTypeId: 'general' },
      ],
    });
    expect(provider.requests).toHaveLength(1);
    const [sent] = provider.requests;
    expect(sent).toMatchObject({ method: 'POST', url: '/v1/issuances', body: request });
    expect(sent?.headers).toMatchObject({
      'x-api-key': API_KEY,
      'idempotency-key': request.orderId,
      'x-correlation-id': 'corr-1',
      'content-type': 'application/json',
    });
  });

  it('marks a 200 answer as a replay of an earlier issuance', async () => {
    // Arrange
    provider = await startScriptedProvider([issued(200)]);
    const { instance } = client(provider.url);

    // Act
    const issuance = await instance.issueTickets(request);

    // Assert
    expect(issuance.replayed).toBe(true);
  });

  it('joins the endpoint path and the API path whatever the trailing slash', async () => {
    // Arrange
    provider = await startScriptedProvider([issued()]);
    const { instance } = client(`${provider.url}/provider/`);

    // Act
    await instance.issueTickets(request);

    // Assert
    expect(provider.requests[0]?.url).toBe('/provider/v1/issuances');
  });

  it('retries 5xx answers with full-jitter exponential back-off, always with the same idempotency key', async () => {
    // Arrange
    provider = await startScriptedProvider([json(500, { error: 'boom' }), json(503, {}), json(502, {}), issued()]);
    const { instance, sleeps } = client(provider.url);
    const retries: number[] = [];

    // Act
    const issuance = await instance.issueTickets(request, { onRetry: (retry) => retries.push(retry) });

    // Assert
    expect(issuance.tickets).toHaveLength(2);
    expect(provider.requests).toHaveLength(4);
    expect(new Set(provider.requests.map((sent) => sent.headers['idempotency-key']))).toEqual(
      new Set([request.orderId]),
    );
    // random() = 0.5 of ceilings 100, 200, 400.
    expect(sleeps).toEqual([50, 100, 200]);
    expect(retries).toEqual([1, 2, 3]);
  });

  it('retries 429 and 408, which ask the client to come back later', async () => {
    // Arrange
    provider = await startScriptedProvider([json(429, {}), json(408, {}), issued()]);
    const { instance } = client(provider.url);

    // Act
    const issuance = await instance.issueTickets(request);

    // Assert
    expect(issuance.issuanceId).toBe('iss_1');
    expect(provider.requests).toHaveLength(3);
  });

  it.each([400, 401, 403, 404, 409, 422])('does not retry a %i answer', async (status) => {
    // Arrange
    provider = await startScriptedProvider([
      json(status, { error: { message: `provider says ${API_KEY}` } }),
      issued(),
    ]);
    const { instance, sleeps } = client(provider.url);

    // Act
    const failure = await instance.issueTickets(request).catch((error: unknown) => error);

    // Assert
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ kind: 'http', status, retryable: false });
    expect((failure as Error).message).not.toContain(API_KEY);
    expect(provider.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('gives up after the configured attempts with a retryable error', async () => {
    // Arrange
    provider = await startScriptedProvider([json(503, {})]);
    const { instance } = client(provider.url, { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });

    // Act
    const failure = await instance.issueTickets(request).catch((error: unknown) => error);

    // Assert
    expect(failure).toMatchObject({ name: 'ProviderError', kind: 'http', status: 503, retryable: true });
    expect(provider.requests).toHaveLength(3);
  });

  it('aborts a call that does not answer within the timeout and retries it', async () => {
    // Arrange
    provider = await startScriptedProvider([neverAnswers, issued()]);
    const { instance } = client(provider.url, { timeoutMs: 150 });

    // Act
    const issuance = await instance.issueTickets(request);

    // Assert
    expect(issuance.issuanceId).toBe('iss_1');
    expect(provider.requests).toHaveLength(2);
  });

  it('reports a timeout when the provider never answers', async () => {
    // Arrange
    provider = await startScriptedProvider([neverAnswers]);
    const { instance } = client(provider.url, {
      timeoutMs: 100,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });

    // Act
    const failure = await instance.issueTickets(request).catch((error: unknown) => error);

    // Assert
    expect(failure).toMatchObject({
      kind: 'timeout',
      retryable: true,
      message: 'Fulfillment provider did not answer within 100 ms',
    });
    expect(provider.requests).toHaveLength(2);
  });

  it('retries network errors such as a refused connection', async () => {
    // Arrange
    provider = await startScriptedProvider([issued()]);
    const deadUrl = provider.url;
    await provider.close();
    provider = undefined;
    const { instance, sleeps } = client(deadUrl, { retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 100 } });

    // Act
    const failure = await instance.issueTickets(request).catch((error: unknown) => error);

    // Assert
    expect(failure).toMatchObject({ kind: 'network', retryable: true });
    expect(sleeps).toHaveLength(2);
  });

  it.each([
    ['a body that is not JSON', (response: ServerResponse) => response.writeHead(201).end('<html>')],
    ['tickets for another order', json(201, { issuanceId: 'iss_x', orderId: 'ord_OTHER', tickets: [] })],
    [
      'a ticket without a code',
      json(201, { issuanceId: 'iss_x', orderId: request.orderId, tickets: [{ ticketTypeId: 'general' }] }),
    ],
    ['no issuance id', json(201, { orderId: request.orderId, tickets: [] })],
  ])('refuses an answer with %s without retrying', async (_case, reply) => {
    // Arrange
    provider = await startScriptedProvider([reply as Reply, issued()]);
    const { instance } = client(provider.url);

    // Act
    const failure = await instance.issueTickets(request).catch((error: unknown) => error);

    // Assert
    expect(failure).toMatchObject({ kind: 'protocol', retryable: false });
    expect(provider.requests).toHaveLength(1);
  });

  it('refuses an endpoint that is not an http(s) URL without calling anything', async () => {
    // Arrange
    const { instance } = client('ftp://provider.example');

    // Act
    const failure = await instance.issueTickets(request).catch((error: unknown) => error);

    // Assert
    expect(failure).toMatchObject({ kind: 'configuration', retryable: false });
  });

  it('treats an unavailable secret store as a retryable failure', async () => {
    // Arrange
    const { instance } = client('http://127.0.0.1:9', {
      apiKey: async () => {
        throw new Error('Secrets Manager throttled');
      },
    });

    // Act
    const failure = await instance.issueTickets(request).catch((error: unknown) => error);

    // Assert
    expect(failure).toMatchObject({ kind: 'configuration', retryable: true });
  });
});
