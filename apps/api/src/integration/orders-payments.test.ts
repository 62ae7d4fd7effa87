import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Schemas } from '@tth/contracts';
import { startStripeEmulator, type StripeEmulator } from '@tth/emulators';
import { OrdersRepository, PaymentsRepository } from '@tth/data';
import { loadHandlerModule } from '@tth/functions';
import { createOrderDeps, loadOrderConfig } from '@tth/orders';
import { silentLogger } from '@tth/runtime';
import {
  STOREFRONT,
  TEST_STRIPE_KEY,
  TEST_WEBHOOK_SECRET,
  orderBody,
  signStripeBody,
  signStripeEvent,
  startOrdersStack,
  startRecordingProxy,
  type OrdersStack,
  type RecordingProxy,
} from './orders-stack';

type Created = Schemas['CreateOrderResponse'];
type Order = Schemas['Order'];
type ErrorBody = Schemas['Error'];
type Ack = Schemas['WebhookAck'];

let emulator: StripeEmulator;
/** Everything the API sends to Stripe goes through it, so tests can read the wire. */
let toStripe: RecordingProxy;
let stack: OrdersStack;
let buyer = 0;
let eventCounter = 0;

beforeAll(async () => {
  emulator = await startStripeEmulator({
    port: 0,
    webhookSecret: TEST_WEBHOOK_SECRET,
    webhookRetry: { maxAttempts: 2, baseDelayMs: 50 },
  });
  toStripe = await startRecordingProxy(emulator.url);
  stack = await startOrdersStack({
    name: 'orders-payments',
    stripeApiBase: toStripe.url,
    events: [
      { eventId: 'big-hall', ticketTypes: [{ ticketTypeId: 'seat', price: 4500, capacity: 100, maxPerOrder: 10 }] },
      { eventId: 'tiny-club', ticketTypes: [{ ticketTypeId: 'seat', price: 2500, capacity: 2, maxPerOrder: 2 }] },
      { eventId: 'small-bar', ticketTypes: [{ ticketTypeId: 'seat', price: 1500, capacity: 2, maxPerOrder: 2 }] },
    ],
  });
  emulator.setWebhookEndpoint(`${stack.api.url}/webhooks/stripe`, TEST_WEBHOOK_SECRET);
});
afterEach(async () => {
  await emulator.releaseQueued();
  await emulator.whenDeliveriesIdle();
});
afterAll(async () => {
  await stack?.close();
  await toStripe?.close();
  await emulator?.close();
});

async function placeOrder(eventId = 'big-hall', quantity = 2): Promise<Created & { sessionId: string }> {
  const reply = await stack.call<Created>('createOrder', 'POST', '/orders', {
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `pay-${Date.now().toString(36)}-${++buyer}` },
    body: orderBody(eventId, 'seat', quantity, buyer),
  });
  expect(reply.status).toBe(201);
  const session = emulator.sessions().find((candidate) => candidate.metadata['orderId'] === reply.body.orderId);
  if (!session) throw new Error('no Checkout Session for the order');
  return { ...reply.body, sessionId: session.id };
}

async function orderOf(created: Created): Promise<Order> {
  const reply = await stack.call<Order>('getOrder', 'GET', `/orders/${created.orderId}`, {
    headers: { 'X-Order-Token': created.orderToken },
  });
  expect(reply.status).toBe(200);
  return reply.body;
}

function postWebhook(body: string, signature?: string) {
  return stack.call<Ack | ErrorBody>('receiveStripeWebhook', 'POST', '/webhooks/stripe', {
    headers: {
      'Content-Type': 'application/json',
      ...(signature !== undefined ? { 'Stripe-Signature': signature } : {}),
    },
    body,
  });
}

/** A Stripe event about a session of the emulator, as Stripe would send it (e.g. late or out of order). */
function sessionEvent(type: string, sessionId: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `evt_test_forged_${Date.now().toString(36)}_${++eventCounter}`,
    object: 'event',
    api_version: '2025-01-27.acacia',
    created: Math.floor(Date.now() / 1000),
    type,
    data: { object: { ...emulator.session(sessionId), ...changes } },
  };
}

