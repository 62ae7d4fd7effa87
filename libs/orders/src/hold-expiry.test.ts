import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedTables, type IsolatedTables } from '@tth/data/testing';
import { sweepExpiredHolds } from './hold-expiry';
import { FakePaymentGateway, buildTestDeps, quietLogger, sessionObject, signedEvent } from './testing/fakes';
import { availableSeats, placeOrder, seedEvent } from './testing/orders';
import { receiveStripeWebhook } from './webhook';

let db: IsolatedTables;

beforeAll(async () => {
  db = await createIsolatedTables('hold-expiry');
});
afterAll(() => db.cleanup());

const minutesFromNow = (minutes: number) => () => new Date(Date.now() + minutes * 60_000);
/** Orders paid more than 15 minutes ago count as stuck. */
const STUCK = { stuckAfterMinutes: 15 };

describe('sweepExpiredHolds', () => {
  it('expires due holds once, releases their seats, closes their sessions and leaves the rest alone', async () => {
    const gateway = new FakePaymentGateway();
    const shortHolds = buildTestDeps(db, gateway, undefined, { holdMinutes: 5 });
    const longHolds = buildTestDeps(db, gateway, undefined, { holdMinutes: 60 });
    const eventId = await seedEvent(db, 10);
    const due = await placeOrder(shortHolds, eventId, 2);
    const notDue = await placeOrder(longHolds, eventId, 3);
    const sweeper = buildTestDeps(db, gateway, undefined, { clock: minutesFromNow(10) });

    const first = await sweepExpiredHolds(sweeper, quietLogger, STUCK);
    const second = await sweepExpiredHolds(sweeper, quietLogger, STUCK);

    expect(first.expired).toBe(1);
    expect(second.expired).toBe(0);
    expect(await sweeper.repositories.orders.get(due.orderId)).toMatchObject({
      status: 'EXPIRED',
      seatsHeld: false,
      statusReason: expect.stringContaining('hold expired'),
    });
    expect((await sweeper.repositories.orders.get(notDue.orderId))?.status).toBe('PENDING_PAYMENT');
    expect(await availableSeats(db, eventId)).toBe(7);
    const dueSession = [...gateway.sessions.values()].find((session) => session.request.orderId === due.orderId);
    expect(dueSession?.status).toBe('expired');
  });

  it('leaves a due order alone when Stripe reports its session paid (the webhook settles it)', async () => {
    const gateway = new FakePaymentGateway();
    const deps = buildTestDeps(db, gateway, undefined, { holdMinutes: 5 });
    const eventId = await seedEvent(db, 10);
    const paidMeanwhile = await placeOrder(deps, eventId, 2);
    const session = [...gateway.sessions.values()].find(
      (candidate) => candidate.request.orderId === paidMeanwhile.orderId,
    );
    gateway.pay(session?.id ?? '');

    await sweepExpiredHolds(buildTestDeps(db, gateway, undefined, { clock: minutesFromNow(10) }), quietLogger, STUCK);

    expect((await deps.repositories.orders.get(paidMeanwhile.orderId))?.status).toBe('PENDING_PAYMENT');
    expect(await availableSeats(db, eventId)).toBe(8);
  });

  it('races safely with the expiry webhook: the seats are released exactly once', async () => {
    const gateway = new FakePaymentGateway();
    const deps = buildTestDeps(db, gateway, undefined, { holdMinutes: 5 });
    const eventId = await seedEvent(db, 10);
    const orders = await Promise.all([
      placeOrder(deps, eventId, 1),
      placeOrder(deps, eventId, 2),
      placeOrder(deps, eventId, 3),
    ]);
    const sweeper = buildTestDeps(db, gateway, undefined, { clock: minutesFromNow(10) });
    const expiryEvents = [...gateway.sessions.values()].map((session) =>
      signedEvent('checkout.session.expired', sessionObject(session)),
    );

    await Promise.all([
      sweepExpiredHolds(sweeper, quietLogger, STUCK),
      ...expiryEvents.map((event) => receiveStripeWebhook(deps, event.payload, event.signature, quietLogger)),
    ]);

    for (const order of orders) expect((await deps.repositories.orders.get(order.orderId))?.status).toBe('EXPIRED');
    expect(await availableSeats(db, eventId)).toBe(10);
  });

  it('counts orders stuck in PAID for more than 15 minutes', async () => {
    const gateway = new FakePaymentGateway();
    const deps = buildTestDeps(db, gateway);
    const eventId = await seedEvent(db, 10);
    const paid = await placeOrder(deps, eventId, 1);
    const session = [...gateway.sessions.values()][0];
    if (!session) throw new Error('no session');
    gateway.pay(session.id);
    const event = signedEvent('checkout.session.completed', sessionObject(session));
    await receiveStripeWebhook(deps, event.payload, event.signature, quietLogger);
    const before = await sweepExpiredHolds(
      buildTestDeps(db, gateway, undefined, { clock: minutesFromNow(5) }),
      quietLogger,
      STUCK,
    );

    const after = await sweepExpiredHolds(
      buildTestDeps(db, gateway, undefined, { clock: minutesFromNow(16) }),
      quietLogger,
      STUCK,
    );

    expect((await deps.repositories.orders.get(paid.orderId))?.status).toBe('PAID');
    expect(after.stuckOrders).toBe(before.stuckOrders + 1);
  });
});
