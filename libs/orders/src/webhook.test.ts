import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedTables, type IsolatedTables } from '@tth/data/testing';
import { createLogger } from '@tth/runtime';
import type { WebhookDeps } from './deps';
import type { CreateOrderResponse } from './order-view';
import {
  FakePaymentGateway,
  RecordingAlerts,
  buildTestDeps,
  quietLogger,
  sessionObject,
  signedEvent,
  signedPayload,
  type FakeSession,
} from './testing/fakes';
import { availableSeats, placeOrder, rejectionOf, seedEvent } from './testing/orders';
import { receiveStripeWebhook } from './webhook';

let db: IsolatedTables;

beforeAll(async () => {
  db = await createIsolatedTables('webhook');
});
afterAll(() => db.cleanup());

interface Scene {
  readonly gateway: FakePaymentGateway;
  readonly alerts: RecordingAlerts;
  readonly deps: WebhookDeps;
  readonly eventId: string;
  readonly order: CreateOrderResponse;
  readonly session: FakeSession;
}

async function scene(capacity = 10, quantity = 2): Promise<Scene> {
  const gateway = new FakePaymentGateway();
  const alerts = new RecordingAlerts();
  const deps = buildTestDeps(db, gateway, alerts);
  const eventId = await seedEvent(db, capacity);
  const order = await placeOrder(deps, eventId, quantity);
  const session = [...gateway.sessions.values()][0];
  if (!session) throw new Error('no session');
  return { gateway, alerts, deps, eventId, order, session };
}

function deliver(deps: WebhookDeps, event: { payload: string; signature: string }) {
  return receiveStripeWebhook(deps, event.payload, event.signature, quietLogger);
}

const completed = (session: FakeSession, overrides: Record<string, unknown> = {}, id?: string) =>
  signedEvent(
    'checkout.session.completed',
    sessionObject(session, { payment_status: 'paid', status: 'complete', ...overrides }),
    id ? { id } : {},
  );

async function statusOf(deps: WebhookDeps, orderId: string) {
  return (await deps.repositories.orders.get(orderId))?.status;
}

type Variant = (session: FakeSession) => { payload: string; signature: string };

const tamperedVariants: [string, Variant][] = [
  ['no signature', (session) => ({ payload: completed(session).payload, signature: '' })],
  [
    'a wrong secret',
    (session) =>
      signedEvent('checkout.session.completed', sessionObject(session, { payment_status: 'paid' }), {
        secret: 'whsec_wrong',
      }),
  ],
  [
    'a stale timestamp (> 300 s)',
    (session) =>
      signedEvent('checkout.session.completed', sessionObject(session, { payment_status: 'paid' }), {
        timestamp: Math.floor(Date.now() / 1000) - 301,
      }),
  ],
  [
    'a tampered body',
    (session) => {
      const event = completed(session);
      return { payload: event.payload.replace(/"amount_total":\d+/, '"amount_total":1'), signature: event.signature };
    },
  ],
];

describe('signature verification', () => {
  it.each(tamperedVariants)('refuses %s with 400 INVALID_SIGNATURE and changes nothing', async (_label, variant) => {
    const { deps, order, session } = await scene();

    const error = await rejectionOf(deliver(deps, variant(session)));

    expect([error.status, error.code]).toEqual([400, 'INVALID_SIGNATURE']);
    expect(await statusOf(deps, order.orderId)).toBe('PENDING_PAYMENT');
    expect(await deps.repositories.payments.listByOrder(order.orderId)).toEqual([]);
  });
});

