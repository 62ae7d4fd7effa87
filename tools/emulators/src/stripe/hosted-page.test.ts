import type Stripe from 'stripe';
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

interface CardFields {
  cardNumber?: string;
  expiry?: string;
  cvc?: string;
  cardholderName?: string;
  email?: string;
}

const VALID_FIELDS: Required<Omit<CardFields, 'email'>> = {
  cardNumber: '4242 4242 4242 4242',
  expiry: '12 / 34',
  cvc: '123',
  cardholderName: 'Ada Lovelace',
};

/** Submits the hosted page's form as a browser would (form-encoded POST, redirects not followed). */
async function submitCard(checkoutUrl: string, fields: CardFields): Promise<Response> {
  return fetch(checkoutUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...VALID_FIELDS, ...fields } as Record<string, string>).toString(),
    redirect: 'manual',
  });
}

async function openSession(
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Promise<Stripe.Checkout.Session & { url: string }> {
  const session = await stripe.checkout.sessions.create(sessionParams(overrides));
  if (!session.url) throw new Error('session without url');
  return session as Stripe.Checkout.Session & { url: string };
}

describe('the hosted checkout page', () => {
  it('shows the order and an accessible card form with a Pay button for the total', async () => {
    const session = await openSession();

    const response = await fetch(session.url);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('<html lang="en">');
    expect(html).toMatch(/<h1[^>]*>/);
    expect(html).toContain('Standing ticket');
    expect(html).toMatch(/<form method="post" action="\/checkout\/cs_test_\w+">/);
    for (const [id, label] of [
      ['cardNumber', 'Card number'],
      ['expiry', 'Expiry date'],
      ['cvc', 'CVC'],
      ['cardholderName', 'Cardholder name'],
    ]) {
      expect(html).toContain(`<label for="${id}">${label}</label>`);
      expect(html).toContain(`id="${id}" name="${id}"`);
    }
    expect(html).toContain('<button type="submit" class="pay">Pay €12.34</button>');
    expect(html).toContain(`href="http://localhost:5173/orders/${ORDER_ID}?cancelled=1"`);
    expect(html).not.toContain('role="alert"');
  });

  it('asks for an email only when the session has none', async () => {
    const withEmail = await openSession();
    const withoutEmail = await openSession({ customer_email: undefined });

    const known = await (await fetch(withEmail.url)).text();
    const asked = await (await fetch(withoutEmail.url)).text();

    expect(known).toContain('buyer@example.com');
    expect(known).not.toContain('<label for="email">');
    expect(asked).toContain('<label for="email">Email</label>');
  });

  it('escapes what the merchant sent (product names) instead of rendering it as HTML', async () => {
    const session = await openSession({
      line_items: [
        {
          quantity: 1,
          price_data: { currency: 'eur', unit_amount: 1000, product_data: { name: '<script>alert(1)</script>' } },
        },
      ],
    });

    const html = await (await fetch(session.url)).text();

    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('answers 404 with a page for an unknown session', async () => {
    const response = await fetch(`${emulator.url}/checkout/cs_test_missing`);

    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Checkout not found');
  });
});

describe('paying on the hosted page', () => {
  it('pays with 4242 4242 4242 4242: redirects to the success URL and completes the session', async () => {
    const session = await openSession();

    const response = await submitCard(session.url, { cardNumber: '4242 4242 4242 4242' });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`http://localhost:5173/orders/${ORDER_ID}?session_id=${session.id}`);
    const paid = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(paid).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
      customer_details: { email: 'buyer@example.com', name: 'Ada Lovelace' },
    });
    expect(paid.payment_intent).toMatchObject({
      status: 'succeeded',
      amount: 1234,
      latest_charge: expect.stringMatching(/^ch_/),
    });
    expect(emulator.events().map((record) => record.event.type)).toEqual(['checkout.session.completed']);
  });

  it.each([
    ['4000 0000 0000 0002', 'Your card was declined.'],
    ['4000 0000 0000 9995', 'Your card has insufficient funds.'],
    ['4000 0000 0000 0000', 'Your card number is invalid.'],
    ['1234 5678 9012 3456', 'Your card number is invalid.'],
  ])('refuses %s with "%s" in an alert and keeps the session open for a retry', async (cardNumber, message) => {
    const session = await openSession();

    const declined = await submitCard(session.url, { cardNumber });
    const html = await declined.text();
    const retry = await submitCard(session.url, { cardNumber: '4242424242424242' });

    expect(declined.status).toBe(402);
    expect(html).toContain(`<div class="alert" role="alert" id="payment-error">${message.replace("'", '&#39;')}</div>`);
    expect(html).toContain('value="Ada Lovelace"');
    expect(html).toMatch(/id="cardNumber"[^>]*value=""/);
    expect(retry.status).toBe(303);
    expect(emulator.events().map((record) => record.event.type)).toEqual(['checkout.session.completed']);
  });

  it('points out missing or invalid fields next to each field without charging', async () => {
    const session = await openSession();

    const response = await submitCard(session.url, {
      cardNumber: '',
      expiry: '13 / 30',
      cvc: '1',
      cardholderName: ' ',
    });
    const html = await response.text();

    expect(response.status).toBe(422);
    expect(html).toContain('role="alert"');
    expect(html).toContain('<p class="field-error" id="cardNumber-error">Your card number is incomplete.</p>');
    expect(html).toContain('<p class="field-error" id="expiry-error">Your card&#39;s expiration date is invalid.</p>');
    expect(html).toContain('<p class="field-error" id="cvc-error">Your card&#39;s security code is incomplete.</p>');
    expect(html).toContain('<p class="field-error" id="cardholderName-error">Enter the name on your card.</p>');
    expect(html).toMatch(/id="cvc" [^>]*aria-invalid="true" aria-describedby="cvc-hint cvc-error"/);
    expect(emulator.session(session.id).status).toBe('open');
  });

  it('refuses an expiry date in the past', async () => {
    const session = await openSession();

    const html = await (await submitCard(session.url, { expiry: '01 / 20' })).text();

    expect(html).toContain('Your card&#39;s expiration year is in the past.');
  });

  it('requires a valid email when the session has none, and records it on the session', async () => {
    const session = await openSession({ customer_email: undefined });

    const missing = await submitCard(session.url, { email: 'nope' });
    const paid = await submitCard(session.url, { email: 'ada@example.com' });

    expect(missing.status).toBe(422);
    expect(paid.status).toBe(303);
    expect(emulator.session(session.id).customer_details).toMatchObject({ email: 'ada@example.com' });
  });

  it('says so on an expired session, links back to the shop and takes no payment', async () => {
    const session = await openSession();
    await stripe.checkout.sessions.expire(session.id);

    const page = await (await fetch(session.url)).text();
    const attempt = await submitCard(session.url, {});

    expect(page).toContain('This checkout session has expired');
    expect(page).toContain(`href="http://localhost:5173/orders/${ORDER_ID}?cancelled=1"`);
    expect(attempt.status).toBe(409);
    expect(emulator.session(session.id).payment_status).toBe('unpaid');
  });

  it('shows a paid session as complete and does not charge a second submission', async () => {
    const session = await openSession();
    await submitCard(session.url, {});

    const page = await (await fetch(session.url)).text();
    const again = await submitCard(session.url, {});

    expect(page).toContain('Payment complete');
    expect(page).toContain(`?session_id=${session.id}`);
    expect(again.status).toBe(409);
    expect(emulator.events({ type: 'checkout.session.completed' })).toHaveLength(1);
  });
});
