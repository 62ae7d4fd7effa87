import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionParams, stripeClientFor } from '../testing/stripe-fixtures';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver';
import { startStripeEmulator, type StripeEmulator } from './emulator';

let emulator: StripeEmulator;
let receiver: WebhookReceiver;
let stripe: Stripe;

beforeEach(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startStripeEmulator({ port: 0, webhookRetry: { maxAttempts: 2, baseDelayMs: 1 } });
  stripe = stripeClientFor(emulator);
});

afterEach(async () => {
  await emulator.close();
  await receiver.close();
});

async function control(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${emulator.url}/_control/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function createSession(): Promise<string> {
  return (await stripe.checkout.sessions.create(sessionParams())).id;
}

describe('the control API over HTTP', () => {
  it('reports health', async () => {
    const response = await fetch(`${emulator.url}/_health`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('pays a session with a test card: 402 for a declined card, then 200 for 4242', async () => {
    const sessionId = await createSession();

    const declined = await control('POST', `sessions/${sessionId}/pay`, { card: '4000 0000 0000 0002' });
    const paid = await control('POST', `sessions/${sessionId}/pay`, {});

    expect(declined).toMatchObject({
      status: 402,
      json: {
        outcome: 'declined',
        code: 'card_declined',
        declineCode: 'generic_decline',
        message: 'Your card was declined.',
      },
    });
    expect(paid).toMatchObject({
      status: 200,
      json: {
        outcome: 'paid',
        session: { id: sessionId, status: 'complete', payment_status: 'paid' },
        event: { type: 'checkout.session.completed' },
      },
    });
    expect((await stripe.checkout.sessions.retrieve(sessionId)).payment_status).toBe('paid');
  });

  it('expires a session and fires async_payment_failed on another', async () => {
    const [toExpire, toFail] = [await createSession(), await createSession()];

    const expired = await control('POST', `sessions/${toExpire}/expire`);
    const failed = await control('POST', `sessions/${toFail}/async-payment-failed`);
    const events = await control('GET', 'events');

    expect(expired).toMatchObject({ status: 200, json: { id: toExpire, status: 'expired' } });
    expect(failed).toMatchObject({ status: 200, json: { session: { id: toFail, payment_status: 'unpaid' } } });
    expect((events.json['data'] as { event: { type: string } }[]).map((record) => record.event.type)).toEqual([
      'checkout.session.expired',
      'checkout.session.completed',
      'checkout.session.async_payment_failed',
    ]);
  });

  it('points webhooks at an endpoint, pauses, releases in reverse and duplicates, with delivery records', async () => {
    await control('PUT', 'webhooks/endpoint', { url: receiver.url });
    const sessions = [await createSession(), await createSession()];
    await control('POST', 'webhooks/pause');
    for (const sessionId of sessions) await control('POST', `sessions/${sessionId}/expire`);
    const queued = await control('GET', 'webhooks');

    const released = await control('POST', 'webhooks/release', { order: 'reverse' });
    const eventIds = (queued.json['queued'] as string[]).slice();
    const duplicated = await control('POST', `events/${eventIds[0]}/duplicate`, { copies: 3 });
    const record = await control('GET', `events/${eventIds[0]}`);

    expect(queued.json).toMatchObject({ paused: true, url: receiver.url });
    expect(eventIds).toHaveLength(2);
    expect((released.json['deliveries'] as { eventId: string }[]).map((delivery) => delivery.eventId)).toEqual([
      eventIds[1],
      eventIds[0],
    ]);
    expect((duplicated.json['deliveries'] as unknown[]).length).toBe(3);
    expect(receiver.eventIds()).toEqual([eventIds[1], eventIds[0], eventIds[0], eventIds[0], eventIds[0]]);
    expect(record.json).toMatchObject({
      event: { id: eventIds[0] },
      deliveries: expect.arrayContaining([expect.objectContaining({ trigger: 'duplicate', status: 'succeeded' })]),
    });
  });

  it('advances the clock so open sessions expire, and resets everything', async () => {
    const sessionId = await createSession();

    const advanced = await control('POST', 'clock/advance', { seconds: 60 * 60 });
    const afterAdvance = await control('GET', `sessions/${sessionId}`);
    const reset = await control('POST', 'reset');
    const sessions = await control('GET', 'sessions');

    expect(advanced.status).toBe(200);
    expect(afterAdvance.json).toMatchObject({ status: 'expired' });
    expect(reset.status).toBe(200);
    expect(sessions.json).toEqual({ data: [] });
    expect(emulator.events()).toEqual([]);
  });

  it('answers bad control requests with 4xx and a message', async () => {
    const unknownSession = await control('POST', 'sessions/cs_test_missing/pay', {});
    const badJson = await control('POST', 'webhooks/release', '{not json');
    const badOrder = await control('POST', 'webhooks/release', { order: 42 });
    const badCopies = await control('POST', 'events/evt_missing/duplicate', { copies: 'many' });
    const noEndpoint = await control('GET', 'nothing-here');
    const redeliverWithoutWebhook = await control('POST', `events/${await expiredEventId()}/redeliver`);

    expect(unknownSession).toMatchObject({ status: 404, json: { error: { code: 'resource_missing' } } });
    expect(badJson).toMatchObject({ status: 400, json: { error: { message: 'The body must be JSON' } } });
    expect(badOrder.status).toBe(400);
    expect(badCopies.status).toBe(400);
    expect(noEndpoint.status).toBe(404);
    expect(redeliverWithoutWebhook).toMatchObject({
      status: 409,
      json: { error: { message: 'No webhook endpoint is configured' } },
    });
  });

  async function expiredEventId(): Promise<string> {
    const sessionId = await createSession();
    await stripe.checkout.sessions.expire(sessionId);
    return emulator.events()[0]!.event.id;
  }
});
