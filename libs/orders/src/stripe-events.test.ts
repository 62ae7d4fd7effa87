import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import {
  checkPaidAmount,
  MalformedStripeEventError,
  parseStripeEvent,
  sessionMatchesOrder,
  type SessionFacts,
  type StripeEventIntent,
} from './stripe-events';

const ORDER_ID = 'ord_01JD0000000000000000000000';

function sessionEvent(type: string, session: Partial<Stripe.Checkout.Session>): Stripe.Event {
  return {
    id: 'evt_1',
    object: 'event',
    type,
    data: {
      object: {
        id: 'cs_test_1',
        object: 'checkout.session',
        mode: 'payment',
        metadata: { orderId: ORDER_ID },
        client_reference_id: ORDER_ID,
        amount_total: 9000,
        currency: 'eur',
        payment_intent: 'pi_1',
        payment_status: 'paid',
        ...session,
      },
    },
  } as unknown as Stripe.Event;
}

const intentOf = (event: unknown): StripeEventIntent => parseStripeEvent(event).intent;

describe('parseStripeEvent', () => {
  it('reads a paid checkout.session.completed as a payment with its facts', () => {
    const intent = intentOf(sessionEvent('checkout.session.completed', {}));

    expect(intent).toEqual({
      kind: 'checkout-paid',
      session: {
        sessionId: 'cs_test_1',
        orderId: ORDER_ID,
        clientReferenceId: ORDER_ID,
        amountTotal: 9000,
        currency: 'EUR',
        paymentIntentId: 'pi_1',
      },
    });
  });

  it('treats async_payment_succeeded as a payment too', () => {
    expect(intentOf(sessionEvent('checkout.session.async_payment_succeeded', {})).kind).toBe('checkout-paid');
  });

  it('does not treat a completed but unpaid session (delayed method) as paid', () => {
    expect(intentOf(sessionEvent('checkout.session.completed', { payment_status: 'unpaid' })).kind).toBe(
      'checkout-awaiting-payment',
    );
  });

  it('reads the payment intent id from an expanded object', () => {
    const intent = intentOf(
      sessionEvent('checkout.session.completed', { payment_intent: { id: 'pi_expanded' } as Stripe.PaymentIntent }),
    );

    expect(intent.kind === 'checkout-paid' && intent.session.paymentIntentId).toBe('pi_expanded');
  });

  it('maps expired and async_payment_failed sessions', () => {
    expect(intentOf(sessionEvent('checkout.session.expired', { payment_status: 'unpaid' })).kind).toBe(
      'checkout-expired',
    );
    expect(intentOf(sessionEvent('checkout.session.async_payment_failed', { payment_status: 'unpaid' })).kind).toBe(
      'checkout-payment-failed',
    );
  });

  it('reads charge.refunded with its refunds', () => {
    const event = {
      id: 'evt_2',
      type: 'charge.refunded',
      data: {
        object: {
          id: 'ch_1',
          payment_intent: 'pi_1',
          metadata: {},
          amount_refunded: 9000,
          currency: 'eur',
          refunded: true,
          refunds: { data: [{ id: 're_1', amount: 9000, currency: 'eur', status: 'succeeded' }] },
        },
      },
    } as unknown as Stripe.Event;

    expect(intentOf(event)).toEqual({
      kind: 'charge-refunded',
      refund: {
        chargeId: 'ch_1',
        paymentIntentId: 'pi_1',
        orderId: undefined,
        amountRefunded: 9000,
        currency: 'EUR',
        fullyRefunded: true,
        refunds: [{ id: 're_1', amount: 9000, currency: 'EUR', status: 'succeeded' }],
      },
    });
  });

  it('ignores other event types', () => {
    const event = { id: 'evt_3', type: 'customer.created', data: { object: {} } } as unknown as Stripe.Event;

    expect(parseStripeEvent(event)).toEqual({
      id: 'evt_3',
      type: 'customer.created',
      intent: { kind: 'ignored', reason: 'event type not handled' },
    });
  });

  it('reads absent and null optional fields alike', () => {
    const intent = intentOf(
      sessionEvent('checkout.session.expired', {
        metadata: null,
        client_reference_id: null,
        amount_total: null,
        currency: null,
        payment_intent: null,
        mode: undefined,
      } as unknown as Partial<Stripe.Checkout.Session>),
    );

    expect(intent).toEqual({
      kind: 'checkout-expired',
      session: {
        sessionId: 'cs_test_1',
        orderId: undefined,
        clientReferenceId: undefined,
        amountTotal: null,
        currency: null,
        paymentIntentId: undefined,
      },
    });
  });

  it.each([
    ['a string', '"evt"', '/body', 'must be an object'],
    ['an empty id', { id: '', type: 'charge.refunded' }, '/body/id', 'must not be empty'],
    ['no type', { id: 'evt_1' }, '/body/type', 'is required'],
    [
      'data that is not an object',
      { id: 'evt_1', type: 'checkout.session.expired', data: 5 },
      '/body/data',
      'must be an object',
    ],
    [
      'a fractional amount',
      sessionEvent('checkout.session.completed', { amount_total: 1.5 }),
      '/body/data/object/amount_total',
      'must be an integer',
    ],
    [
      'an expanded payment intent without its id',
      sessionEvent('checkout.session.completed', { payment_intent: {} as Stripe.PaymentIntent }),
      '/body/data/object/payment_intent/id',
      'is required',
    ],
    [
      'metadata.orderId that is not a string',
      sessionEvent('checkout.session.completed', {
        metadata: { orderId: 7 },
      } as unknown as Partial<Stripe.Checkout.Session>),
      '/body/data/object/metadata/orderId',
      'must be a string',
    ],
    [
      'a refund list without data',
      {
        id: 'evt_2',
        type: 'charge.refunded',
        data: { object: { id: 'ch_1', amount_refunded: 1, currency: 'eur', refunded: false, refunds: {} } },
      },
      '/body/data/object/refunds/data',
      'is required',
    ],
    [
      'a refund without an amount',
      {
        id: 'evt_2',
        type: 'charge.refunded',
        data: {
          object: {
            id: 'ch_1',
            amount_refunded: 1,
            currency: 'eur',
            refunded: false,
            refunds: { data: [{ id: 're_1', currency: 'eur' }] },
          },
        },
      },
      '/body/data/object/refunds/data/0/amount',
      'is required',
    ],
  ])('refuses %s, naming the field', (_label, payload, field, problem) => {
    const parse = () => parseStripeEvent(typeof payload === 'string' ? JSON.parse(payload) : payload);

    expect(parse).toThrow(MalformedStripeEventError);
    expect(parse).toThrow(expect.objectContaining({ field, problem }));
  });
});

