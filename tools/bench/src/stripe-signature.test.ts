import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { stripeSignature } from './stripe-signature';

const secret = 'whsec_bench_signature_test';
const stripe = new Stripe('sk_test_bench_signature_only');
const payload = JSON.stringify(
  { id: 'evt_1', object: 'event', type: 'checkout.session.completed', data: { object: { id: 'cs_test_1' } } },
  null,
  2,
);

describe('stripeSignature', () => {
  it('is accepted by the Stripe SDK’s own verification', () => {
    const header = stripeSignature(payload, secret);

    const event = stripe.webhooks.constructEvent(payload, header, secret, 300);

    expect(event.id).toBe('evt_1');
  });

  it('matches the header the SDK generates for the same timestamp', () => {
    const timestamp = 1_700_000_000;

    const header = stripeSignature(payload, secret, timestamp);

    expect(header).toBe(stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }));
  });

  it('does not verify with another secret or a changed body', () => {
    const header = stripeSignature(payload, secret);

    expect(() => stripe.webhooks.constructEvent(payload, header, 'whsec_other', 300)).toThrow();
    expect(() =>
      stripe.webhooks.constructEvent(payload.replace('cs_test_1', 'cs_test_2'), header, secret, 300),
    ).toThrow();
  });

  it('refuses a timestamp that is not whole seconds', () => {
    expect(() => stripeSignature(payload, secret, 1.5)).toThrow(RangeError);
  });
});
