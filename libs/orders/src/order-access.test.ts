import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertValidResponse } from '@tth/contracts/response-validation';
import { createIsolatedTables, type IsolatedTables } from '@tth/data/testing';
import { cancelOrder, getOrder } from './order-access';
import { newOrderId } from './order-id';
import { newOrderToken } from './order-token';
import { FakePaymentGateway, buildTestDeps, quietLogger } from './testing/fakes';
import { availableSeats, placeOrder, rejectionOf, seedEvent } from './testing/orders';

let db: IsolatedTables;

beforeAll(async () => {
  db = await createIsolatedTables('order-access');
});
afterAll(() => db.cleanup());

describe('getOrder', () => {
  it('returns the order to the holder of its token', async () => {
    const deps = buildTestDeps(db, new FakePaymentGateway());
    const created = await placeOrder(deps, await seedEvent(db));

    const order = await getOrder(deps, created.orderId, created.orderToken);

    assertValidResponse('getOrder', 200, order);
    expect(order).toMatchObject({
      orderId: created.orderId,
      status: 'PENDING_PAYMENT',
      checkoutUrl: created.checkoutUrl,
      tickets: [],
      totals: created.totals,
    });
  });

  it('answers 401 without a token', async () => {
    const deps = buildTestDeps(db, new FakePaymentGateway());
    const created = await placeOrder(deps, await seedEvent(db));

    const error = await rejectionOf(getOrder(deps, created.orderId, undefined));

    expect(error.status).toBe(401);
    expect(error.code).toBe('UNAUTHORIZED');
  });

  it('answers the same 404 for a wrong token and for an unknown order, so existence never leaks', async () => {
    const deps = buildTestDeps(db, new FakePaymentGateway());
    const created = await placeOrder(deps, await seedEvent(db));

    const wrongToken = await rejectionOf(getOrder(deps, created.orderId, newOrderToken()));
    const unknownOrder = await rejectionOf(getOrder(deps, newOrderId(), created.orderToken));

    expect([wrongToken.status, wrongToken.code, wrongToken.message]).toEqual([404, 'NOT_FOUND', unknownOrder.message]);
    expect(unknownOrder.status).toBe(404);
  });
});

describe('cancelOrder', () => {
  it('cancels a pending order, releases its seats and expires its Checkout Session', async () => {
    const gateway = new FakePaymentGateway();
    const deps = buildTestDeps(db, gateway);
    const eventId = await seedEvent(db);
    const created = await placeOrder(deps, eventId, 3);

    const cancelled = await cancelOrder(deps, created.orderId, created.orderToken, quietLogger);

    assertValidResponse('cancelOrder', 200, cancelled);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', statusReason: 'Cancelled by the buyer.' });
    expect(cancelled.checkoutUrl).toBeUndefined();
    expect(await availableSeats(db, eventId)).toBe(10);
    expect([...gateway.sessions.values()][0]?.status).toBe('expired');
  });

  it('returns a cancelled order unchanged, and never releases its seats twice, even under concurrent cancels', async () => {
    const deps = buildTestDeps(db, new FakePaymentGateway());
    const eventId = await seedEvent(db);
    const created = await placeOrder(deps, eventId, 4);
    const other = await placeOrder(deps, eventId, 1);

    const results = await Promise.all(
      Array.from({ length: 6 }, () => cancelOrder(deps, created.orderId, created.orderToken, quietLogger)),
    );
    const again = await cancelOrder(deps, created.orderId, created.orderToken, quietLogger);

    expect(results.every((result) => result.status === 'CANCELLED')).toBe(true);
    expect(again).toEqual(results[0]);
    expect(await availableSeats(db, eventId)).toBe(9);
    expect((await deps.repositories.orders.get(other.orderId))?.status).toBe('PENDING_PAYMENT');
  });

  it('refuses to cancel an order that Stripe reports paid (409 ORDER_NOT_CANCELLABLE), keeping its seats', async () => {
    const gateway = new FakePaymentGateway();
    const deps = buildTestDeps(db, gateway);
    const eventId = await seedEvent(db);
    const created = await placeOrder(deps, eventId, 2);
    gateway.pay([...gateway.sessions.keys()][0] ?? '');

    const error = await rejectionOf(cancelOrder(deps, created.orderId, created.orderToken, quietLogger));

    expect(error.code).toBe('ORDER_NOT_CANCELLABLE');
    expect(await availableSeats(db, eventId)).toBe(8);
  });

  it('refuses to cancel a paid order', async () => {
    const deps = buildTestDeps(db, new FakePaymentGateway());
    const created = await placeOrder(deps, await seedEvent(db));
    const order = await deps.repositories.orders.get(created.orderId);
    if (!order) throw new Error('order missing');
    await deps.repositories.orders.transition({
      order,
      from: 'PENDING_PAYMENT',
      to: 'PAID',
      seats: 'keep',
      now: new Date().toISOString(),
    });

    const error = await rejectionOf(cancelOrder(deps, created.orderId, created.orderToken, quietLogger));

    expect(error.status).toBe(409);
    expect(error.code).toBe('ORDER_NOT_CANCELLABLE');
  });

  it('needs the token like getOrder', async () => {
    const deps = buildTestDeps(db, new FakePaymentGateway());
    const created = await placeOrder(deps, await seedEvent(db));

    const error = await rejectionOf(cancelOrder(deps, created.orderId, newOrderToken(), quietLogger));

    expect(error.status).toBe(404);
    expect((await deps.repositories.orders.get(created.orderId))?.status).toBe('PENDING_PAYMENT');
  });
});