async function payAndSettle(sessionId: string): Promise<void> {
  const attempt = emulator.pay(sessionId);
  expect(attempt.outcome).toBe('paid');
  await emulator.whenDeliveriesIdle();
}

describe('paying through Stripe Checkout', () => {
  it('marks the order PAID only when the signed webhook arrives, and records the payment', async () => {
    const created = await placeOrder();

    const before = await orderOf(created);
    await payAndSettle(created.sessionId);
    const after = await orderOf(created);

    expect(before.status).toBe('PENDING_PAYMENT');
    expect(before.checkoutUrl).toBe(created.checkoutUrl);
    expect(after.status).toBe('PAID');
    expect(after.checkoutUrl).toBeUndefined();
    const payments = await new PaymentsRepository(stack.db.clients.doc, stack.db.tableNames.Payments).listByOrder(
      created.orderId,
    );
    expect(payments).toEqual([
      expect.objectContaining({
        kind: 'PAYMENT',
        status: 'SUCCEEDED',
        amount: created.totals.total,
        currency: 'EUR',
        checkoutSessionId: created.sessionId,
      }),
    ]);
    const delivered = emulator.deliveries().filter((delivery) => delivery.eventType === 'checkout.session.completed');
    expect(delivered.at(-1)?.attempts.at(-1)?.statusCode).toBe(200);
  });

  it('never sends the order token, or its hash, to Stripe: the return URLs carry no credential', async () => {
    // Arrange
    const sentBefore = toStripe.requests.length;

    // Act
    const created = await placeOrder();

    // Assert
    const sent = toStripe.requests.slice(sentBefore);
    expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual(['POST /v1/checkout/sessions']);
    const stored = await new OrdersRepository(stack.db.clients.doc, {
      orders: stack.db.tableNames.Orders,
      catalog: stack.db.tableNames.Catalog,
      customers: stack.db.tableNames.Customers,
      payments: stack.db.tableNames.Payments,
    }).get(created.orderId);
    const wire = JSON.stringify(sent);
    for (const secret of [created.orderToken, encodeURIComponent(created.orderToken), stored?.tokenHash ?? '?'])
      expect(wire).not.toContain(secret);
    expect(emulator.session(created.sessionId)).toMatchObject({
      success_url: `${STOREFRONT}/orders/${created.orderId}`,
      cancel_url: `${STOREFRONT}/orders/${created.orderId}?checkout=cancelled`,
    });
  });

  it('applies the same event delivered 10 times at once exactly once', async () => {
    const created = await placeOrder();
    emulator.pauseDelivery();
    const attempt = emulator.pay(created.sessionId);
    if (attempt.outcome !== 'paid') throw new Error('payment failed');
    const processedBefore = await stack.count('ProcessedEvents');
    const paymentsBefore = await stack.count('Payments');

    const deliveries = await emulator.duplicate(attempt.event.id, 10);
    await emulator.releaseQueued();
    await emulator.whenDeliveriesIdle();

    expect(deliveries.map((delivery) => delivery.attempts[0]?.statusCode)).toEqual(
      Array.from({ length: 10 }, () => 200),
    );
    expect((await orderOf(created)).status).toBe('PAID');
    expect((await stack.count('Payments')) - paymentsBefore).toBe(1);
    expect((await stack.count('ProcessedEvents')) - processedBefore).toBe(1);
  });

  it('does not release paid seats when an expiry arrives after the payment', async () => {
    const created = await placeOrder('big-hall', 3);
    await payAndSettle(created.sessionId);
    const seatsAfterPayment = await stack.availability('big-hall', 'seat');
    const expired = signStripeEvent(
      sessionEvent('checkout.session.expired', created.sessionId, { status: 'expired', payment_status: 'unpaid' }),
    );

    const reply = await postWebhook(expired.body, expired.signature);

    expect(reply).toEqual({ status: 200, body: { received: true } });
    expect((await orderOf(created)).status).toBe('PAID');
    expect(await stack.availability('big-hall', 'seat')).toBe(seatsAfterPayment);
  });

  it('does not mark an order paid when the amount does not match, and logs the PaymentAmountMismatch alert', async () => {
    const created = await placeOrder();
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const tampered = signStripeEvent(
      sessionEvent('checkout.session.completed', created.sessionId, {
        status: 'complete',
        payment_status: 'paid',
        amount_total: 1,
      }),
    );

    let reply;
    try {
      reply = await postWebhook(tampered.body, tampered.signature);
    } finally {
      spy.mockRestore();
    }

    expect(reply.status).toBe(200);
    expect((await orderOf(created)).status).toBe('PENDING_PAYMENT');
    const alerts = written
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.includes('"alert":"PaymentAmountMismatch"'));
    expect(alerts).toHaveLength(1);
    expect(JSON.parse(alerts[0] ?? '{}')).toMatchObject({
      level: 'ERROR',
      orderId: created.orderId,
      expectedAmount: 9000,
      receivedAmount: 1,
    });
  });
});