describe('a correctly signed but malformed event', () => {
  it.each([
    ['a null body', 'null', '/body', 'must be an object'],
    ['an array', '[]', '/body', 'must be an object'],
    [
      'an event without an id',
      JSON.stringify({ type: 'checkout.session.completed', data: {} }),
      '/body/id',
      'is required',
    ],
    [
      'a completed event without data.object',
      JSON.stringify({ id: 'evt_x', object: 'event', type: 'checkout.session.completed', data: {} }),
      '/body/data/object',
      'is required',
    ],
    [
      'a completed session without payment_status',
      JSON.stringify({
        id: 'evt_y',
        object: 'event',
        type: 'checkout.session.completed',
        data: { object: { id: 'cs_1', object: 'checkout.session', mode: 'payment' } },
      }),
      '/body/data/object/payment_status',
      'is required',
    ],
    [
      'a session whose id is a number',
      JSON.stringify({ id: 'evt_z', type: 'checkout.session.expired', data: { object: { id: 42 } } }),
      '/body/data/object/id',
      'must be a string',
    ],
    [
      'a refunded charge without amount_refunded',
      JSON.stringify({
        id: 'evt_r',
        type: 'charge.refunded',
        data: { object: { id: 'ch_1', currency: 'eur', refunded: true } },
      }),
      '/body/data/object/amount_refunded',
      'is required',
    ],
  ])('%s: 400 VALIDATION_FAILED naming the field, logged, nothing written', async (_label, body, field, problem) => {
    const { deps } = await scene();
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const processedBefore = await db.clients.doc.send(
      new ScanCommand({ TableName: db.tableNames.ProcessedEvents, Select: 'COUNT', ConsistentRead: true }),
    );
    const signed = signedPayload(body);

    const error = await rejectionOf(receiveStripeWebhook(deps, signed.payload, signed.signature, logger));

    expect([error.status, error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(error.details).toEqual([{ field, message: problem }]);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'WARN', message: 'Stripe webhook rejected: malformed event', field, problem }),
    ]);
    const processedAfter = await db.clients.doc.send(
      new ScanCommand({ TableName: db.tableNames.ProcessedEvents, Select: 'COUNT', ConsistentRead: true }),
    );
    expect(processedAfter.Count).toBe(processedBefore.Count);
  });

  it('an event type the order flow ignores needs only an id and a type', async () => {
    const { deps } = await scene();

    const ack = await deliver(deps, signedPayload(JSON.stringify({ id: 'evt_other', type: 'customer.created' })));

    expect(ack).toEqual({ received: true });
  });
});

describe('checkout.session.completed', () => {
  it('marks the order PAID and records the payment', async () => {
    const { deps, order, session, eventId } = await scene();
    session.status = 'complete';

    const ack = await deliver(deps, completed(session));

    expect(ack).toEqual({ received: true });
    const stored = await deps.repositories.orders.get(order.orderId);
    expect(stored).toMatchObject({ status: 'PAID', paymentIntentId: session.paymentIntentId, seatsHeld: true });
    expect(await deps.repositories.payments.listByOrder(order.orderId)).toEqual([
      expect.objectContaining({
        kind: 'PAYMENT',
        status: 'SUCCEEDED',
        amount: 9000,
        currency: 'EUR',
        checkoutSessionId: session.id,
      }),
    ]);
    expect(await availableSeats(db, eventId)).toBe(8);
  });

  it('applies the same event delivered 10 times concurrently exactly once', async () => {
    const { deps, order, session } = await scene();
    const event = completed(session);

    const acks = await Promise.all(Array.from({ length: 10 }, () => deliver(deps, event)));

    expect(acks.filter((ack) => !ack.duplicate)).toHaveLength(1);
    expect(acks.filter((ack) => ack.duplicate)).toHaveLength(9);
    expect(await statusOf(deps, order.orderId)).toBe('PAID');
    expect(await deps.repositories.payments.listByOrder(order.orderId)).toHaveLength(1);
    const eventId = (JSON.parse(event.payload) as { id: string }).id;
    expect(await deps.repositories.processedEvents.get(eventId)).toMatchObject({
      state: 'DONE',
      outcome: 'PENDING_PAYMENT→PAID',
      orderId: order.orderId,
    });
  });

  it('does not mark the order paid when the amount differs, and raises PaymentAmountMismatch', async () => {
    const { deps, order, session, alerts } = await scene();

    const ack = await deliver(deps, completed(session, { amount_total: 100 }));

    expect(ack).toEqual({ received: true });
    expect(await statusOf(deps, order.orderId)).toBe('PENDING_PAYMENT');
    expect(alerts.raised).toEqual([
      expect.objectContaining({
        name: 'PaymentAmountMismatch',
        attributes: expect.objectContaining({ expectedAmount: 9000, receivedAmount: 100 }),
      }),
    ]);
    expect(await deps.repositories.payments.listByStatus('MISMATCH')).toEqual(
      expect.arrayContaining([expect.objectContaining({ orderId: order.orderId, amount: 100 })]),
    );
  });

  it('does not mark the order paid when the currency differs', async () => {
    const { deps, order, session, alerts } = await scene();

    await deliver(deps, completed(session, { currency: 'usd' }));

    expect(await statusOf(deps, order.orderId)).toBe('PENDING_PAYMENT');
    expect(alerts.raised.map((alert) => alert.name)).toEqual(['PaymentAmountMismatch']);
  });

  it('never pays an order from a session it does not own', async () => {
    const { deps, order, session, alerts } = await scene();
    const other = await scene();

    await deliver(
      deps,
      completed(session, { metadata: { orderId: other.order.orderId }, client_reference_id: other.order.orderId }),
    );

    expect(await statusOf(deps, order.orderId)).toBe('PENDING_PAYMENT');
    expect(await statusOf(deps, other.order.orderId)).toBe('PENDING_PAYMENT');
    expect(alerts.raised.map((alert) => alert.name)).toEqual(['PaymentUnmatched']);
  });

  it('waits for a delayed payment method instead of marking the order paid', async () => {
    const { deps, order, session } = await scene();

    await deliver(deps, completed(session, { payment_status: 'unpaid' }));

    expect(await statusOf(deps, order.orderId)).toBe('PENDING_PAYMENT');
  });
});

