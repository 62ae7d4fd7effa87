import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from './client';
import type { Schemas } from './types';

const baseUrl = 'http://api.test';
// Created before MSW patches fetch: proves the client looks fetch up at request time.
const client = createApiClient(`${baseUrl}/`, { headers: { 'X-Client': 'storefront' } });
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('createApiClient', () => {
  it('sends typed requests that MSW intercepts and returns typed data', async () => {
    // Arrange
    const page: Schemas['EventPage'] = { items: [] };
    let seenHeader: string | null = null;
    server.use(
      http.get(`${baseUrl}/events`, ({ request }) => {
        seenHeader = request.headers.get('x-client');
        return HttpResponse.json(page);
      }),
    );

    // Act
    const { data, error } = await client.GET('/events', { params: { query: { limit: 5 } } });

    // Assert
    expect(error).toBeUndefined();
    expect(data).toEqual(page);
    expect(seenHeader).toBe('storefront');
  });

  it('returns an Error-schema body as error with the status', async () => {
    // Arrange
    const body: Schemas['Error'] = { error: { code: 'NOT_FOUND', message: 'No such event', requestId: 'r1' } };
    server.use(http.get(`${baseUrl}/events/:eventId`, () => HttpResponse.json(body, { status: 404 })));

    // Act
    const { data, error, response } = await client.GET('/events/{eventId}', {
      params: { path: { eventId: 'missing-event' } },
    });

    // Assert
    expect(data).toBeUndefined();
    expect(error).toEqual(body);
    expect(response.status).toBe(404);
  });

  it('uses an injected fetch when given one', async () => {
    // Arrange
    const calls: string[] = [];
    const injected = createApiClient(baseUrl, {
      fetch: async (request) => {
        calls.push(`${request.method} ${new URL(request.url).pathname} ${request.headers.get('idempotency-key')}`);
        return new Response(JSON.stringify({ error: { code: 'SOLD_OUT', message: 'Sold out', requestId: 'r2' } }), {
          status: 409,
          headers: { 'content-type': 'application/json' },
        });
      },
    });

    // Act
    const { error } = await injected.POST('/orders', {
      params: { header: { 'Idempotency-Key': 'attempt-0001' } },
      body: {
        eventId: 'aurora-live',
        customer: { name: 'Ada', email: 'ada@example.com' },
        items: [{ ticketTypeId: 'standing', quantity: 1 }],
      },
    });

    // Assert
    expect(calls).toEqual(['POST /orders attempt-0001']);
    expect(error?.error.code).toBe('SOLD_OUT');
  });
});