describe('webhook signatures', () => {
  it.each([
    // Every signature failure is INVALID_SIGNATURE, a missing or empty header included (ADR 024).
    ['no Stripe-Signature header', () => undefined, 'INVALID_SIGNATURE'],
    ['an empty Stripe-Signature header', () => '', 'INVALID_SIGNATURE'],
    [
      'a signature made with another secret',
      (body: string) =>
        signStripeEvent(JSON.parse(body) as Record<string, unknown>, { secret: 'whsec_wrong' }).signature,
      'INVALID_SIGNATURE',
    ],
    [
      'a signature older than 300 seconds',
      (body: string) =>
        signStripeEvent(JSON.parse(body) as Record<string, unknown>, { timestamp: Math.floor(Date.now() / 1000) - 301 })
          .signature,
      'INVALID_SIGNATURE',
    ],
  ])('refuses %s with 400 and changes nothing', async (_label, signatureFor, code) => {
    const created = await placeOrder();
    const body = JSON.stringify(
      sessionEvent('checkout.session.completed', created.sessionId, { status: 'complete', payment_status: 'paid' }),
    );
    const processedBefore = await stack.count('ProcessedEvents');

    const reply = await postWebhook(body, signatureFor(body));

    expect(reply.status).toBe(400);
    expect((reply.body as ErrorBody).error.code).toBe(code);
    expect((await orderOf(created)).status).toBe('PENDING_PAYMENT');
    expect(await stack.count('ProcessedEvents')).toBe(processedBefore);
  });

  it('refuses a tampered body with 400 INVALID_SIGNATURE and changes nothing', async () => {
    const created = await placeOrder();
    const signed = signStripeEvent(
      sessionEvent('checkout.session.completed', created.sessionId, { status: 'complete', payment_status: 'unpaid' }),
    );
    const tamperedBody = signed.body.replace('"payment_status":"unpaid"', '"payment_status":"paid"');

    const reply = await postWebhook(tamperedBody, signed.signature);

    expect(tamperedBody).not.toBe(signed.body);
    expect(reply.status).toBe(400);
    expect((reply.body as ErrorBody).error.code).toBe('INVALID_SIGNATURE');
    expect((await orderOf(created)).status).toBe('PENDING_PAYMENT');
  });

  it.each([
    ['null', '/body', 'must be an object'],
    [
      JSON.stringify({ id: 'evt_x', object: 'event', type: 'checkout.session.completed', data: {} }),
      '/body/data/object',
      'is required',
    ],
  ])(
    'answers a correctly signed but malformed event (%s) with 400 and the Error schema',
    async (body, field, problem) => {
      const { signature } = signStripeBody(body);
      const written: string[] = [];
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });

      let reply;
      try {
        reply = await postWebhook(body, signature);
      } finally {
        spy.mockRestore();
      }

      expect(reply.status).toBe(400);
      expect((reply.body as ErrorBody).error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field, message: problem }],
      });
      const logged = written
        .flatMap((chunk) => chunk.split('\n'))
        .filter((line) => line.includes('Stripe webhook rejected: malformed event'));
      expect(logged).toHaveLength(1);
      expect(JSON.parse(logged[0] ?? '{}')).toMatchObject({ level: 'WARN', field, problem });
    },
  );

  it('acknowledges event types it does not handle', async () => {
    const signed = signStripeEvent({
      id: `evt_other_${Date.now()}`,
      object: 'event',
      type: 'customer.created',
      data: { object: { id: 'cus_1', object: 'customer' } },
    });

    const reply = await postWebhook(signed.body, signed.signature);

    expect(reply).toEqual({ status: 200, body: { received: true } });
  });
});