describe('checkout.session.expired and async_payment_failed', () => {
  it('expire a pending order and release its seats once', async () => {
    const { deps, order, session, eventId } = await scene();
    const expired = signedEvent('checkout.session.expired', sessionObject(session, { status: 'expired' }));

    await Promise.all([deliver(deps, expired), deliver(deps, expired), deliver(deps, expired)]);

    expect(await statusOf(deps, order.orderId)).toBe('EXPIRED');
    expect(await availableSeats(db, eventId)).toBe(10);
  });

  it('an expiry arriving after the payment releases nothing', async () => {
    const { deps, order, session, eventId } = await scene();
    await deliver(deps, completed(session));

    const ack = await deliver(
      deps,
      signedEvent('checkout.session.expired', sessionObject(session, { status: 'expired' })),
    );

    expect(ack).toEqual({ received: true });
    expect(await statusOf(deps, order.orderId)).toBe('PAID');
    expect(await availableSeats(db, eventId)).toBe(8);
  });

  it('a failed delayed payment marks PAYMENT_FAILED, releases the seats and records the failure', async () => {
    const { deps, order, session, eventId } = await scene();

    await deliver(deps, signedEvent('checkout.session.async_payment_failed', sessionObject(session)));

    expect(await statusOf(deps, order.orderId)).toBe('PAYMENT_FAILED');
    expect(await availableSeats(db, eventId)).toBe(10);
    expect(await deps.repositories.payments.listByOrder(order.orderId)).toEqual([
      expect.objectContaining({ status: 'FAILED' }),
    ]);
  });
});

describe('payment after the hold ended', () => {
  it('re-takes the seats when they are still available and marks the order PAID', async () => {
    const { deps, order, session, eventId } = await scene(10, 2);
    await deliver(deps, signedEvent('checkout.session.expired', sessionObject(session)));

    await deliver(deps, completed(session));

    expect(await deps.repositories.orders.get(order.orderId)).toMatchObject({
      status: 'PAID',
      seatsHeld: true,
      statusReason: expect.stringContaining('taken again'),
    });
    expect(await availableSeats(db, eventId)).toBe(8);
  });

  it('refunds automatically (once, keyed per order) and marks REFUNDED with a reason when the seats are gone', async () => {
    const { deps, gateway, order, session, eventId } = await scene(2, 2);
    await deliver(deps, signedEvent('checkout.session.expired', sessionObject(session)));
    await placeOrder(deps, eventId, 2);

    await deliver(deps, completed(session));
    await deliver(
      deps,
      signedEvent('checkout.session.async_payment_succeeded', sessionObject(session, { payment_status: 'paid' })),
    );

    expect(await deps.repositories.orders.get(order.orderId)).toMatchObject({
      status: 'REFUNDED',
      seatsHeld: false,
      statusReason: expect.stringContaining('refunded automatically'),
    });
    expect(gateway.refundsMade).toBe(1);
    expect(gateway.refundCalls[0]).toMatchObject({
      idempotencyKey: `late-payment-refund-${order.orderId}`,
      paymentIntentId: session.paymentIntentId,
    });
    const records = await deps.repositories.payments.listByOrder(order.orderId, { newestFirst: false });
    expect(records.map((record) => [record.kind, record.status])).toEqual(
      expect.arrayContaining([
        ['PAYMENT', 'SUCCEEDED'],
        ['REFUND', 'SUCCEEDED'],
      ]),
    );
    expect(await availableSeats(db, eventId)).toBe(0);
  });

  it('if the refund call fails, answers with an error so Stripe redelivers, and the redelivery finishes the job', async () => {
    const { deps, gateway, order, session, eventId } = await scene(2, 2);
    await deliver(deps, signedEvent('checkout.session.expired', sessionObject(session)));
    await placeOrder(deps, eventId, 2);
    gateway.failRefunds = 1;
    const event = completed(session);

    const firstDelivery = await deliver(deps, event).then(
      () => 'acknowledged',
      () => 'failed',
    );
    const statusBetween = await statusOf(deps, order.orderId);
    const redelivery = await deliver(deps, event);

    expect(firstDelivery).toBe('failed');
    expect(statusBetween).toBe('EXPIRED');
    expect(redelivery).toEqual({ received: true });
    expect(await statusOf(deps, order.orderId)).toBe('REFUNDED');
    expect(gateway.refundsMade).toBe(1);
  });
});

