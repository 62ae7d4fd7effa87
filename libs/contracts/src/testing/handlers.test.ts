import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createApiClient } from '../client';
import type { OperationId, Schemas } from '../types';
import { validateResponse } from '../validation/response';
import { demoCatalog, demoIds, makeOrder, makeOrderToken, ORDER_STATUSES } from './fixtures';
import { createMockApi, type MockSnapshot } from './handlers';
import { createMockServer } from './node';

const baseUrl = 'http://api.mock.test';
let clock = new Date('2030-03-01T12:00:00.000Z');
const api = createMockApi({ baseUrl, now: () => clock });
const server = createMockServer(api);
const client = createApiClient(baseUrl);

/** Fails the test when any answer of the mock violates the spec (the handlers also assert it). */
const responses: { operationId: OperationId; status: number; body: unknown }[] = [];
const operationByPath = (method: string, pathname: string): OperationId => {
  if (pathname === '/events') return 'listEvents';
  if (pathname.startsWith('/events/')) return 'getEvent';
  if (pathname === '/orders') return 'createOrder';
  if (pathname === '/webhooks/stripe') return 'receiveStripeWebhook';
  return method === 'POST' ? 'cancelOrder' : 'getOrder';
};

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('response:mocked', async ({ request, response }) => {
    const text = await response.clone().text();
    responses.push({
      operationId: operationByPath(request.method, new URL(request.url).pathname),
      status: response.status,
      body: text ? JSON.parse(text) : undefined,
    });
  });
});
afterEach(() => {
  for (const { operationId, status, body } of responses) {
    expect(validateResponse(operationId, status, body), `${operationId} ${status}`).toMatchObject({ ok: true });
  }
  responses.length = 0;
  server.resetHandlers();
  api.state.reset();
  clock = new Date('2030-03-01T12:00:00.000Z');
});
afterAll(() => server.close());

const customer = { name: 'Ada Lovelace', email: 'ada@example.com' };

function orderRequest(
  items: Schemas['OrderItemRequest'][],
  eventId: string = demoIds.festival,
): Schemas['CreateOrderRequest'] {
  return { eventId, customer, items };
}

async function createOrder(
  body: Schemas['CreateOrderRequest'],
  key = `key-${Math.random().toString(36).slice(2, 12)}`,
) {
  return client.POST('/orders', { params: { header: { 'Idempotency-Key': key } }, body });
}

async function availableOf(eventId: string, ticketTypeId: string): Promise<number> {
  const { data } = await client.GET('/events/{eventId}', { params: { path: { eventId } } });
  return data!.ticketTypes.find((t) => t.id === ticketTypeId)!.available;
}

describe('catalog handlers', () => {
  it('lists the demo catalog soonest first across pages', async () => {
    // Arrange
    const expectedIds = demoCatalog(clock)
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .map((e) => e.id);

    // Act
    const first = await client.GET('/events', { params: { query: { limit: 3 } } });
    const second = await client.GET('/events', { params: { query: { limit: 3, cursor: first.data!.nextCursor! } } });

    // Assert
    expect([...first.data!.items, ...second.data!.items].map((e) => e.id)).toEqual(expectedIds);
    expect(second.data!.nextCursor).toBeUndefined();
  });

  it('includes a sold-out and an upcoming event with matching sale statuses', async () => {
    // Act
    const { data } = await client.GET('/events');

    // Assert
    const statusOf = (id: string) => data!.items.find((e) => e.id === id)?.saleStatus;
    expect(statusOf(demoIds.soldOutTour)).toBe('SOLD_OUT');
    expect(statusOf(demoIds.upcomingPremiere)).toBe('UPCOMING');
    expect(statusOf(demoIds.festival)).toBe('ON_SALE');
  });

  it('rejects a cursor it never issued with 400', async () => {
    // Act
    const { error, response } = await client.GET('/events', { params: { query: { cursor: 'made-up' } } });

    // Assert
    expect(response.status).toBe(400);
    expect(error?.error.details?.[0]?.field).toBe('/query/cursor');
  });

  it('answers 404 NOT_FOUND for an unknown event and 400 for a malformed id', async () => {
    // Act
    const missing = await client.GET('/events/{eventId}', { params: { path: { eventId: 'no-such-event' } } });
    const malformed = await client.GET('/events/{eventId}', { params: { path: { eventId: 'NOPE!' } } });

    // Assert
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.code).toBe('NOT_FOUND');
    expect(malformed.response.status).toBe(400);
    expect(malformed.error?.error.details?.[0]?.field).toBe('/path/eventId');
  });
});