describe('sessionMatchesOrder', () => {
  const facts: SessionFacts = {
    sessionId: 'cs_1',
    orderId: ORDER_ID,
    clientReferenceId: ORDER_ID,
    amountTotal: 100,
    currency: 'EUR',
    paymentIntentId: 'pi_1',
  };

  it('matches when metadata, client_reference_id and the recorded session agree', () => {
    expect(sessionMatchesOrder(facts, { orderId: ORDER_ID, checkoutSessionId: 'cs_1' })).toEqual({ ok: true });
  });

  it('refuses a session the order did not record', () => {
    expect(sessionMatchesOrder(facts, { orderId: ORDER_ID, checkoutSessionId: 'cs_other' }).ok).toBe(false);
    expect(sessionMatchesOrder(facts, { orderId: ORDER_ID }).ok).toBe(false);
  });

  it('refuses disagreeing identifiers', () => {
    expect(
      sessionMatchesOrder(
        { ...facts, clientReferenceId: 'ord_01JD0000000000000000000001' },
        { orderId: ORDER_ID, checkoutSessionId: 'cs_1' },
      ).ok,
    ).toBe(false);
    expect(
      sessionMatchesOrder({ ...facts, orderId: undefined }, { orderId: ORDER_ID, checkoutSessionId: 'cs_1' }).ok,
    ).toBe(false);
  });
});

describe('checkPaidAmount', () => {
  const totals = { subtotal: 9000, fees: 0, total: 9000, currency: 'EUR' };
  const facts: SessionFacts = {
    sessionId: 'cs_1',
    orderId: ORDER_ID,
    clientReferenceId: undefined,
    amountTotal: 9000,
    currency: 'EUR',
    paymentIntentId: undefined,
  };

  it('accepts exactly the order total in the order currency', () => {
    expect(checkPaidAmount(facts, totals)).toEqual({ ok: true });
  });

  it.each([
    ['a smaller amount', { amountTotal: 8999 }],
    ['a larger amount', { amountTotal: 9001 }],
    ['another currency', { currency: 'USD' }],
    ['no amount', { amountTotal: null }],
  ])('refuses %s', (_label, change) => {
    const check = checkPaidAmount({ ...facts, ...change }, totals);

    expect(check.ok).toBe(false);
  });
});