describe('a late payment whose refund was decided', () => {
  it('is never re-taken by a redelivery, even when seats have come free meanwhile', async () => {
    const { deps, gateway, order, session, eventId } = await scene(2, 2);
    await deliver(deps, signedEvent('checkout.session.expired', sessionObject(session)));
    const rival = await placeOrder(deps, eventId, 2);
    gateway.failRefunds = 1;
    const event = completed(session);
    const firstDelivery = await deliver(deps, event).then(
      () => 'acknowledged',
      () => 'failed',
    );
    const rivalOrder = await deps.repositories.orders.get(rival.orderId);
    if (!rivalOrder) throw new Error('rival order missing');
    await deps.repositories.orders.transition({
      order: rivalOrder,
      from: 'PENDING_PAYMENT',
      to: 'CANCELLED',
      seats: 'release',
      now: new Date().toISOString(),
    });

    await deliver(deps, event);

    expect(firstDelivery).toBe('failed');
    expect(await deps.repositories.orders.get(order.orderId)).toMatchObject({
      status: 'REFUNDED',
      seatsHeld: false,
      refundDecidedAt: expect.any(String),
    });
    expect(gateway.refundsMade).toBe(1);
    expect(await availableSeats(db, eventId)).toBe(2);
  });

  it('keeps the automatic-refund reason when Stripe’s charge.refunded arrives first', async () => {
    const { deps, gateway, order, session } = await scene();
    await deliver(deps, signedEvent('checkout.session.expired', sessionObject(session)));
    gateway.pay(session.id);
    await deps.repositories.orders.markRefundDecided(order.orderId, 'EXPIRED', new Date().toISOString());
    const charge = {
      id: `ch_${order.orderId}`,
      object: 'charge',
      payment_intent: session.paymentIntentId,
      metadata: { orderId: order.orderId },
      amount: 9000,
      amount_refunded: 9000,
      currency: 'eur',
      refunded: true,
    };

    await deliver(deps, signedEvent('charge.refunded', charge));

    expect(await deps.repositories.orders.get(order.orderId)).toMatchObject({
      status: 'REFUNDED',
      statusReason: expect.stringContaining('refunded automatically'),
    });
  });
});

/** charge.refunded for the fake session's payment, as Stripe sends it once all of it went back. */
const fullRefund = (session: FakeSession) =>
  signedEvent('charge.refunded', {
    id: `ch_${session.id}`,
    object: 'charge',
    payment_intent: session.paymentIntentId,
    metadata: { orderId: session.request.orderId },
    amount: 9000,
    amount_refunded: 9000,
    currency: 'eur',
    refunded: true,
    refunds: { object: 'list', data: [{ id: `re_${session.id}`, amount: 9000, currency: 'eur', status: 'succeeded' }] },
  });

