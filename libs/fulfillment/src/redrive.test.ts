import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedTables, type IsolatedTables } from '@tth/data/testing';
import { createLogger, silentLogger } from '@tth/runtime';
import { FulfillmentOrderStore } from './order-store';
import { parseRedriveRequest, redriveFailedOrders, RedriveRequestError } from './redrive';
import { pendingOrder, putOrder } from './testing/paid-orders';

describe('redriveFailedOrders', () => {
  let db: IsolatedTables;
  let store: FulfillmentOrderStore;

  beforeAll(async () => {
    db = await createIsolatedTables('redrive');
    store = new FulfillmentOrderStore(db.clients.doc, db.tableNames.Orders);
  });
  afterAll(() => db?.cleanup());

  async function failedOrder(redrives?: number): Promise<string> {
    const order = pendingOrder();
    await putOrder(db, {
      ...order,
      status: 'FULFILLMENT_FAILED',
      statusDueAt: new Date().toISOString(),
      statusReason: 'tickets delayed',
      fulfillmentAttempts: 3,
      ...(redrives ? { fulfillmentRedrives: redrives } : {}),
    });
    return order.orderId;
  }

  it('re-queues chosen failed orders to FULFILLING with a fresh attempt budget and a redrive count', async () => {
    // Arrange
    const first = await failedOrder();
    const second = await failedOrder(1);

    // Act
    const result = await redriveFailedOrders(
      { orders: store, clock: () => new Date(), logger: silentLogger },
      { orderIds: [first, second] },
    );

    // Assert
    expect(result).toMatchObject({ dryRun: false, requeued: [first, second], skipped: [], more: false });
    expect(await store.get(first)).toMatchObject({
      status: 'FULFILLING',
      fulfillmentAttempts: 0,
      fulfillmentRedrives: 1,
    });
    expect(await store.get(second)).toMatchObject({
      status: 'FULFILLING',
      fulfillmentAttempts: 0,
      fulfillmentRedrives: 2,
    });
    expect((await store.get(first))?.statusReason).toBeUndefined();
  });

  it('skips orders that are not FULFILLMENT_FAILED (or do not exist) and leaves them untouched', async () => {
    // Arrange
    const fulfilled = pendingOrder();
    await putOrder(db, { ...fulfilled, status: 'FULFILLED' });
    const failed = await failedOrder();
    await redriveFailedOrders({ orders: store, clock: () => new Date(), logger: silentLogger }, { orderIds: [failed] });

    // Act
    const result = await redriveFailedOrders(
      { orders: store, clock: () => new Date(), logger: silentLogger },
      { orderIds: [fulfilled.orderId, failed, 'ord_0000000000000000000000NONE'] },
    );

    // Assert
    expect(result.requeued).toEqual([]);
    expect(result.skipped).toEqual([
      { orderId: fulfilled.orderId, reason: 'not-failed', status: 'FULFILLED' },
      { orderId: failed, reason: 'not-failed', status: 'FULFILLING' },
      { orderId: 'ord_0000000000000000000000NONE', reason: 'not-found' },
    ]);
    expect(await store.get(failed)).toMatchObject({ fulfillmentRedrives: 1 });
  });

  it('finds every failed order through the status index when none are named, page by page', async () => {
    // Arrange
    const isolated = await createIsolatedTables('redrive-all');
    const isolatedStore = new FulfillmentOrderStore(isolated.clients.doc, isolated.tableNames.Orders);
    const failedIds: string[] = [];
    for (let index = 0; index < 7; index++) {
      const order = pendingOrder();
      await putOrder(isolated, {
        ...order,
        status: 'FULFILLMENT_FAILED',
        statusDueAt: new Date(Date.now() + index).toISOString(),
      });
      failedIds.push(order.orderId);
    }
    const paid = pendingOrder();
    await putOrder(isolated, { ...paid, status: 'PAID' });

    try {
      // Act
      const firstRun = await redriveFailedOrders(
        { orders: isolatedStore, clock: () => new Date(), logger: silentLogger },
        { limit: 5 },
      );
      const secondRun = await redriveFailedOrders(
        { orders: isolatedStore, clock: () => new Date(), logger: silentLogger },
        { limit: 5 },
      );

      // Assert
      expect(firstRun.requeued).toHaveLength(5);
      expect(firstRun.more).toBe(true);
      expect(secondRun.requeued).toHaveLength(2);
      expect(secondRun.more).toBe(false);
      expect([...firstRun.requeued, ...secondRun.requeued].sort()).toEqual([...failedIds].sort());
      expect((await isolatedStore.get(paid.orderId))?.status).toBe('PAID');
    } finally {
      await isolated.cleanup();
    }
  });

  it('changes nothing in a dry run', async () => {
    // Arrange
    const failed = await failedOrder();

    // Act
    const result = await redriveFailedOrders(
      { orders: store, clock: () => new Date(), logger: silentLogger },
      { orderIds: [failed], dryRun: true },
    );

    // Assert
    expect(result).toMatchObject({ dryRun: true, requeued: [failed] });
    expect((await store.get(failed))?.status).toBe('FULFILLMENT_FAILED');
  });

  it('logs each re-queued order with the run id as correlation id', async () => {
    // Arrange
    const failed = await failedOrder();
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({ sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });

    // Act
    const result = await redriveFailedOrders(
      { orders: store, clock: () => new Date(), logger },
      { orderIds: [failed] },
    );

    // Assert
    expect(lines.find((line) => line['orderId'] === failed)).toMatchObject({
      message: 'Order FULFILLMENT_FAILED → FULFILLING (redrive)',
      correlationId: result.runId,
    });
    for (const line of lines) expect(line['correlationId']).toBe(result.runId);
  });

  it('refuses a limit that is not a positive integer', async () => {
    // Arrange
    const deps = { orders: store, clock: () => new Date(), logger: silentLogger };

    // Act
    const attempt = redriveFailedOrders(deps, { limit: 0 });

    // Assert
    await expect(attempt).rejects.toThrow(RangeError);
  });
});

describe('parseRedriveRequest', () => {
  it('accepts nothing, an empty object, or order ids with a limit and dry-run flag', () => {
    // Arrange
    const inputs = [undefined, {}, { orderIds: ['ord_01JAAAAAAAAAAAAAAAAAAAAAAA'], limit: 10, dryRun: true }];

    // Act
    const requests = inputs.map((input) => parseRedriveRequest(input));

    // Assert
    expect(requests).toEqual([{}, {}, { orderIds: ['ord_01JAAAAAAAAAAAAAAAAAAAAAAA'], limit: 10, dryRun: true }]);
  });

  it.each([
    ['a string', 'ord_01JAAAAAAAAAAAAAAAAAAAAAAA', /must be a JSON object/],
    ['an unknown option', { orderId: 'x' }, /Unknown redrive option\(s\): orderId/],
    ['an empty id list', { orderIds: [] }, /non-empty array/],
    ['a malformed id', { orderIds: ['ord_1', 42] }, /Not an order id: "ord_1", 42/],
    ['a zero limit', { limit: 0 }, /limit must be an integer/],
    ['a textual dry-run flag', { dryRun: 'yes' }, /dryRun must be true or false/],
  ])('refuses %s with a message naming the problem', (_case, input, message) => {
    // Arrange
    const parse = () => parseRedriveRequest(input);

    // Act
    const failure = (() => {
      try {
        parse();
        return undefined;
      } catch (error) {
        return error as Error;
      }
    })();

    // Assert
    expect(failure).toBeInstanceOf(RedriveRequestError);
    expect(failure?.message).toMatch(message);
  });
});
