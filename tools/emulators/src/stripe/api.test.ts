import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORDER_ID, sessionParams, stripeClientFor } from '../testing/stripe-fixtures';
import { startStripeEmulator, type StripeEmulator } from './emulator';

let emulator: StripeEmulator;
let stripe: Stripe;

beforeEach(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  stripe = stripeClientFor(emulator);
});

afterEach(async () => {
  await emulator.close();
});

async function rejectionOf(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('Checkout Sessions through the stripe SDK', () => {
  it('creates an open, unpaid session with a hosted page URL and the given references', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 40 * 60;

    const session = await stripe.checkout.sessions.create(sessionParams({ expires_at: expiresAt }));

    expect(session.id).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 1234,
      currency: 'eur',
      metadata: { orderId: ORDER_ID },
      client_reference_id: ORDER_ID,
      customer_email: 'buyer@example.com',
      expires_at: expiresAt,
      payment_intent: null,
      livemode: false,
      url: `${emulator.url}/checkout/${session.id}`,
    });
  });

  it('retrieves a session, with its line items when expanded', async () => {
    const created = await stripe.checkout.sessions.create(sessionParams());

    const retrieved = await stripe.checkout.sessions.retrieve(created.id, { expand: ['line_items'] });

    expect(retrieved.id).toBe(created.id);
    expect(retrieved.line_items?.data).toEqual([
      expect.objectContaining({
        description: 'Standing ticket',
        quantity: 2,
        amount_total: 1234,
        price: expect.objectContaining({ unit_amount: 617, currency: 'eur' }),
      }),
    ]);
  });

  it('sums several line items into the session total', async () => {
    const session = await stripe.checkout.sessions.create(
      sessionParams({
        line_items: [
          { quantity: 3, price_data: { currency: 'eur', unit_amount: 2500, product_data: { name: 'Seated' } } },
          { quantity: 1, price_data: { currency: 'eur', unit_amount: 999, product_data: { name: 'VIP upgrade' } } },
        ],
      }),
    );

    expect(session.amount_total).toBe(3 * 2500 + 999);
  });

  it('expires an open session, and refuses to expire it again like Stripe', async () => {
    const created = await stripe.checkout.sessions.create(sessionParams());

    const expired = await stripe.checkout.sessions.expire(created.id);
    const secondTry = await rejectionOf(stripe.checkout.sessions.expire(created.id));

    expect(expired).toMatchObject({ id: created.id, status: 'expired', url: null });
    expect(secondTry).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(secondTry.statusCode).toBe(400);
    expect(emulator.events({ type: 'checkout.session.expired' })).toHaveLength(1);
  });

  it('answers 404 resource_missing for an unknown session', async () => {
    const error = await rejectionOf(stripe.checkout.sessions.retrieve('cs_test_unknown'));

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'session' });
  });
});