describe('a payment refunded before it was settled', () => {
  it('refund first: the order is REFUNDED at once, its seats released, and the payment that follows sells nothing', async () => {
    const { deps, gateway, order, session, eventId } = await scene();
    gateway.pay(session.id);
    gateway.refundAtProvider(session.id);

    await deliver(deps, fullRefund(session));
    const afterRefund = await deps.repositories.orders.get(order.orderId);
    await deliver(deps, completed(session));

    expect(afterRefund).toMatchObject({ status: 'REFUNDED', seatsHeld: false });
    expect(await deps.repositories.orders.get(order.orderId)).toMatchObject({
      status: 'REFUNDED',
      statusReason: expect.stringContaining('no tickets were issued'),
    });
    expect(await availableSeats(db, eventId)).toBe(10);
    const records = await deps.repositories.payments.listByOrder(order.orderId);
    expect(records.map((record) => `${record.kind} ${record.status}`).sort()).toEqual([
      'PAYMENT SUCCEEDED',
      'REFUND SUCCEEDED',
    ]);
  });

  it('payment first: Stripe reports it refunded, so the order goes to REFUNDED instead of PAID', async () => {
    const { deps, gateway, order, session, eventId } = await scene();
    gateway.pay(session.id);
    gateway.refundAtProvider(session.id);

    await deliver(deps, completed(session));

    expect(await deps.repositories.orders.get(order.orderId)).toMatchObject({ status: 'REFUNDED', seatsHeld: false });
    expect(gateway.paymentLookups).toEqual([session.id]);
    expect(await availableSeats(db, eventId)).toBe(10);
  });

  it('a partial refund before settlement still sells the order', async () => {
    const { deps, gateway, order, session } = await scene();
    gateway.pay(session.id);
    gateway.refundAtProvider(session.id, 1000);

    await deliver(deps, completed(session));

    expect(await statusOf(deps, order.orderId)).toBe('PAID');
  });

  it('when Stripe cannot be asked, the delivery fails (Stripe redelivers) and nothing changes until it can', async () => {
    const { deps, gateway, order, session } = await scene();
    gateway.pay(session.id);
    gateway.failPaymentLookups = 1;
    const event = completed(session);

    const first = await deliver(deps, event).then(
      () => 'acknowledged',
      (error: unknown) => error,
    );
    const statusBetween = await statusOf(deps, order.orderId);
    await deliver(deps, event);

    expect(first).toMatchObject({ name: 'PaymentProviderError' });
    expect(statusBetween).toBe('PENDING_PAYMENT');
    expect(await statusOf(deps, order.orderId)).toBe('PAID');
  });

  it('a full refund of a charge that is not the order’s checkout payment changes nothing and raises PaymentUnmatched', async () => {
    const { deps, alerts, order } = await scene();
    const stranger = signedEvent('charge.refunded', {
      id: 'ch_stranger',
      object: 'charge',
      payment_intent: 'pi_not_this_session',
      metadata: { orderId: order.orderId },
      amount: 9000,
      amount_refunded: 9000,
      currency: 'eur',
      refunded: true,
    });

    await deliver(deps, stranger);

    expect(await statusOf(deps, order.orderId)).toBe('PENDING_PAYMENT');
    expect(alerts.raised.map((alert) => alert.name)).toEqual(['PaymentUnmatched']);
  });
});

describe('charge.refunded', () => {
  it('marks a paid order REFUNDED and records the refund once', async () => {
    const { deps, order, session } = await scene();
    await deliver(deps, completed(session));
    const charge = {
      id: 'ch_1',
      object: 'charge',
      payment_intent: session.paymentIntentId,
      metadata: {},
      amount: 9000,
      amount_refunded: 9000,
      currency: 'eur',
      refunded: true,
      refunds: {
        object: 'list',
        data: [{ id: `re_${order.orderId}`, amount: 9000, currency: 'eur', status: 'succeeded' }],
      },
    };

    await deliver(deps, signedEvent('charge.refunded', charge));
    await deliver(deps, signedEvent('charge.refunded', charge));

    expect(await deps.repositories.orders.get(order.orderId)).toMatchObject({
      status: 'REFUNDED',
      statusReason: 'The payment was refunded.',
    });
    const refunds = (await deps.repositories.payments.listByOrder(order.orderId)).filter(
      (record) => record.kind === 'REFUND',
    );
    expect(refunds).toEqual([
      expect.objectContaining({ refundId: `re_${order.orderId}`, amount: 9000, status: 'SUCCEEDED' }),
    ]);
  });
});

describe('other events', () => {
  it('are acknowledged and ignored without being recorded', async () => {
    const { deps } = await scene();
    const event = signedEvent('customer.created', { id: 'cus_1', object: 'customer' });

    const ack = await deliver(deps, event);

    expect(ack).toEqual({ received: true });
    const { Items } = await db.clients.doc.send(new ScanCommand({ TableName: db.tableNames.ProcessedEvents }));
    expect(Items?.some((item) => item['type'] === 'customer.created')).toBe(false);
  });
});