describe('ending a hold', () => {
  it('cancel releases the seats once, expires the session, and a second cancel returns the order unchanged', async () => {
    const created = await placeOrder('big-hall', 4);
    const seatsHeld = await stack.availability('big-hall', 'seat');
    const cancel = () =>
      stack.call<Order>('cancelOrder', 'POST', `/orders/${created.orderId}/cancel`, {
        headers: { 'X-Order-Token': created.orderToken },
      });

    const first = await cancel();
    await emulator.whenDeliveriesIdle();
    const second = await cancel();

    expect(first.status).toBe(200);
    expect(first.body.status).toBe('CANCELLED');
    expect(second).toEqual(first);
    expect(emulator.session(created.sessionId).status).toBe('expired');
    expect(await stack.availability('big-hall', 'seat')).toBe(seatsHeld + 4);
  });

  it('a paid order cannot be cancelled (409 ORDER_NOT_CANCELLABLE)', async () => {
    const created = await placeOrder();
    await payAndSettle(created.sessionId);

    const reply = await stack.call<ErrorBody>('cancelOrder', 'POST', `/orders/${created.orderId}/cancel`, {
      headers: { 'X-Order-Token': created.orderToken },
    });

    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('ORDER_NOT_CANCELLABLE');
  });

  it('the Checkout expiry webhook expires the order and releases its seats', async () => {
    const created = await placeOrder('big-hall', 2);
    const seatsHeld = await stack.availability('big-hall', 'seat');

    emulator.expireSession(created.sessionId);
    await emulator.whenDeliveriesIdle();

    expect((await orderOf(created)).status).toBe('EXPIRED');
    expect(await stack.availability('big-hall', 'seat')).toBe(seatsHeld + 2);
  });

  it('a failed delayed payment marks PAYMENT_FAILED and releases the seats', async () => {
    const created = await placeOrder('big-hall', 1);
    const seatsHeld = await stack.availability('big-hall', 'seat');

    emulator.failAsyncPayment(created.sessionId);
    await emulator.whenDeliveriesIdle();

    expect((await orderOf(created)).status).toBe('PAYMENT_FAILED');
    expect(await stack.availability('big-hall', 'seat')).toBe(seatsHeld + 1);
  });

  it('the sweep expires overdue holds once, closes their sessions and publishes StuckOrders', async () => {
    const created = await placeOrder('big-hall', 2);
    const seatsHeld = await stack.availability('big-hall', 'seat');
    const published: Record<string, number>[] = [];
    const inAnHour = () => new Date(Date.now() + 60 * 60_000);
    // Imported here: like a Lambda, the module reads its configuration from env when loaded.
    const { createHoldExpirySweepHandler } = await loadHandlerModule('hold-expiry-sweep');
    const sweep = createHoldExpirySweepHandler(
      createOrderDeps(loadOrderConfig(), { dynamo: stack.db.clients, clock: inAnHour }),
      {
        logger: silentLogger,
        publish: (figures) => published.push({ ...figures }),
      },
    );

    const first = await sweep();
    const second = await sweep();
    await emulator.whenDeliveriesIdle();

    expect(first.expired).toBeGreaterThanOrEqual(1);
    expect(second.expired).toBe(0);
    expect((await orderOf(created)).status).toBe('EXPIRED');
    expect(emulator.session(created.sessionId).status).toBe('expired');
    expect(await stack.availability('big-hall', 'seat')).toBeGreaterThanOrEqual(seatsHeld + 2);
    expect(published).toHaveLength(2);
    expect(published[0]).toEqual({ StuckOrders: expect.any(Number), HoldsExpired: first.expired });
    expect(published[0]?.['StuckOrders']).toBeGreaterThanOrEqual(1);
  });
});