describe('validation errors', () => {
  it.each([
    ['no line items', { line_items: [] }, 'line_items', 'parameter_missing'],
    [
      'a missing quantity',
      { line_items: [{ price_data: { currency: 'eur', unit_amount: 100, product_data: { name: 'A' } } }] },
      'line_items[0][quantity]',
      'parameter_missing',
    ],
    [
      'a zero quantity',
      { line_items: [{ quantity: 0, price_data: { currency: 'eur', unit_amount: 100, product_data: { name: 'A' } } }] },
      'line_items[0][quantity]',
      'parameter_invalid_integer',
    ],
    [
      'a negative price',
      { line_items: [{ quantity: 1, price_data: { currency: 'eur', unit_amount: -1, product_data: { name: 'A' } } }] },
      'line_items[0][price_data][unit_amount]',
      'parameter_invalid_integer',
    ],
    [
      'a product without a name',
      { line_items: [{ quantity: 1, price_data: { currency: 'eur', unit_amount: 100, product_data: { name: '' } } }] },
      'line_items[0][price_data][product_data][name]',
      'parameter_missing',
    ],
    ['a malformed success URL', { success_url: 'not a url' }, 'success_url', 'url_invalid'],
    ['a malformed email', { customer_email: 'nobody' }, 'customer_email', 'email_invalid'],
  ] satisfies [string, Partial<Stripe.Checkout.SessionCreateParams>, string, string][])(
    'refuses %s with a Stripe-shaped 400 naming the parameter',
    async (_case, overrides, param, code) => {
      const error = await rejectionOf(stripe.checkout.sessions.create(sessionParams(overrides)));

      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param, code });
    },
  );

  it('refuses expires_at less than 30 minutes or more than 24 hours ahead', async () => {
    const now = Math.floor(Date.now() / 1000);

    const tooSoon = await rejectionOf(stripe.checkout.sessions.create(sessionParams({ expires_at: now + 10 * 60 })));
    const tooLate = await rejectionOf(
      stripe.checkout.sessions.create(sessionParams({ expires_at: now + 25 * 60 * 60 })),
    );

    expect(tooSoon).toMatchObject({ statusCode: 400, param: 'expires_at' });
    expect(tooSoon.message).toContain('at least 30 minutes');
    expect(tooLate).toMatchObject({ statusCode: 400, param: 'expires_at' });
  });

  it('refuses a parameter Stripe does not know', async () => {
    const params = { ...sessionParams(), surprise: 'yes' } as Stripe.Checkout.SessionCreateParams;

    const error = await rejectionOf(stripe.checkout.sessions.create(params));

    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'surprise' });
  });

  it('answers malformed form encoding and unknown URLs with Stripe error JSON', async () => {
    const headers = { Authorization: 'Bearer sk_test_raw', 'Content-Type': 'application/x-www-form-urlencoded' };

    const malformed = await fetch(`${emulator.url}/v1/checkout/sessions`, {
      method: 'POST',
      headers,
      body: 'line_items[0=oops',
    });
    const unknown = await fetch(`${emulator.url}/v1/customers`, { headers });

    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining('line_items[0') },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: 'Unrecognized request URL (GET: /v1/customers).' },
    });
  });
});

describe('authentication', () => {
  it('refuses a request without an API key with 401', async () => {
    const response = await fetch(`${emulator.url}/v1/events`);

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining('did not provide an API key') },
    });
  });

  it('refuses a live key through the SDK as an authentication error', async () => {
    const liveClient = stripeClientFor(emulator, 'sk_live_not_for_local_use');

    const error = await rejectionOf(liveClient.checkout.sessions.create(sessionParams()));

    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.message).not.toContain('not_for_local_use');
  });

  it('accepts only the configured key when one is set', async () => {
    const strict = await startStripeEmulator({ port: 0, secretKey: 'sk_test_expected' });
    try {
      const wrong = await rejectionOf(stripeClientFor(strict, 'sk_test_other').events.list());
      const right = await stripeClientFor(strict, 'sk_test_expected').events.list();

      expect(wrong).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      expect(right.data).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});

describe('idempotency', () => {
  it('replays the same session for the same key and parameters', async () => {
    const params = sessionParams();

    const first = await stripe.checkout.sessions.create(params, { idempotencyKey: 'order-1' });
    const second = await stripe.checkout.sessions.create(params, { idempotencyKey: 'order-1' });

    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(emulator.sessions()).toHaveLength(1);
  });

  it('creates one session for twenty concurrent requests with the same key', async () => {
    const params = sessionParams();

    const sessions = await Promise.all(
      Array.from({ length: 20 }, () => stripe.checkout.sessions.create(params, { idempotencyKey: 'order-concurrent' })),
    );

    expect(new Set(sessions.map((session) => session.id)).size).toBe(1);
    expect(emulator.sessions()).toHaveLength(1);
  });

  it('refuses the same key with different parameters as an idempotency error', async () => {
    await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'order-2' });

    const error = await rejectionOf(
      stripe.checkout.sessions.create(sessionParams({ client_reference_id: 'ord_other' }), {
        idempotencyKey: 'order-2',
      }),
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error.statusCode).toBe(400);
    expect(emulator.sessions()).toHaveLength(1);
  });

  it('does not remember a refused request, so the key can be used again with valid parameters', async () => {
    await rejectionOf(
      stripe.checkout.sessions.create(sessionParams({ line_items: [] }), { idempotencyKey: 'order-3' }),
    );

    const session = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'order-3' });

    expect(session.status).toBe('open');
  });

  it('forgets a key after 24 hours, like Stripe', async () => {
    const first = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'order-4' });
    emulator.advanceClock(25 * 60 * 60);

    const second = await stripe.checkout.sessions.create(
      sessionParams({ client_reference_id: 'ord_later', expires_at: undefined }),
      { idempotencyKey: 'order-4' },
    );

    expect(second.id).not.toBe(first.id);
    expect(second.client_reference_id).toBe('ord_later');
  });
});