describe('order handlers', () => {
  it('holds seats on createOrder and serves the same order to its token holder', async () => {
    // Arrange
    const before = await availableOf(demoIds.festival, demoIds.ticketTypes.vip);

    // Act
    const created = await createOrder(orderRequest([{ ticketTypeId: demoIds.ticketTypes.vip, quantity: 2 }]));
    const { orderId, orderToken } = created.data!;
    const read = await client.GET('/orders/{orderId}', {
      params: { path: { orderId }, header: { 'X-Order-Token': orderToken } },
    });

    // Assert
    expect(created.response.status).toBe(201);
    expect(created.data!.totals).toEqual({ subtotal: 29800, fees: 0, total: 29800, currency: 'EUR' });
    expect(await availableOf(demoIds.festival, demoIds.ticketTypes.vip)).toBe(before - 2);
    expect(read.data).toMatchObject({
      orderId,
      status: 'PENDING_PAYMENT',
      checkoutUrl: created.data!.checkoutUrl,
      tickets: [],
    });
  });

  it('refuses to show an order without its token (401) or with another one (404)', async () => {
    // Arrange
    const { data } = await createOrder(orderRequest([{ ticketTypeId: demoIds.ticketTypes.general, quantity: 1 }]));
    const path = { orderId: data!.orderId };

    // Act
    const withoutToken = await client.GET('/orders/{orderId}', { params: { path } });
    const wrongToken = await client.GET('/orders/{orderId}', {
      params: { path, header: { 'X-Order-Token': makeOrderToken() } },
    });

    // Assert
    expect(withoutToken.response.status).toBe(401);
    expect(withoutToken.error?.error.code).toBe('UNAUTHORIZED');
    expect(wrongToken.response.status).toBe(404);
  });

  it('replays the same order for a repeated Idempotency-Key and body, holding seats once', async () => {
    // Arrange
    const body = orderRequest([{ ticketTypeId: demoIds.ticketTypes.vip, quantity: 1 }]);
    const before = await availableOf(demoIds.festival, demoIds.ticketTypes.vip);

    // Act
    const first = await createOrder(body, 'attempt-0001');
    const again = await createOrder(
      { customer: body.customer, items: body.items, eventId: body.eventId },
      'attempt-0001',
    );

    // Assert
    expect(again.data).toEqual(first.data);
    expect(await availableOf(demoIds.festival, demoIds.ticketTypes.vip)).toBe(before - 1);
  });

  it('answers 409 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
    // Arrange
    await createOrder(orderRequest([{ ticketTypeId: demoIds.ticketTypes.vip, quantity: 1 }]), 'attempt-0002');

    // Act
    const { error, response } = await createOrder(
      orderRequest([{ ticketTypeId: demoIds.ticketTypes.vip, quantity: 2 }]),
      'attempt-0002',
    );

    // Assert
    expect(response.status).toBe(409);
    expect(error?.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('validates the body and the Idempotency-Key like the API (400 with JSON-pointer fields)', async () => {
    // Act
    const badEmail = await createOrder({
      ...orderRequest([{ ticketTypeId: demoIds.ticketTypes.vip, quantity: 1 }]),
      customer: { name: 'Ada', email: 'not-an-email' },
    });
    const badKey = await createOrder(orderRequest([{ ticketTypeId: demoIds.ticketTypes.vip, quantity: 1 }]), 'short');

    // Assert
    expect(badEmail.response.status).toBe(400);
    expect(badEmail.error?.error.code).toBe('VALIDATION_FAILED');
    expect(badEmail.error?.error.details?.map((d) => d.field)).toContain('/body/customer/email');
    expect(badKey.error?.error.details?.map((d) => d.field)).toContain('/header/idempotency-key');
    expect(api.state.requestsTo('createOrder')).toHaveLength(2);
  });

  it('refuses more than the ticket type allows per order (400) and more than is left (409 SOLD_OUT)', async () => {
    // Act
    const tooMany = await createOrder(orderRequest([{ ticketTypeId: demoIds.ticketTypes.vip, quantity: 5 }]));
    const soldOut = await createOrder(orderRequest([{ ticketTypeId: demoIds.ticketTypes.earlyBird, quantity: 1 }]));

    // Assert
    expect(tooMany.response.status).toBe(400);
    expect(tooMany.error?.error.details?.[0]?.field).toBe('/body/items/0/quantity');
    expect(soldOut.response.status).toBe(409);
    expect(soldOut.error?.error).toMatchObject({
      code: 'SOLD_OUT',
      details: [{ ticketTypeId: demoIds.ticketTypes.earlyBird }],
    });
  });

  it('answers 409 SALE_NOT_OPEN for an upcoming event', async () => {
    // Act
    const { error } = await createOrder(
      orderRequest([{ ticketTypeId: demoIds.ticketTypes.premiere, quantity: 1 }], demoIds.upcomingPremiere),
    );

    // Assert
    expect(error?.error.code).toBe('SALE_NOT_OPEN');
  });

  it('cancels a pending order once, releases its seats, and refuses to cancel a paid one', async () => {
    // Arrange
    const before = await availableOf(demoIds.festival, demoIds.ticketTypes.vip);
    const { data } = await createOrder(orderRequest([{ ticketTypeId: demoIds.ticketTypes.vip, quantity: 3 }]));
    const params = { path: { orderId: data!.orderId }, header: { 'X-Order-Token': data!.orderToken } };
    const paid = makeOrder('PAID');
    const paidToken = api.state.addOrder(paid);

    // Act
    const cancelled = await client.POST('/orders/{orderId}/cancel', { params });
    const again = await client.POST('/orders/{orderId}/cancel', { params });
    const notCancellable = await client.POST('/orders/{orderId}/cancel', {
      params: { path: { orderId: paid.orderId }, header: { 'X-Order-Token': paidToken } },
    });

    // Assert
    expect(cancelled.data).toMatchObject({ status: 'CANCELLED' });
    expect(cancelled.data!.checkoutUrl).toBeUndefined();
    expect(again.data).toEqual(cancelled.data);
    expect(await availableOf(demoIds.festival, demoIds.ticketTypes.vip)).toBe(before);
    expect(notCancellable.response.status).toBe(409);
    expect(notCancellable.error?.error.code).toBe('ORDER_NOT_CANCELLABLE');
  });

  it('expires an unpaid order after the hold and releases its seats', async () => {
    // Arrange
    const before = await availableOf(demoIds.festival, demoIds.ticketTypes.vip);
    const { data } = await createOrder(orderRequest([{ ticketTypeId: demoIds.ticketTypes.vip, quantity: 2 }]));
    const params = { path: { orderId: data!.orderId }, header: { 'X-Order-Token': data!.orderToken } };
    clock = new Date(clock.getTime() + 31 * 60_000);

    // Act
    const read = await client.GET('/orders/{orderId}', { params });
    const cancel = await client.POST('/orders/{orderId}/cancel', { params });

    // Assert
    expect(read.data).toMatchObject({ status: 'EXPIRED', statusReason: expect.any(String) });
    expect(cancel.error?.error.code).toBe('HOLD_EXPIRED');
    expect(await availableOf(demoIds.festival, demoIds.ticketTypes.vip)).toBe(before);
  });

  it('serves seeded orders in every status, tickets only once fulfilled', async () => {
    // Arrange
    const seeded = ORDER_STATUSES.map((status) => {
      const order = makeOrder(status, { now: clock });
      return { order, token: api.state.addOrder(order) };
    });

    // Act
    const read = await Promise.all(
      seeded.map(({ order, token }) =>
        client.GET('/orders/{orderId}', {
          params: { path: { orderId: order.orderId }, header: { 'X-Order-Token': token } },
        }),
      ),
    );

    // Assert
    expect(read.map((r) => r.data!.status)).toEqual([...ORDER_STATUSES]);
    for (const { data } of read) expect(data!.tickets.length > 0).toBe(data!.status === 'FULFILLED');
  });
});

describe('webhook handler', () => {
  it('refuses a missing or empty Stripe-Signature as INVALID_SIGNATURE and flags a redelivered event as a duplicate', async () => {
    // Arrange
    const body = { id: 'evt_1', type: 'checkout.session.completed' };

    // Act
    const unsigned = await client.POST('/webhooks/stripe', { params: { header: {} }, body });
    const empty = await client.POST('/webhooks/stripe', { params: { header: { 'Stripe-Signature': '' } }, body });
    const first = await client.POST('/webhooks/stripe', {
      params: { header: { 'Stripe-Signature': 't=1,v1=abc' } },
      body,
    });
    const second = await client.POST('/webhooks/stripe', {
      params: { header: { 'Stripe-Signature': 't=1,v1=abc' } },
      body,
    });

    // Assert
    expect([unsigned.response.status, unsigned.error?.error.code]).toEqual([400, 'INVALID_SIGNATURE']);
    expect([empty.response.status, empty.error?.error.code]).toEqual([400, 'INVALID_SIGNATURE']);
    expect(first.data).toEqual({ received: true });
    expect(second.data).toEqual({ received: true, duplicate: true });
  });
});

describe('scenarios', () => {
  it('soldOut makes the next createOrder for the ticket type fail and the event show it', async () => {
    // Arrange
    server.use(api.scenarios.soldOut(demoIds.ticketTypes.vip));

    // Act
    const { error, response } = await createOrder(
      orderRequest([{ ticketTypeId: demoIds.ticketTypes.vip, quantity: 1 }]),
    );

    // Assert
    expect(response.status).toBe(409);
    expect(error?.error).toMatchObject({ code: 'SOLD_OUT', details: [{ ticketTypeId: demoIds.ticketTypes.vip }] });
    expect(await availableOf(demoIds.festival, demoIds.ticketTypes.vip)).toBe(0);
  });

  it('serverError answers 500 once, then the regular handler answers again; both are recorded', async () => {
    // Arrange
    server.use(api.scenarios.serverError('listEvents', { once: true }));

    // Act
    const failed = await client.GET('/events');
    const recovered = await client.GET('/events');

    // Assert
    expect(failed.response.status).toBe(500);
    expect(failed.error?.error.code).toBe('INTERNAL_ERROR');
    expect(recovered.response.status).toBe(200);
    expect(api.state.requestsTo('listEvents')).toHaveLength(2);
  });

  it('validationError answers VALIDATION_FAILED naming the field', async () => {
    // Arrange
    server.use(api.scenarios.validationError('/body/customer/email', 'is not deliverable'));

    // Act
    const { error } = await createOrder(orderRequest([{ ticketTypeId: demoIds.ticketTypes.vip, quantity: 1 }]));

    // Assert
    expect(error?.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: '/body/customer/email', message: 'is not deliverable' }],
    });
  });

  it('error answers any declared error of an operation', async () => {
    // Arrange
    server.use(api.scenarios.error('createOrder', 503, 'PAYMENT_PROVIDER_UNAVAILABLE', 'Payments are unavailable.'));

    // Act
    const { error, response } = await createOrder(
      orderRequest([{ ticketTypeId: demoIds.ticketTypes.vip, quantity: 1 }]),
    );

    // Assert
    expect(response.status).toBe(503);
    expect(error?.error.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
  });

  it('networkError makes the request fail without an HTTP answer', async () => {
    // Arrange
    server.use(api.scenarios.networkError('getEvent', { once: true }));

    // Act
    const failing = client.GET('/events/{eventId}', { params: { path: { eventId: demoIds.festival } } });

    // Assert
    await expect(failing).rejects.toThrow();
  });

  it('slow still answers with the regular response', async () => {
    // Arrange
    server.use(api.scenarios.slow(5));

    // Act
    const { data } = await client.GET('/events/{eventId}', { params: { path: { eventId: demoIds.jazz } } });

    // Assert
    expect(data?.id).toBe(demoIds.jazz);
  });

  it('orderProgress moves an order one status per read, ending fulfilled with tickets', async () => {
    // Arrange
    const { data } = await createOrder(orderRequest([{ ticketTypeId: demoIds.ticketTypes.general, quantity: 2 }]));
    const params = { path: { orderId: data!.orderId }, header: { 'X-Order-Token': data!.orderToken } };
    server.use(api.scenarios.orderProgress(['PENDING_PAYMENT', 'PAID', 'FULFILLING', 'FULFILLED']));

    // Act
    const seen: Schemas['Order'][] = [];
    for (let i = 0; i < 5; i++) seen.push((await client.GET('/orders/{orderId}', { params })).data!);

    // Assert
    expect(seen.map((o) => o.status)).toEqual(['PENDING_PAYMENT', 'PAID', 'FULFILLING', 'FULFILLED', 'FULFILLED']);
    expect(seen[3]!.tickets).toHaveLength(2);
    expect(seen[1]!.checkoutUrl).toBeUndefined();
  });
});

