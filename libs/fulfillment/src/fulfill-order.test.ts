import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedTables, type IsolatedTables } from '@tth/data/testing';
import { createLogger } from '@tth/runtime';
import { fulfillOrder, type FulfillmentDeps } from './fulfill-order';
import { recordingFulfillmentMetrics } from './metrics';
import { FULFILLMENT_FAILED_REASON, FulfillmentOrderStore } from './order-store';
import { ProviderError, type FulfillmentProviderClient } from './provider-client';
import { rejected, scriptedProvider, unavailable } from './testing/fake-provider';
import { createPaidOrder, pendingOrder, putOrder } from './testing/paid-orders';

describe('fulfillOrder', () => {
  let db: IsolatedTables;
  let store: FulfillmentOrderStore;

  beforeAll(async () => {
    db = await createIsolatedTables('fulfill-order');
    store = new FulfillmentOrderStore(db.clients.doc, db.tableNames.Orders);
  });
  afterAll(() => db?.cleanup());

  function deps(provider: FulfillmentProviderClient, maxAttempts = 3) {
    const metrics = recordingFulfillmentMetrics();
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({
      service: 'test',
      level: 'DEBUG',
      sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    const value: FulfillmentDeps = { orders: store, provider, metrics, clock: () => new Date(), maxAttempts };
    return { deps: value, metrics, lines, context: { logger, correlationId: 'corr-test' } };
  }

  it('moves a PAID order to FULFILLED with one ticket per seat, named as on the order', async () => {
    // Arrange
    const order = await createPaidOrder(db, {
      lines: [
        { ticketTypeId: 'floor', name: 'Floor', quantity: 2 },
        { ticketTypeId: 'balcony', name: 'Balcony', quantity: 1 },
      ],
    });
    const provider = scriptedProvider(['issue']);
    const { deps: fulfillment, metrics, context } = deps(provider);

    // Act
    const outcome = await fulfillOrder(fulfillment, order.orderId, context);

    // Assert
    expect(outcome).toEqual({ kind: 'fulfilled', ticketCount: 3, replayed: false });
    const stored = await store.get(order.orderId);
    expect(stored).toMatchObject({ status: 'FULFILLED', fulfillmentAttempts: 1, fulfillmentIssuanceId: 'iss_1' });
    expect(stored?.statusReason).toBeUndefined();
    expect(stored?.tickets?.map((ticket) => [ticket.ticketTypeId, ticket.ticketTypeName])).toEqual([
      ['floor', 'Floor'],
      ['floor', 'Floor'],
      ['balcony', 'Balcony'],
    ]);
    expect(provider.calls).toEqual([
      {
        orderId: order.orderId,
        eventId: order.eventId,
        items: [
          { ticketTypeId: 'floor', quantity: 2 },
          { ticketTypeId: 'balcony', quantity: 1 },
        ],
      },
    ]);
    expect(metrics.totals).toEqual({ OrdersFulfilled: 1, FulfillmentFailed: 0, FulfillmentRetried: 0 });
  });

  it('logs every step as JSON with the order id and the correlation id', async () => {
    // Arrange
    const order = await createPaidOrder(db);
    const { deps: fulfillment, lines, context } = deps(scriptedProvider(['issue']));

    // Act
    await fulfillOrder(fulfillment, order.orderId, context);

    // Assert
    expect(lines.map((line) => line['message'])).toEqual([
      'Order PAID → FULFILLING',
      'Calling the fulfillment provider',
      'Order FULFILLING → FULFILLED',
    ]);
    for (const line of lines) expect(line).toMatchObject({ orderId: order.orderId, correlationId: 'corr-test' });
  });

  it('does nothing for an order that is already FULFILLED', async () => {
    // Arrange
    const order = await createPaidOrder(db);
    const provider = scriptedProvider(['issue']);
    await fulfillOrder(deps(provider).deps, order.orderId, deps(provider).context);

    // Act
    const again = await fulfillOrder(deps(provider).deps, order.orderId, deps(provider).context);

    // Assert
    expect(again).toEqual({ kind: 'already-fulfilled' });
    expect(provider.calls).toHaveLength(1);
  });

  it('leaves the order FULFILLING with the attempt counted when the provider fails with attempts left', async () => {
    // Arrange
    const order = await createPaidOrder(db);
    const { deps: fulfillment, metrics, context } = deps(scriptedProvider([unavailable()]));

    // Act
    const outcome = await fulfillOrder(fulfillment, order.orderId, context);

    // Assert
    expect(outcome).toMatchObject({ kind: 'retry-later', attempt: 1, error: { kind: 'http', httpStatus: 503 } });
    expect(await store.get(order.orderId)).toMatchObject({
      status: 'FULFILLING',
      fulfillmentAttempts: 1,
      fulfillmentLastError: { httpStatus: 503 },
    });
    expect(metrics.totals.FulfillmentFailed).toBe(0);
  });

  it('resumes a FULFILLING order with the same idempotency key and completes it', async () => {
    // Arrange
    const order = await createPaidOrder(db);
    const provider = scriptedProvider([unavailable(), 'issue']);
    const first = deps(provider);
    await fulfillOrder(first.deps, order.orderId, first.context);
    const second = deps(provider);

    // Act
    const outcome = await fulfillOrder(second.deps, order.orderId, second.context);

    // Assert
    expect(outcome).toMatchObject({ kind: 'fulfilled' });
    expect(provider.calls.map((call) => call.orderId)).toEqual([order.orderId, order.orderId]);
    expect(await store.get(order.orderId)).toMatchObject({ status: 'FULFILLED', fulfillmentAttempts: 2 });
    expect(second.metrics.totals).toMatchObject({ OrdersFulfilled: 1, FulfillmentRetried: 1 });
  });

  it('marks the order FULFILLMENT_FAILED when the last attempt fails', async () => {
    // Arrange
    const order = await createPaidOrder(db);
    const provider = scriptedProvider([unavailable()]);
    const runs = [deps(provider, 2), deps(provider, 2)];

    // Act
    const outcomes = [];
    for (const run of runs) outcomes.push(await fulfillOrder(run.deps, order.orderId, run.context));

    // Assert
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['retry-later', 'failed']);
    expect(outcomes[1]).toMatchObject({ now: true });
    const stored = await store.get(order.orderId);
    expect(stored).toMatchObject({
      status: 'FULFILLMENT_FAILED',
      statusReason: FULFILLMENT_FAILED_REASON,
      fulfillmentAttempts: 2,
      fulfillmentLastError: { kind: 'http', httpStatus: 503 },
    });
    expect(runs[1]?.metrics.totals.FulfillmentFailed).toBe(1);
  });

  it('fails the order at once when the provider refuses it (4xx), without further attempts', async () => {
    // Arrange
    const order = await createPaidOrder(db);
    const provider = scriptedProvider([rejected(422), 'issue']);
    const { deps: fulfillment, lines, context } = deps(provider, 5);

    // Act
    const outcome = await fulfillOrder(fulfillment, order.orderId, context);

    // Assert
    expect(outcome).toMatchObject({ kind: 'failed', now: true, error: { httpStatus: 422 } });
    expect(await store.get(order.orderId)).toMatchObject({ status: 'FULFILLMENT_FAILED', fulfillmentAttempts: 1 });
    expect(lines.find((line) => line['level'] === 'ERROR')).toMatchObject({
      alert: 'FulfillmentFailed',
      orderId: order.orderId,
    });
  });

  it('reports an order that is already FULFILLMENT_FAILED without calling the provider', async () => {
    // Arrange
    const order = await createPaidOrder(db);
    const provider = scriptedProvider([rejected(400)]);
    await fulfillOrder(deps(provider).deps, order.orderId, deps(provider).context);

    // Act
    const outcome = await fulfillOrder(deps(provider).deps, order.orderId, deps(provider).context);

    // Assert
    expect(outcome).toMatchObject({ kind: 'failed', now: false });
    expect(provider.calls).toHaveLength(1);
  });

  it('fails an order whose attempts were all used up by workers that died mid-call', async () => {
    // Arrange
    const order = pendingOrder();
    await putOrder(db, { ...order, status: 'FULFILLING', fulfillmentAttempts: 3 });
    const provider = scriptedProvider(['issue']);
    const { deps: fulfillment, context } = deps(provider, 3);

    // Act
    const outcome = await fulfillOrder(fulfillment, order.orderId, context);

    // Assert
    expect(outcome).toMatchObject({ kind: 'failed', now: true, error: { kind: 'exhausted' } });
    expect(provider.calls).toHaveLength(0);
  });

  it.each(['PENDING_PAYMENT', 'REFUNDED', 'CANCELLED'] as const)('leaves a %s order alone', async (status) => {
    // Arrange
    const order = pendingOrder();
    await putOrder(db, { ...order, status });
    const provider = scriptedProvider(['issue']);

    // Act
    const outcome = await fulfillOrder(deps(provider).deps, order.orderId, deps(provider).context);

    // Assert
    expect(outcome).toEqual({ kind: 'not-applicable', status });
    expect(provider.calls).toHaveLength(0);
    expect((await store.get(order.orderId))?.status).toBe(status);
  });

  it('reports an unknown order as not found', async () => {
    // Arrange
    const provider = scriptedProvider(['issue']);

    // Act
    const outcome = await fulfillOrder(deps(provider).deps, 'ord_0000000000000000000000NONE', deps(provider).context);

    // Assert
    expect(outcome).toEqual({ kind: 'not-found' });
  });

  it('stores one set of tickets when two workers fulfil the same order at once', async () => {
    // Arrange
    const order = await createPaidOrder(db);
    const provider = scriptedProvider(['issue']);
    const [a, b] = [deps(provider), deps(provider)];

    // Act
    const outcomes = await Promise.all([
      fulfillOrder(a.deps, order.orderId, a.context),
      fulfillOrder(b.deps, order.orderId, b.context),
    ]);

    // Assert
    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(expect.arrayContaining(['fulfilled']));
    expect(outcomes.every((outcome) => outcome.kind === 'fulfilled' || outcome.kind === 'already-fulfilled')).toBe(
      true,
    );
    expect(provider.issuances.size).toBe(1);
    const stored = await store.get(order.orderId);
    expect(stored?.status).toBe('FULFILLED');
    expect(stored?.tickets).toHaveLength(2);
    expect(a.metrics.totals.OrdersFulfilled + b.metrics.totals.OrdersFulfilled).toBe(1);
  });

  it('does not store tickets on an order that was refunded while the provider was issuing them', async () => {
    // Arrange
    const order = await createPaidOrder(db);
    const provider = scriptedProvider([
      async (request) => {
        await putOrder(db, { ...(await store.get(order.orderId))!, status: 'REFUNDED' });
        return {
          issuanceId: 'iss_late',
          orderId: request.orderId,
          replayed: false,
          tickets: [
            { code: 'LATE-1', ticketTypeId: 'general' },
            { code: 'LATE-2', ticketTypeId: 'general' },
          ],
        };
      },
    ]);
    const { deps: fulfillment, lines, context } = deps(provider);

    // Act
    const outcome = await fulfillOrder(fulfillment, order.orderId, context);

    // Assert
    expect(outcome).toEqual({ kind: 'not-applicable', status: 'REFUNDED' });
    expect((await store.get(order.orderId))?.tickets).toBeUndefined();
    expect(lines.find((line) => line['level'] === 'ERROR')).toMatchObject({
      alert: 'FulfillmentOrphanedIssuance',
      issuanceId: 'iss_late',
    });
  });

  it('lets unexpected errors through for the caller to retry', async () => {
    // Arrange
    const order = await createPaidOrder(db);
    const provider = scriptedProvider([
      async () => {
        throw new TypeError('bug');
      },
    ]);

    // Act
    const attempt = fulfillOrder(deps(provider).deps, order.orderId, deps(provider).context);

    // Assert
    await expect(attempt).rejects.toThrow('bug');
    expect(await store.get(order.orderId)).toMatchObject({ status: 'FULFILLING', fulfillmentAttempts: 1 });
  });

  it('never sends a provider message as the buyer-facing reason', async () => {
    // Arrange
    const order = await createPaidOrder(db);
    const provider = scriptedProvider([
      new ProviderError('Fulfillment provider answered HTTP 401', 'http', false, 401),
    ]);

    // Act
    await fulfillOrder(deps(provider).deps, order.orderId, deps(provider).context);

    // Assert
    const stored = await store.get(order.orderId);
    expect(stored?.statusReason).toBe(FULFILLMENT_FAILED_REASON);
    expect(stored?.statusReason).not.toMatch(/401|provider/i);
  });
});
