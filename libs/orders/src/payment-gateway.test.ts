import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import {
  createStripeClient,
  PaymentProviderError,
  sessionExpiresAt,
  StripePaymentGateway,
  stripeWebhookVerifier,
} from './payment-gateway';

describe('sessionExpiresAt', () => {
  const now = new Date('2030-01-01T12:00:00.000Z');

  it('is the hold expiry when that leaves Stripe its 30-minute minimum', () => {
    const hold = new Date('2030-01-01T12:45:00.000Z');

    expect(sessionExpiresAt(hold, now)).toBe(hold.getTime() / 1000);
  });

  it('is stretched to Stripe’s minimum when the hold is shorter (or already partly spent)', () => {
    const hold = new Date('2030-01-01T12:29:59.500Z');

    expect(sessionExpiresAt(hold, now)).toBe(now.getTime() / 1000 + 30 * 60);
  });
});

describe('createStripeClient', () => {
  it('builds a client for the local emulator from STRIPE_API_BASE', async () => {
    const client = await createStripeClient({ apiKey: 'sk_test_local', apiBase: 'http://127.0.0.1:12111' });

    expect(client).toBeInstanceOf(Stripe);
  });
});

describe('StripePaymentGateway errors', () => {
  it('reports a refusal by Stripe as a PaymentProviderError carrying its type and code', async () => {
    // Arrange: a stand-in for the API that refuses every request the way Stripe does.
    const server = createServer((_request, response) => {
      response.writeHead(400, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify({
          error: {
            type: 'invalid_request_error',
            code: 'charge_already_refunded',
            message: 'Charge already refunded.',
          },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const gateway = new StripePaymentGateway(
      await createStripeClient({ apiKey: 'sk_test_local', apiBase: `http://127.0.0.1:${port}`, maxNetworkRetries: 0 }),
    );

    try {
      // Act
      const failure = await gateway
        .refundPayment({ orderId: 'ord_1', paymentIntentId: 'pi_1', idempotencyKey: 'refund-ord_1', reason: 'test' })
        .catch((error: unknown) => error);

      // Assert
      expect(failure).toBeInstanceOf(PaymentProviderError);
      expect(failure).toMatchObject({
        message: 'Stripe StripeInvalidRequestError (charge_already_refunded)',
        providerErrorType: 'StripeInvalidRequestError',
      });
      expect((failure as PaymentProviderError).cause).toBeInstanceOf(Stripe.errors.StripeError);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('stripeWebhookVerifier', () => {
  const secret = 'whsec_test_secret';
  const stripe = new Stripe('sk_test_unused');
  const verify = stripeWebhookVerifier(stripe, secret);
  const payload = JSON.stringify({
    id: 'evt_1',
    object: 'event',
    type: 'checkout.session.completed',
    data: { object: {} },
  });

  it('accepts a body signed with the secret', () => {
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret });

    expect(verify(payload, header)).toEqual(JSON.parse(payload));
  });

  it('refuses a wrong secret, a tampered body, a stale timestamp and a missing signature', () => {
    const wrongSecret = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_other' });
    const valid = stripe.webhooks.generateTestHeaderString({ payload, secret });
    const stale = stripe.webhooks.generateTestHeaderString({
      payload,
      secret,
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });

    expect(() => verify(payload, wrongSecret)).toThrow();
    expect(() => verify(payload.replace('evt_1', 'evt_2'), valid)).toThrow();
    expect(() => verify(payload, stale)).toThrow();
    expect(() => verify(payload, '')).toThrow();
  });
});
