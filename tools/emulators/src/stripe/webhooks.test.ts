import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionParams, stripeClientFor } from '../testing/stripe-fixtures';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver';
import { LOCAL_STRIPE_WEBHOOK_SECRET } from './constants';
import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from './emulator';

const SECRET = 'whsec_test_emulator_webhooks';
const verifier = new Stripe('sk_test_verifier_only');
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(
  options: Partial<StripeEmulatorOptions> = {},
): Promise<{ emulator: StripeEmulator; receiver: WebhookReceiver; stripe: Stripe }> {
  const receiver = await startWebhookReceiver();
  cleanups.push(() => receiver.close());
  const emulator = await startStripeEmulator({
    port: 0,
    webhookUrl: receiver.url,
    webhookSecret: SECRET,
    webhookRetry: { maxAttempts: 4, baseDelayMs: 5 },
    ...options,
  });
  cleanups.push(() => emulator.close());
  return { emulator, receiver, stripe: stripeClientFor(emulator) };
}

async function createSession(stripe: Stripe): Promise<string> {
  return (await stripe.checkout.sessions.create(sessionParams())).id;
}

describe('webhook delivery', () => {
  it('POSTs each event signed exactly as Stripe signs, verified by stripe.webhooks.constructEvent', async () => {
    const { emulator, receiver, stripe } = await setUp();
    const sessionId = await createSession(stripe);

    emulator.pay(sessionId);
    const [request] = await receiver.waitFor(1);

    const event = verifier.webhooks.constructEvent(request!.body, request!.signature, SECRET, 300);
    expect(event.type).toBe('checkout.session.completed');
    expect(event).toMatchObject({ object: 'event', livemode: false, api_version: expect.any(String) });
    if (event.type !== 'checkout.session.completed') throw new Error('unexpected event type');
    expect(event.data.object).toMatchObject({
      id: sessionId,
      payment_status: 'paid',
      amount_total: 1234,
      metadata: { orderId: 'ord_01TEST' },
    });
    expect(request!.headers['content-type']).toContain('application/json');
  });

  it('produces signatures that fail verification when the payload is tampered with or the secret is wrong', async () => {
    const { emulator, receiver, stripe } = await setUp();
    emulator.pay(await createSession(stripe));
    const [request] = await receiver.waitFor(1);
    const tampered = request!.body.replace('"amount_total": 1234', '"amount_total": 1');

    expect(tampered).not.toBe(request!.body);
    expect(() => verifier.webhooks.constructEvent(tampered, request!.signature, SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => verifier.webhooks.constructEvent(request!.body, request!.signature, 'whsec_wrong')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it('signs with the documented local secret by default', async () => {
    const { emulator, receiver, stripe } = await setUp({ webhookSecret: undefined });

    emulator.pay(await createSession(stripe));
    const [request] = await receiver.waitFor(1);

    expect(verifier.webhooks.constructEvent(request!.body, request!.signature, LOCAL_STRIPE_WEBHOOK_SECRET).type).toBe(
      'checkout.session.completed',
    );
  });

  it('retries after 5xx answers until the endpoint accepts, recording every attempt', async () => {
    const { emulator, receiver, stripe } = await setUp();
    receiver.respondWith(500, 503);

    emulator.pay(await createSession(stripe));
    await receiver.waitFor(3);
    await emulator.whenDeliveriesIdle();

    const [record] = emulator.events();
    expect(record!.deliveries).toHaveLength(1);
    expect(record!.deliveries[0]).toMatchObject({ status: 'succeeded', trigger: 'event' });
    expect(record!.deliveries[0]!.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 503, 200]);
    expect(new Set(receiver.eventIds())).toEqual(new Set([record!.event.id]));
  });

  it('gives up after the configured number of attempts', async () => {
    const { emulator, receiver, stripe } = await setUp({ webhookRetry: { maxAttempts: 3, baseDelayMs: 1 } });
    receiver.respondWith(500, 500, 500, 500);

    emulator.pay(await createSession(stripe));
    await emulator.whenDeliveriesIdle();

    expect(emulator.deliveries()).toEqual([expect.objectContaining({ status: 'failed', attempts: expect.any(Array) })]);
    expect(emulator.deliveries()[0]!.attempts).toHaveLength(3);
    expect(receiver.received).toHaveLength(3);
  });

  it('retries when the endpoint cannot be reached at all', async () => {
    const { emulator, stripe } = await setUp({
      webhookUrl: 'http://127.0.0.1:9/unreachable',
      webhookRetry: { maxAttempts: 2, baseDelayMs: 1 },
    });

    emulator.pay(await createSession(stripe));
    await emulator.whenDeliveriesIdle();

    const [delivery] = emulator.deliveries();
    expect(delivery).toMatchObject({ status: 'failed' });
    expect(delivery!.attempts.map((attempt) => attempt.statusCode)).toEqual([null, null]);
    expect(delivery!.attempts[0]!.error).toMatch(/ECONNREFUSED/);
  });

  it('records events without sending anything when no endpoint is configured', async () => {
    const { emulator, stripe } = await setUp({ webhookUrl: undefined });

    emulator.pay(await createSession(stripe));

    expect(emulator.events()).toHaveLength(1);
    expect(emulator.events()[0]!.event.pending_webhooks).toBe(0);
    expect(emulator.deliveries()).toEqual([]);
  });
});

describe('redelivery, duplicates and reordering', () => {
  it('redelivers an event that was already delivered', async () => {
    const { emulator, receiver, stripe } = await setUp();
    emulator.pay(await createSession(stripe));
    await receiver.waitFor(1);
    const eventId = emulator.events()[0]!.event.id;

    const delivery = await emulator.redeliver(eventId);

    expect(delivery).toMatchObject({ eventId, trigger: 'redelivery', status: 'succeeded' });
    expect(receiver.eventIds()).toEqual([eventId, eventId]);
  });

  it('delivers the same event several times concurrently, each copy validly signed', async () => {
    const { emulator, receiver, stripe } = await setUp();
    emulator.pay(await createSession(stripe));
    await receiver.waitFor(1);
    const eventId = emulator.events()[0]!.event.id;

    const deliveries = await emulator.duplicate(eventId, 5);

    expect(deliveries).toHaveLength(5);
    expect(deliveries.every((delivery) => delivery.status === 'succeeded' && delivery.trigger === 'duplicate')).toBe(
      true,
    );
    expect(receiver.received).toHaveLength(6);
    for (const request of receiver.received)
      expect(verifier.webhooks.constructEvent(request.body, request.signature, SECRET).id).toBe(eventId);
  });

  it('queues events while paused and releases them in reverse order', async () => {
    const { emulator, receiver, stripe } = await setUp();
    const paidSession = await createSession(stripe);
    const expiringSession = await createSession(stripe);
    emulator.pauseDelivery();

    const paid = emulator.pay(paidSession);
    if (paid.outcome !== 'paid') throw new Error('payment failed');
    await stripe.checkout.sessions.expire(expiringSession);
    await stripe.refunds.create({ payment_intent: paid.paymentIntent.id });
    const emitted = emulator.events().map((record) => record.event.id);
    const receivedWhilePaused = receiver.received.length;
    const released = await emulator.releaseQueued({ order: 'reverse' });

    expect(receivedWhilePaused).toBe(0);
    expect(emitted).toHaveLength(3);
    expect(released.map((delivery) => delivery.eventId)).toEqual([...emitted].reverse());
    expect(receiver.eventIds()).toEqual([...emitted].reverse());
  });

  it('releases queued events in an explicit order and resumes normal delivery afterwards', async () => {
    const { emulator, receiver, stripe } = await setUp();
    const [first, second] = [await createSession(stripe), await createSession(stripe)];
    emulator.pauseDelivery();
    await stripe.checkout.sessions.expire(first);
    await stripe.checkout.sessions.expire(second);
    const [a, b] = emulator.events().map((record) => record.event.id);

    await emulator.releaseQueued({ order: [b!, a!] });
    emulator.pay(await createSession(stripe));
    await receiver.waitFor(3);

    expect(receiver.eventIds().slice(0, 2)).toEqual([b, a]);
    expect(JSON.parse(receiver.received[2]!.body)).toMatchObject({ type: 'checkout.session.completed' });
  });
});

describe('events from the control API and the expiry timer', () => {
  it('fires async_payment_failed after an unpaid completion', async () => {
    const { emulator, receiver, stripe } = await setUp();
    const sessionId = await createSession(stripe);

    emulator.failAsyncPayment(sessionId);
    const requests = await receiver.waitFor(2);
    await emulator.whenDeliveriesIdle();

    const types = requests
      .map((request) => verifier.webhooks.constructEvent(request.body, request.signature, SECRET).type)
      .sort();
    expect(types).toEqual(['checkout.session.async_payment_failed', 'checkout.session.completed']);
    expect(emulator.session(sessionId)).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
  });

  it('expires a session by its timer once expires_at has passed and sends checkout.session.expired', async () => {
    let clock = Date.now();
    const { emulator, receiver, stripe } = await setUp({ now: () => clock, expirySweepIntervalMs: 10 });
    const sessionId = await createSession(stripe);

    clock += 46 * 60 * 1000;
    const [request] = await receiver.waitFor(1);

    const event = verifier.webhooks.constructEvent(request!.body, request!.signature, SECRET);
    expect(event.type).toBe('checkout.session.expired');
    expect(event.data.object).toMatchObject({ id: sessionId, status: 'expired' });
    expect(emulator.session(sessionId).status).toBe('expired');
  });

  it('expires overdue sessions immediately when the clock is advanced', async () => {
    const { emulator, stripe } = await setUp({ webhookUrl: undefined });
    const sessionId = await createSession(stripe);

    emulator.advanceClock(45 * 60);

    expect(emulator.session(sessionId).status).toBe('expired');
    expect(emulator.events({ type: 'checkout.session.expired' })).toHaveLength(1);
  });

  it('signs with the real current time even when the emulated clock is ahead', async () => {
    const { emulator, receiver, stripe } = await setUp();
    const sessionId = await createSession(stripe);

    emulator.advanceClock(2 * 60 * 60);
    const [request] = await receiver.waitFor(1);

    expect(verifier.webhooks.constructEvent(request!.body, request!.signature, SECRET, 300).data.object).toMatchObject({
      id: sessionId,
    });
  });
});
