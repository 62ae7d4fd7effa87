import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Schemas } from '@tth/contracts';
import { startStripeEmulator, type StripeEmulator } from '@tth/emulators';
import { orderBody, startOrdersStack, type OrdersStack } from './orders-stack';

type Created = Schemas['CreateOrderResponse'];
type ErrorBody = Schemas['Error'];

let emulator: StripeEmulator;
let stack: OrdersStack;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  stack = await startOrdersStack({
    name: 'orders-concurrency',
    stripeApiBase: emulator.url,
    events: [
      { eventId: 'rush-hour', ticketTypes: [{ ticketTypeId: 'general', price: 3500, capacity: 50, maxPerOrder: 10 }] },
      {
        eventId: 'calm-evening',
        ticketTypes: [{ ticketTypeId: 'general', price: 2000, capacity: 100, maxPerOrder: 10 }],
      },
    ],
  });
});
afterAll(async () => {
  await stack?.close();
  await emulator?.close();
});

const createOrder = (key: string, body: string) =>
  stack.call<Created | ErrorBody>('createOrder', 'POST', '/orders', {
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body,
  });

describe('POST /orders under concurrency', () => {
  it('sells exactly 50 of 50 seats to 300 concurrent buyers and answers everyone else 409 SOLD_OUT', async () => {
    const runId = Date.now().toString(36);

    const replies = await Promise.all(
      Array.from({ length: 300 }, (_, buyer) =>
        createOrder(`rush-${runId}-${buyer}`, orderBody('rush-hour', 'general', 1, buyer)),
      ),
    );

    const created = replies.filter((reply) => reply.status === 201);
    const soldOut = replies.filter(
      (reply) => reply.status === 409 && (reply.body as ErrorBody).error.code === 'SOLD_OUT',
    );
    expect(created).toHaveLength(50);
    expect(soldOut).toHaveLength(250);
    expect(soldOut.every((reply) => (reply.body as ErrorBody).error.details?.[0]?.ticketTypeId === 'general')).toBe(
      true,
    );
    expect(await stack.availability('rush-hour', 'general')).toBe(0);
    expect(await stack.count('Orders')).toBe(50);
    const sessionIds = new Set(
      emulator
        .sessions()
        .filter((session) => session.metadata['orderId'])
        .map((session) => session.id),
    );
    expect(sessionIds.size).toBe(50);
    expect(stack.api.contractViolations).toEqual([]);
    // 300 full order flows (DynamoDB transactions, 50 Checkout Sessions) on two shared cores: a
    // budget for a busy machine; this test proves exactness, speed is the bench's business.
  }, 120_000);

  it('turns one Idempotency-Key sent 20 times at once into one order, one Checkout Session and 20 identical answers', async () => {
    const key = `same-key-${Date.now().toString(36)}`;
    const body = orderBody('calm-evening', 'general', 3, 7);
    const ordersBefore = await stack.count('Orders');
    const sessionsBefore = emulator.sessions().length;

    const replies = await Promise.all(Array.from({ length: 20 }, () => createOrder(key, body)));

    expect(replies.map((reply) => reply.status)).toEqual(Array.from({ length: 20 }, () => 201));
    expect(new Set(replies.map((reply) => JSON.stringify(reply.body))).size).toBe(1);
    expect((await stack.count('Orders')) - ordersBefore).toBe(1);
    expect(emulator.sessions().length - sessionsBefore).toBe(1);
    expect(await stack.availability('calm-evening', 'general')).toBe(97);
  });

  it('answers 409 IDEMPOTENCY_KEY_REUSED when the key comes back with a changed body, creating nothing', async () => {
    const key = `reused-key-${Date.now().toString(36)}`;
    const first = await createOrder(key, orderBody('calm-evening', 'general', 1, 8));
    const ordersBefore = await stack.count('Orders');

    const changed = await createOrder(key, orderBody('calm-evening', 'general', 2, 8));

    expect(first.status).toBe(201);
    expect(changed.status).toBe(409);
    expect((changed.body as ErrorBody).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await stack.count('Orders')).toBe(ordersBefore);
  });
});
