import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateResponse } from '@tth/contracts/response-validation';
import { createIsolatedTables, type IsolatedTables } from '@tth/data/testing';
import { canTransition, LATE_PAYMENT_REASON, toOrderView } from '@tth/orders';
import { FulfillmentOrderStore } from './order-store';
import { createPaidOrder, pendingOrder, putOrder } from './testing/paid-orders';

describe('FulfillmentOrderStore', () => {
  let db: IsolatedTables;
  let store: FulfillmentOrderStore;

  beforeAll(async () => {
    db = await createIsolatedTables('order-store');
    store = new FulfillmentOrderStore(db.clients.doc, db.tableNames.Orders);
  });
  afterAll(() => db?.cleanup());

  it('writes only transitions the order state machine allows', () => {
    // Arrange
    const written = [
      ['PAID', 'FULFILLING'],
      ['FULFILLING', 'FULFILLED'],
      ['FULFILLING', 'FULFILLMENT_FAILED'],
      ['FULFILLMENT_FAILED', 'FULFILLING'],
    ] as const;

    // Act
    const refused = written.filter(([from, to]) => !canTransition(from, to));

    // Assert
    expect(refused).toEqual([]);
  });

  it('refuses a transition from a status the order is not in, and leaves it untouched', async () => {
    // Arrange
    const order = pendingOrder();
    await putOrder(db, order);

    // Act
    const results = [
      await store.beginAttempt(order.orderId, 'PAID', new Date().toISOString()),
      await store.complete(order.orderId, [], 'iss_x', new Date().toISOString()),
      await store.fail(order.orderId, { kind: 'http', message: 'x', at: new Date().toISOString() }),
      await store.requeue(order.orderId, new Date().toISOString()),
    ];

    // Assert
    expect(results).toEqual([{ ok: false }, { ok: false }, { ok: false }, { ok: false }]);
    expect(await store.get(order.orderId)).toEqual(order);
  });

  it('stamps statusDueAt when the status changes and keeps it while attempts are retried', async () => {
    // Arrange
    const order = await createPaidOrder(db);
    const started = await store.beginAttempt(order.orderId, 'PAID', '2026-05-01T10:00:00.000Z');

    // Act
    const retried = await store.beginAttempt(order.orderId, 'FULFILLING', '2026-05-01T10:05:00.000Z');

    // Assert
    expect(started).toMatchObject({
      ok: true,
      order: { status: 'FULFILLING', statusDueAt: '2026-05-01T10:00:00.000Z', fulfillmentAttempts: 1 },
    });
    expect(retried).toMatchObject({
      ok: true,
      order: {
        status: 'FULFILLING',
        statusDueAt: '2026-05-01T10:00:00.000Z',
        updatedAt: '2026-05-01T10:05:00.000Z',
        fulfillmentAttempts: 2,
      },
    });
  });

  it('keeps the reason a late payment was sold under through fulfillment, and drops a failure reason on redrive', async () => {
    // Arrange: one order paid late (its reason says so), one that failed and is redriven.
    const late = await createPaidOrder(db);
    await putOrder(db, { ...late, statusReason: LATE_PAYMENT_REASON });
    const failed = await createPaidOrder(db);
    const at = new Date().toISOString();
    await store.beginAttempt(failed.orderId, 'PAID', at);
    await store.fail(failed.orderId, { kind: 'http', message: 'HTTP 503', at });

    // Act
    await store.beginAttempt(late.orderId, 'PAID', at);
    await store.complete(late.orderId, [], 'iss_late', at);
    await store.requeue(failed.orderId, at);
    await store.complete(failed.orderId, [], 'iss_redriven', at);

    // Assert
    expect(await store.get(late.orderId)).toMatchObject({ status: 'FULFILLED', statusReason: LATE_PAYMENT_REASON });
    expect((await store.get(failed.orderId))?.statusReason).toBeUndefined();
  });

  it("stores tickets that the order view returns as the contract's Order", async () => {
    // Arrange
    const order = await createPaidOrder(db, { lines: [{ ticketTypeId: 'floor', name: 'Floor', quantity: 1 }] });
    await store.beginAttempt(order.orderId, 'PAID', new Date().toISOString());
    await store.complete(
      order.orderId,
      [{ code: 'TTH-0001-ABCD', ticketTypeId: 'floor', ticketTypeName: 'Floor' }],
      'iss_1',
      new Date().toISOString(),
    );
    const stored = await store.get(order.orderId);

    // Act
    const view = toOrderView(stored!);

    // Assert
    expect(view).toMatchObject({
      status: 'FULFILLED',
      tickets: [{ code: 'TTH-0001-ABCD', ticketTypeId: 'floor', ticketTypeName: 'Floor' }],
    });
    expect(validateResponse('getOrder', 200, view)).toMatchObject({ ok: true });
  });
});
