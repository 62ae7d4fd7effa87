import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionParams, stripeClientFor } from '../testing/stripe-fixtures';
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

/** Pays `count` sessions, `secondsApart` of emulated time between them; returns the PaymentIntent ids, oldest first. */
async function payments(count: number, secondsApart = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const session = await stripe.checkout.sessions.create(sessionParams());
    const attempt = emulator.pay(session.id);
    if (attempt.outcome !== 'paid') throw new Error(`payment ${index} was not taken`);
    ids.push(attempt.paymentIntent.id);
    if (secondsApart > 0) emulator.advanceClock(secondsApart);
  }
  return ids;
}

async function rejectionOf(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('listing PaymentIntents', () => {
  it('pages newest first with limit, starting_after and has_more', async () => {
    // Arrange
    const oldestFirst = await payments(5);

    // Act
    const first = await stripe.paymentIntents.list({ limit: 2 });
    const second = await stripe.paymentIntents.list({ limit: 2, starting_after: first.data.at(-1)?.id ?? '' });
    const last = await stripe.paymentIntents.list({ limit: 2, starting_after: second.data.at(-1)?.id ?? '' });
    const back = await stripe.paymentIntents.list({ limit: 2, ending_before: last.data[0]?.id ?? '' });

    // Assert
    const newestFirst = [...oldestFirst].reverse();
    expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/payment_intents' });
    expect([first, second, last].map((page) => page.data.map((intent) => intent.id))).toEqual([
      newestFirst.slice(0, 2),
      newestFirst.slice(2, 4),
      newestFirst.slice(4),
    ]);
    expect([second.has_more, last.has_more]).toEqual([true, false]);
    expect(back.data.map((intent) => intent.id)).toEqual(newestFirst.slice(2, 4));
    expect(back.has_more).toBe(true);
  });

  it('filters by created (gte / lt, or one exact second), and the SDK auto-pagination walks every page', async () => {
    // Arrange: a frozen Stripe clock, so seconds pass only when the test says so
    await emulator.close();
    const frozen = Date.now();
    emulator = await startStripeEmulator({ port: 0, now: () => frozen });
    stripe = stripeClientFor(emulator);
    const early = await payments(3, 60);
    const recent = await payments(4);
    const startOfRecent = Math.floor(frozen / 1000) + 180;

    // Act
    const walked: string[] = [];
    for await (const intent of stripe.paymentIntents.list({ created: { gte: startOfRecent }, limit: 1 }))
      walked.push(intent.id);
    const before = await stripe.paymentIntents.list({ created: { lt: startOfRecent }, limit: 100 });
    const exact = await stripe.paymentIntents.list({ created: startOfRecent - 120, limit: 100 });

    // Assert
    expect(walked).toEqual([...recent].reverse());
    expect(before.data.map((intent) => intent.id)).toEqual([...early].reverse());
    expect(exact.data.map((intent) => intent.id)).toEqual([early[1]]);
  });

  it('refuses a cursor that names no PaymentIntent, and an unknown created operator', async () => {
    await payments(1);

    const unknownCursor = await rejectionOf(stripe.paymentIntents.list({ starting_after: 'pi_nope' }));
    const badRange = await rejectionOf(
      stripe.paymentIntents.list({ created: { after: 5 } } as unknown as Stripe.PaymentIntentListParams),
    );
    const tooMany = await rejectionOf(stripe.paymentIntents.list({ limit: 101 }));

    expect(unknownCursor).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'starting_after' });
    expect(badRange).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'created[after]' });
    expect(tooMany).toMatchObject({ statusCode: 400, param: 'limit' });
  });
});

describe('listing refunds', () => {
  it('lists refunds newest first, by created, charge or PaymentIntent, and auto-paginates', async () => {
    // Arrange: three payments, one refunded in two parts, one in full
    const [first = '', second = '', third = ''] = await payments(3);
    const partA = await stripe.refunds.create({ payment_intent: first, amount: 200 });
    emulator.advanceClock(120);
    const partB = await stripe.refunds.create({ payment_intent: first, amount: 300 });
    const full = await stripe.refunds.create({ payment_intent: third });

    // Act
    const all: string[] = [];
    for await (const refund of stripe.refunds.list({ limit: 1 })) all.push(refund.id);
    const recent = await stripe.refunds.list({ created: { gte: partB.created } });
    const ofFirst = await stripe.refunds.list({ payment_intent: first });
    const ofThirdCharge = await stripe.refunds.list({ charge: full.charge as string });
    const ofSecond = await stripe.refunds.list({ payment_intent: second });

    // Assert
    expect(all).toEqual([full.id, partB.id, partA.id]);
    expect(recent.data.map((refund) => refund.id)).toEqual([full.id, partB.id]);
    expect(ofFirst.data.map((refund) => refund.id)).toEqual([partB.id, partA.id]);
    expect(ofThirdCharge.data).toEqual([expect.objectContaining({ id: full.id, amount: 1234, status: 'succeeded' })]);
    expect(ofSecond).toMatchObject({ data: [], has_more: false, url: '/v1/refunds' });
  });
});

describe('listing events by created', () => {
  it('applies created[gte] to events, as Stripe does', async () => {
    await payments(1);
    emulator.advanceClock(300);
    await payments(1);
    const newest = (await stripe.events.list({ limit: 1 })).data[0];

    const recent = await stripe.events.list({ created: { gte: newest?.created ?? 0 } });

    expect(recent.data.map((event) => event.id)).toEqual([newest?.id]);
  });
});