describe('a payment that arrives after the hold ended', () => {
  it('re-takes the seats when they are still free', async () => {
    const created = await placeOrder('small-bar', 2);
    emulator.pauseDelivery();
    emulator.pay(created.sessionId);
    const expired = signStripeEvent(
      sessionEvent('checkout.session.expired', created.sessionId, { status: 'expired', payment_status: 'unpaid' }),
    );
    await postWebhook(expired.body, expired.signature);
    const seatsWhileExpired = await stack.availability('small-bar', 'seat');

    await emulator.releaseQueued();
    await emulator.whenDeliveriesIdle();

    expect(seatsWhileExpired).toBe(2);
    const order = await orderOf(created);
    expect(order.status).toBe('PAID');
    expect(order.statusReason).toContain('taken again');
    expect(await stack.availability('small-bar', 'seat')).toBe(0);
  });

  it('is refunded automatically and the order marked REFUNDED when the seats are gone', async () => {
    const late = await placeOrder('tiny-club', 2);
    emulator.pauseDelivery();
    emulator.pay(late.sessionId);
    const expired = signStripeEvent(
      sessionEvent('checkout.session.expired', late.sessionId, { status: 'expired', payment_status: 'unpaid' }),
    );
    await postWebhook(expired.body, expired.signature);
    const rival = await placeOrder('tiny-club', 2);

    await emulator.releaseQueued();
    await emulator.whenDeliveriesIdle();

    const order = await orderOf(late);
    expect(order.status).toBe('REFUNDED');
    expect(order.statusReason).toContain('refunded automatically');
    expect(
      emulator
        .events({ type: 'charge.refunded' })
        .some((record) => JSON.stringify(record.event).includes(late.orderId)),
    ).toBe(true);
    expect((await orderOf(rival)).status).toBe('PENDING_PAYMENT');
    expect(await stack.availability('tiny-club', 'seat')).toBe(0);
  });
});