describe('createMockApi options', () => {
  it('autoFulfil walks a paid order through FULFILLING to FULFILLED on successive reads', async () => {
    // Arrange
    const local = createMockApi({ baseUrl, autoFulfil: true });
    server.use(...local.handlers);
    const order = makeOrder('PAID');
    const token = local.state.addOrder(order);
    const params = { path: { orderId: order.orderId }, header: { 'X-Order-Token': token } };

    // Act
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await client.GET('/orders/{orderId}', { params })).data!.status);

    // Assert
    expect(statuses).toEqual(['PAID', 'FULFILLING', 'FULFILLED', 'FULFILLED']);
  });

  it('reports every change as a snapshot that restores the same state elsewhere', async () => {
    // Arrange
    let saved: MockSnapshot | undefined;
    const source = createMockApi({ baseUrl, onChange: (snapshot) => (saved = snapshot) });
    const order = makeOrder('PENDING_PAYMENT');
    const token = source.state.addOrder(order);
    source.state.setAvailability(demoIds.ticketTypes.vip, 1);
    const target = createMockApi({ baseUrl });

    // Act
    target.state.restore(saved!);

    // Assert
    expect(target.state.authorizedOrder(order.orderId, token)?.orderId).toBe(order.orderId);
    expect(
      target.state.event(demoIds.festival)!.ticketTypes.find((t) => t.id === demoIds.ticketTypes.vip)!.available,
    ).toBe(1);
  });

  it('never serves a body the spec forbids: an invalid fixture becomes an error, not data', async () => {
    // Arrange
    const broken = demoCatalog(clock).map((event) => (event.id === demoIds.jazz ? { ...event, name: '' } : event));
    const local = createMockApi({ baseUrl, catalog: () => broken });
    server.use(...local.handlers);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    onTestFinished(() => logged.mockRestore());

    // Act
    const { data, response } = await client.GET('/events/{eventId}', { params: { path: { eventId: demoIds.jazz } } });
    responses.length = 0; // MSW's own 500 for the thrown assertion is not an API response.

    // Assert
    expect(data).toBeUndefined();
    expect(response.status).toBe(500);
    expect(logged.mock.calls.flat().map(String).join('\n')).toContain(
      'Response 200 of getEvent violates openapi.yaml: /response/name',
    );
  });
});
