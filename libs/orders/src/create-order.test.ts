import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertValidResponse } from '@tth/contracts/response-validation';
import { catalogKeys, type IdempotencyRecord } from '@tth/data';
import { createIsolatedTables, seedCatalog, type IsolatedTables } from '@tth/data/testing';
import { HttpError } from '@tth/runtime';
import { createOrder, type CreateOrderRequest } from './create-order';
import { customerIdFor } from './customer';
import { IDEMPOTENCY_RETENTION_SECONDS, hashIdempotencyKey, requestFingerprint, sealOrderToken } from './idempotency';
import { newOrderId } from './order-id';
import { hashOrderToken, newOrderToken, orderTokenMatches } from './order-token';
import { FakePaymentGateway, TEST_STOREFRONT, buildTestDeps, quietLogger } from './testing/fakes';

let db: IsolatedTables;
let counter = 0;

beforeAll(async () => {
  db = await createIsolatedTables('create-order');
});
afterAll(() => db.cleanup());

async function freshEvent(capacity = 10, extra: { onSaleAt?: Date } = {}): Promise<string> {
  const eventId = `gig-${++counter}`;
  await seedCatalog(db.clients.doc, db.tableNames, [
    {
      eventId,
      name: `Gig ${counter}`,
      ...extra,
      ticketTypes: [
        { ticketTypeId: 'standing', name: 'Standing', price: 4500, capacity, maxPerOrder: 6 },
        { ticketTypeId: 'vip', name: 'VIP', price: 12000, capacity: 2, maxPerOrder: 2 },
      ],
    },
  ]);
  return eventId;
}

const requestFor = (
  eventId: string,
  items: CreateOrderRequest['items'] = [{ ticketTypeId: 'standing', quantity: 2 }],
): CreateOrderRequest => ({
  eventId,
  customer: { name: ' Ada Lovelace ', email: 'Ada@Example.com' },
  items,
});

const newKey = () => `key-${Date.now()}-${++counter}`;

async function available(eventId: string, ticketTypeId: string): Promise<number> {
  const { Item } = await db.clients.doc.send(
    new GetCommand({
      TableName: db.tableNames.Catalog,
      Key: catalogKeys.ticketType(eventId, ticketTypeId),
      ConsistentRead: true,
    }),
  );
  return Item?.['available'] as number;
}

async function ordersOfEvent(eventId: string) {
  const { Items } = await db.clients.doc.send(
    new ScanCommand({ TableName: db.tableNames.Orders, ConsistentRead: true }),
  );
  return (Items ?? []).filter((item) => item['eventId'] === eventId);
}