describe('every ordering of two payment events about one order', () => {
  type Kind = 'completed' | 'refunded' | 'expired' | 'async_payment_failed';
  interface Row {
    /** Delivered first and second. */
    readonly pair: readonly [Kind, Kind];
    readonly status: Schemas['OrderStatus'];
    readonly seats: 'released' | 'sold';
    readonly payments: readonly string[];
  }
  const PAID = 'PAYMENT SUCCEEDED';
  const REFUNDED = 'REFUND SUCCEEDED';
  const FAILED = 'PAYMENT FAILED';
  const rows: readonly Row[] = [
    // The reproduction: paid, then fully refunded at Stripe; the refund is delivered second or first.
    { pair: ['completed', 'refunded'], status: 'REFUNDED', seats: 'released', payments: [PAID, REFUNDED] },
    { pair: ['refunded', 'completed'], status: 'REFUNDED', seats: 'released', payments: [PAID, REFUNDED] },
    { pair: ['completed', 'expired'], status: 'PAID', seats: 'sold', payments: [PAID] },
    { pair: ['expired', 'completed'], status: 'PAID', seats: 'sold', payments: [PAID] },
    { pair: ['completed', 'async_payment_failed'], status: 'PAID', seats: 'sold', payments: [PAID] },
    { pair: ['async_payment_failed', 'completed'], status: 'PAID', seats: 'sold', payments: [FAILED, PAID] },
    { pair: ['refunded', 'expired'], status: 'REFUNDED', seats: 'released', payments: [PAID, REFUNDED] },
    { pair: ['expired', 'refunded'], status: 'REFUNDED', seats: 'released', payments: [PAID, REFUNDED] },
    { pair: ['refunded', 'async_payment_failed'], status: 'REFUNDED', seats: 'released', payments: [PAID, REFUNDED] },
    {
      pair: ['async_payment_failed', 'refunded'],
      status: 'REFUNDED',
      seats: 'released',
      payments: [FAILED, PAID, REFUNDED],
    },
    { pair: ['expired', 'async_payment_failed'], status: 'EXPIRED', seats: 'released', payments: [] },
    { pair: ['async_payment_failed', 'expired'], status: 'PAYMENT_FAILED', seats: 'released', payments: [FAILED] },
  ];

  /**
   * What happened at Stripe decides which events exist: a refund needs a payment, so a row with
   * `refunded` was paid (and its completed event follows the pair, as Stripe delivers it
   * eventually). Completed and refunded are the emulator's own events, redelivered in the row's
   * order; expired and async_payment_failed cannot happen to a paid session, so (like every event
   * of an unpaid row) they are forged from the session and signed with the endpoint's secret.
   */
  it.each(rows)('$pair.0 then $pair.1 → $status, seats $seats', async (row) => {
    const quantity = 2;
    const seatsBefore = await stack.availability('big-hall', 'seat');
    const created = await placeOrder('big-hall', quantity);
    const stripe = new Stripe(TEST_STRIPE_KEY, { host: '127.0.0.1', port: emulator.port, protocol: 'http' });
    const paid = row.pair.includes('completed') || row.pair.includes('refunded');
    emulator.pauseDelivery();
    const stripeEvents = new Map<Kind, string>();
    if (paid) {
      const attempt = emulator.pay(created.sessionId);
      if (attempt.outcome !== 'paid') throw new Error(`payment ${attempt.outcome}`);
      stripeEvents.set('completed', attempt.event.id);
      if (row.pair.includes('refunded')) {
        await stripe.refunds.create({ payment_intent: attempt.paymentIntent.id });
        const [refunded] = emulator.events({ type: 'charge.refunded' }).slice(-1);
        if (!refunded) throw new Error('no charge.refunded event');
        stripeEvents.set('refunded', refunded.event.id);
      }
    }
    const deliver = async (kind: Kind) => {
      const eventId = stripeEvents.get(kind);
      if (eventId) {
        const delivery = await emulator.redeliver(eventId);
        expect(delivery.attempts.at(-1)?.statusCode, `${kind} delivery`).toBe(200);
        return;
      }
      const forged =
        kind === 'expired'
          ? sessionEvent('checkout.session.expired', created.sessionId, {
              status: 'expired',
              payment_status: 'unpaid',
              payment_intent: null,
              url: null,
            })
          : sessionEvent('checkout.session.async_payment_failed', created.sessionId, {
              status: 'complete',
              payment_status: 'unpaid',
              payment_intent: null,
              url: null,
            });
      const signed = signStripeEvent(forged);
      const reply = await postWebhook(signed.body, signed.signature);
      expect(reply.status, `${kind} delivery`).toBe(200);
    };

    for (const kind of row.pair) await deliver(kind);
    for (const kind of stripeEvents.keys()) if (!row.pair.includes(kind)) await deliver(kind);
    // Stripe's own deliveries of the same events come on top: duplicates change nothing.
    await emulator.releaseQueued();
    await emulator.whenDeliveriesIdle();

    const order = await orderOf(created);
    expect(order.status).toBe(row.status);
    expect(order.tickets).toEqual([]);
    expect(await stack.availability('big-hall', 'seat')).toBe(
      row.seats === 'released' ? seatsBefore : seatsBefore - quantity,
    );
    expect(await stack.fulfillmentTriggers(created.orderId)).toBe(row.status === 'PAID' ? 1 : 0);
    const records = await new PaymentsRepository(stack.db.clients.doc, stack.db.tableNames.Payments).listByOrder(
      created.orderId,
    );
    expect(records.map((record) => `${record.kind} ${record.status}`).sort()).toEqual([...row.payments].sort());
    if (row.status === 'REFUNDED') expect(order.statusReason).toMatch(/refunded/i);
  });
});