describe('PaymentIntents and refunds', () => {
  async function paidSession(): Promise<{ sessionId: string; paymentIntentId: string }> {
    const session = await stripe.checkout.sessions.create(sessionParams());
    const attempt = emulator.pay(session.id);
    if (attempt.outcome !== 'paid') throw new Error(`payment failed: ${attempt.outcome}`);
    return { sessionId: session.id, paymentIntentId: attempt.paymentIntent.id };
  }

  it('expands a session down to its charge, whose refund state follows the refunds', async () => {
    const { sessionId, paymentIntentId } = await paidSession();
    const expandCharge = { expand: ['payment_intent.latest_charge'] };

    const before = await stripe.checkout.sessions.retrieve(sessionId, expandCharge);
    await stripe.refunds.create({ payment_intent: paymentIntentId, amount: 1000 });
    const partly = await stripe.checkout.sessions.retrieve(sessionId, expandCharge);
    await stripe.refunds.create({ payment_intent: paymentIntentId });
    const fully = await stripe.checkout.sessions.retrieve(sessionId, expandCharge);

    const chargeOf = (session: Stripe.Checkout.Session) =>
      (session.payment_intent as Stripe.PaymentIntent).latest_charge as Stripe.Charge;
    expect(before.payment_intent).toMatchObject({ id: paymentIntentId, object: 'payment_intent' });
    expect(chargeOf(before)).toMatchObject({ object: 'charge', amount: 1234, amount_refunded: 0, refunded: false });
    expect(chargeOf(partly)).toMatchObject({ amount_refunded: 1000, refunded: false });
    expect(chargeOf(fully)).toMatchObject({ amount_refunded: 1234, refunded: true });
  });

  it('expands nothing on an unpaid session and refuses paths Stripe cannot expand', async () => {
    const session = await stripe.checkout.sessions.create(sessionParams());

    const open = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent.latest_charge'] });
    const refused = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent.amount'] }).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(open.payment_intent).toBeNull();
    expect(refused).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400 });
  });

  it('serves the PaymentIntent of a paid session with its charge and metadata', async () => {
    const { sessionId, paymentIntentId } = await paidSession();

    const session = await stripe.checkout.sessions.retrieve(sessionId, { expand: ['payment_intent'] });
    const paymentIntent = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] });

    expect(session).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
      payment_intent: { id: paymentIntentId },
    });
    expect(paymentIntent).toMatchObject({
      id: expect.stringMatching(/^pi_/),
      status: 'succeeded',
      amount: 1234,
      amount_received: 1234,
      currency: 'eur',
      metadata: { orderId: ORDER_ID },
    });
    expect(paymentIntent.latest_charge).toMatchObject({
      id: expect.stringMatching(/^ch_/),
      paid: true,
      amount: 1234,
      metadata: { orderId: ORDER_ID },
    });
  });

  it('refunds part and then the rest of a payment, then refuses a third refund', async () => {
    const { paymentIntentId } = await paidSession();

    const partial = await stripe.refunds.create({
      payment_intent: paymentIntentId,
      amount: 234,
      reason: 'requested_by_customer',
    });
    const rest = await stripe.refunds.create({ payment_intent: paymentIntentId, metadata: { orderId: ORDER_ID } });
    const third = await rejectionOf(stripe.refunds.create({ payment_intent: paymentIntentId }));

    expect(partial).toMatchObject({
      object: 'refund',
      amount: 234,
      status: 'succeeded',
      reason: 'requested_by_customer',
      payment_intent: paymentIntentId,
      currency: 'eur',
    });
    expect(rest).toMatchObject({ amount: 1000, metadata: { orderId: ORDER_ID } });
    expect(third).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
    const refundEvents = emulator.events({ type: 'charge.refunded' }).map((record) => record.event.data.object);
    expect(refundEvents).toEqual([
      expect.objectContaining({ amount_refunded: 234, refunded: false }),
      expect.objectContaining({
        amount_refunded: 1234,
        refunded: true,
        refunds: expect.objectContaining({
          data: [expect.objectContaining({ id: rest.id }), expect.objectContaining({ id: partial.id })],
        }),
      }),
    ]);
  });

  it('refuses a refund larger than what is left, and one for an unknown PaymentIntent', async () => {
    const { paymentIntentId } = await paidSession();

    const tooMuch = await rejectionOf(stripe.refunds.create({ payment_intent: paymentIntentId, amount: 1235 }));
    const unknown = await rejectionOf(stripe.refunds.create({ payment_intent: 'pi_unknown' }));

    expect(tooMuch).toMatchObject({ statusCode: 400, param: 'amount', code: 'amount_too_large' });
    expect(unknown).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'payment_intent' });
  });

  it('replays a refund for the same idempotency key instead of refunding twice', async () => {
    const { paymentIntentId } = await paidSession();

    const first = await stripe.refunds.create(
      { payment_intent: paymentIntentId, amount: 100 },
      { idempotencyKey: 'refund-1' },
    );
    const second = await stripe.refunds.create(
      { payment_intent: paymentIntentId, amount: 100 },
      { idempotencyKey: 'refund-1' },
    );

    expect(second.id).toBe(first.id);
    expect(emulator.events({ type: 'charge.refunded' })).toHaveLength(1);
  });
});