async function rejection(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(error)}`);
  return error;
}

describe('createOrder', () => {
  it('prices on the server, holds the seats, stores the order with a token hash and opens a Checkout Session', async () => {
    const gateway = new FakePaymentGateway();
    const deps = buildTestDeps(db, gateway);
    const eventId = await freshEvent();

    const response = await createOrder(
      deps,
      {
        idempotencyKey: newKey(),
        body: requestFor(eventId, [
          { ticketTypeId: 'standing', quantity: 2 },
          { ticketTypeId: 'vip', quantity: 1 },
        ]),
      },
      quietLogger,
    );

    assertValidResponse('createOrder', 201, response);
    expect(response.status).toBe('PENDING_PAYMENT');
    expect(response.totals).toEqual({ subtotal: 21000, fees: 0, total: 21000, currency: 'EUR' });
    expect(await available(eventId, 'standing')).toBe(8);
    expect(await available(eventId, 'vip')).toBe(1);

    const stored = await deps.repositories.orders.get(response.orderId);
    expect(stored).toMatchObject({
      status: 'PENDING_PAYMENT',
      seatsHeld: true,
      checkoutUrl: response.checkoutUrl,
      customerId: customerIdFor('ada@example.com'),
    });
    expect(stored?.tokenHash).not.toBe(response.orderToken);
    expect(orderTokenMatches(response.orderToken, stored?.tokenHash ?? '')).toBe(true);
    expect(stored?.statusDueAt).toBe(response.holdExpiresAt);

    const [call] = gateway.createCalls;
    expect(call).toMatchObject({
      orderId: response.orderId,
      currency: 'EUR',
      customerEmail: 'ada@example.com',
      idempotencyKey: `checkout-session-${response.orderId}`,
      successUrl: `${TEST_STOREFRONT}/orders/${response.orderId}`,
      cancelUrl: `${TEST_STOREFRONT}/orders/${response.orderId}?checkout=cancelled`,
    });
    // The order token is the buyer's key to the order: nothing handed to the provider may carry it.
    const handedOver = JSON.stringify(gateway.createCalls);
    for (const secret of [response.orderToken, encodeURIComponent(response.orderToken), stored?.tokenHash ?? '?'])
      expect(handedOver).not.toContain(secret);
    expect(call?.expiresAt.toISOString()).toBe(response.holdExpiresAt);
    expect(call?.lines.map((line) => [line.ticketTypeId, line.unitPrice, line.quantity])).toEqual([
      ['standing', 4500, 2],
      ['vip', 12000, 1],
    ]);
  });

  it('holds seats for HOLD_MINUTES', async () => {
    const fixedNow = new Date();
    const deps = buildTestDeps(db, new FakePaymentGateway(), undefined, { clock: () => fixedNow, holdMinutes: 45 });

    const response = await createOrder(
      deps,
      { idempotencyKey: newKey(), body: requestFor(await freshEvent()) },
      quietLogger,
    );

    expect(Date.parse(response.holdExpiresAt) - fixedNow.getTime()).toBe(45 * 60_000);
  });

  it('answers 404 for an unknown event and frees the key for another body', async () => {
    const deps = buildTestDeps(db, new FakePaymentGateway());
    const key = newKey();

    const error = await rejection(
      createOrder(deps, { idempotencyKey: key, body: requestFor('no-such-event') }, quietLogger),
    );
    const retry = await createOrder(deps, { idempotencyKey: key, body: requestFor(await freshEvent()) }, quietLogger);

    expect(error.status).toBe(404);
    expect(retry.status).toBe('PENDING_PAYMENT');
  });

  it('answers 409 SALE_NOT_OPEN before the sale opens, writing nothing', async () => {
    const deps = buildTestDeps(db, new FakePaymentGateway());
    const eventId = await freshEvent(10, { onSaleAt: new Date(Date.now() + 86_400_000) });

    const error = await rejection(
      createOrder(deps, { idempotencyKey: newKey(), body: requestFor(eventId) }, quietLogger),
    );

    expect(error.code).toBe('SALE_NOT_OPEN');
    expect(await ordersOfEvent(eventId)).toEqual([]);
    expect(await available(eventId, 'standing')).toBe(10);
  });

  it('answers 409 SOLD_OUT naming the ticket type, writing nothing', async () => {
    const gateway = new FakePaymentGateway();
    const deps = buildTestDeps(db, gateway);
    const eventId = await freshEvent(1);

    const error = await rejection(
      createOrder(
        deps,
        { idempotencyKey: newKey(), body: requestFor(eventId, [{ ticketTypeId: 'standing', quantity: 2 }]) },
        quietLogger,
      ),
    );

    expect(error.code).toBe('SOLD_OUT');
    expect(error.details).toEqual([{ ticketTypeId: 'standing', message: 'not enough seats left' }]);
    expect(await ordersOfEvent(eventId)).toEqual([]);
    expect(gateway.createCalls).toEqual([]);
  });

  it('answers a repeated request (same key, same body) with the very same response', async () => {
    const gateway = new FakePaymentGateway();
    const deps = buildTestDeps(db, gateway);
    const eventId = await freshEvent();
    const input = { idempotencyKey: newKey(), body: requestFor(eventId) };

    const first = await createOrder(deps, input, quietLogger);
    const second = await createOrder(
      deps,
      { ...input, body: JSON.parse(JSON.stringify(input.body)) as CreateOrderRequest },
      quietLogger,
    );

    expect(second).toEqual(first);
    expect(gateway.createCalls).toHaveLength(1);
    expect(await available(eventId, 'standing')).toBe(8);
  });

  it('turns 20 concurrent identical requests into one order, one session and 20 identical answers', async () => {
    const gateway = new FakePaymentGateway();
    const deps = buildTestDeps(db, gateway);
    const eventId = await freshEvent();
    const input = { idempotencyKey: newKey(), body: requestFor(eventId) };

    const responses = await Promise.all(Array.from({ length: 20 }, () => createOrder(deps, input, quietLogger)));

    expect(new Set(responses.map((response) => JSON.stringify(response))).size).toBe(1);
    expect(await ordersOfEvent(eventId)).toHaveLength(1);
    expect(gateway.createCalls).toHaveLength(1);
    expect(await available(eventId, 'standing')).toBe(8);
  });

  it('answers 409 IDEMPOTENCY_KEY_REUSED when the key comes back with another body', async () => {
    const deps = buildTestDeps(db, new FakePaymentGateway());
    const eventId = await freshEvent();
    const key = newKey();
    await createOrder(deps, { idempotencyKey: key, body: requestFor(eventId) }, quietLogger);

    const error = await rejection(
      createOrder(
        deps,
        { idempotencyKey: key, body: requestFor(eventId, [{ ticketTypeId: 'standing', quantity: 3 }]) },
        quietLogger,
      ),
    );

    expect(error.status).toBe(409);
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await ordersOfEvent(eventId)).toHaveLength(1);
  });

  it('when Stripe fails: releases the hold once, cancels the order with a reason, answers 503, and a retry with the key starts afresh', async () => {
    const gateway = new FakePaymentGateway();
    gateway.failCreates = true;
    const deps = buildTestDeps(db, gateway);
    const eventId = await freshEvent();
    const input = { idempotencyKey: newKey(), body: requestFor(eventId) };

    const error = await rejection(createOrder(deps, input, quietLogger));
    const [failed] = await ordersOfEvent(eventId);
    const seatsAfterFailure = await available(eventId, 'standing');
    gateway.failCreates = false;
    const retry = await createOrder(deps, input, quietLogger);

    expect(error.status).toBe(503);
    expect(error.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
    expect(failed).toMatchObject({
      status: 'CANCELLED',
      seatsHeld: false,
      statusReason: expect.stringContaining('payment provider'),
    });
    expect(seatsAfterFailure).toBe(10);
    expect(retry.orderId).not.toBe(failed?.['orderId']);
    expect(await available(eventId, 'standing')).toBe(8);
  });

  it('resumes an attempt whose owner died after holding seats: same order and token, no second hold', async () => {
    const gateway = new FakePaymentGateway();
    const deps = buildTestDeps(db, gateway);
    const eventId = await freshEvent();
    const key = newKey();
    const body = requestFor(eventId);
    const orderId = newOrderId();
    const token = newOrderToken();
    const now = new Date();
    const record: IdempotencyRecord = {
      key: hashIdempotencyKey(key),
      requestHash: requestFingerprint(body),
      state: 'IN_PROGRESS',
      orderId,
      sealedToken: sealOrderToken(token, key, orderId),
      leaseExpiresAt: Date.now() - 1,
      createdAt: now.toISOString(),
      expiresAt: Math.floor(Date.now() / 1000) + IDEMPOTENCY_RETENTION_SECONDS,
    };
    await deps.repositories.idempotency.acquire(record, Date.now());
    const holdExpiresAt = new Date(now.getTime() + 30 * 60_000).toISOString();
    await deps.repositories.orders.createWithHold(
      {
        orderId,
        status: 'PENDING_PAYMENT',
        statusDueAt: holdExpiresAt,
        eventId,
        eventName: 'Gig',
        customerId: customerIdFor(body.customer.email),
        lines: [{ ticketTypeId: 'standing', name: 'Standing', quantity: 2, unitPrice: 4500, lineTotal: 9000 }],
        totals: { subtotal: 9000, fees: 0, total: 9000, currency: 'EUR' },
        holdExpiresAt,
        seatsHeld: true,
        tokenHash: hashOrderToken(token),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      },
      { customerId: customerIdFor(body.customer.email), email: 'ada@example.com', name: 'Ada', now: now.toISOString() },
    );

    const response = await createOrder(deps, { idempotencyKey: key, body }, quietLogger);

    expect(response.orderId).toBe(orderId);
    expect(response.orderToken).toBe(token);
    expect(await available(eventId, 'standing')).toBe(8);
    expect(gateway.createCalls).toHaveLength(1);
    expect((await deps.repositories.idempotency.get(hashIdempotencyKey(key)))?.state).toBe('COMPLETED');
  });
});