describe('events', () => {
  it('retrieves an event and lists events newest first with cursors and a type filter', async () => {
    const sessions = await Promise.all([1, 2, 3].map(() => stripe.checkout.sessions.create(sessionParams())));
    for (const session of sessions) await stripe.checkout.sessions.expire(session.id);
    emulator.pay((await stripe.checkout.sessions.create(sessionParams())).id);
    const expiredIds = emulator.events({ type: 'checkout.session.expired' }).map((record) => record.event.id);

    const firstPage = await stripe.events.list({ type: 'checkout.session.expired', limit: 2 });
    const secondPage = await stripe.events.list({
      type: 'checkout.session.expired',
      limit: 2,
      starting_after: firstPage.data[1]!.id,
    });
    const single = await stripe.events.retrieve(expiredIds[0]!);

    expect(firstPage.data.map((event) => event.id)).toEqual([expiredIds[2], expiredIds[1]]);
    expect(firstPage.has_more).toBe(true);
    expect(secondPage.data.map((event) => event.id)).toEqual([expiredIds[0]]);
    expect(secondPage.has_more).toBe(false);
    expect(single).toMatchObject({
      object: 'event',
      type: 'checkout.session.expired',
      livemode: false,
      data: { object: { id: sessions[0]!.id } },
    });
    expect(single.request).toMatchObject({ id: expect.stringMatching(/^req_/) });
  });
});
