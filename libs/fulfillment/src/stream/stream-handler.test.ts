import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedTables, type IsolatedTables } from '@tth/data/testing';
import { createLogger } from '@tth/runtime';
import { recordingFulfillmentMetrics } from '../metrics';
import { FulfillmentOrderStore } from '../order-store';
import type { FulfillmentProviderClient } from '../provider-client';
import { rejected, scriptedProvider, unavailable } from '../testing/fake-provider';
import { createPaidOrder, pendingOrder, putOrder } from '../testing/paid-orders';
import { createFulfillmentStreamHandler } from './stream-handler';

let sequence = 100;
function streamRecord(orderId: string, oldStatus: string | undefined, newStatus: string): DynamoDBRecord {
  sequence += 1;
  return {
    eventID: `evt-${sequence}`,
    eventName: oldStatus ? 'MODIFY' : 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { orderId: { S: orderId } },
      NewImage: { orderId: { S: orderId }, status: { S: newStatus } },
      ...(oldStatus ? { OldImage: { orderId: { S: orderId }, status: { S: oldStatus } } } : {}),
      SequenceNumber: String(sequence).padStart(21, '0'),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

describe('fulfillment stream handler', () => {
  let db: IsolatedTables;
  let store: FulfillmentOrderStore;

  beforeAll(async () => {
    db = await createIsolatedTables('stream-handler');
    store = new FulfillmentOrderStore(db.clients.doc, db.tableNames.Orders);
  });
  afterAll(() => db?.cleanup());

  function handlerWith(provider: FulfillmentProviderClient, maxAttempts = 3) {
    const metrics = recordingFulfillmentMetrics();
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({
      service: 'test',
      sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    const handler = createFulfillmentStreamHandler(
      { orders: store, provider, metrics, clock: () => new Date(), maxAttempts },
      { logger },
    );
    return { handler, metrics, lines };
  }

  it('fulfils every order of a batch and reports no failures', async () => {
    // Arrange
    const orders = await Promise.all([createPaidOrder(db), createPaidOrder(db), createPaidOrder(db)]);
    const { handler, metrics } = handlerWith(scriptedProvider(['issue']));

    // Act
    const response = await handler(
      { Records: orders.map((order) => streamRecord(order.orderId, 'PENDING_PAYMENT', 'PAID')) },
      { awsRequestId: 'req-1' },
    );

    // Assert
    expect(response).toEqual({ batchItemFailures: [] });
    for (const order of orders) expect((await store.get(order.orderId))?.status).toBe('FULFILLED');
    expect(metrics.totals.OrdersFulfilled).toBe(3);
  });

  it('reports exactly the records whose orders must be retried or dead-lettered', async () => {
    // Arrange
    const fine = await createPaidOrder(db);
    const flaky = await createPaidOrder(db);
    const refused = await createPaidOrder(db);
    const provider = scriptedProvider([
      async (request) => {
        if (request.orderId === flaky.orderId) throw unavailable();
        if (request.orderId === refused.orderId) throw rejected(422);
        return scriptedProvider(['issue']).issueTickets(request);
      },
    ]);
    const records = [fine, flaky, refused].map((order) => streamRecord(order.orderId, 'PENDING_PAYMENT', 'PAID'));
    const { handler } = handlerWith(provider);

    // Act
    const response = await handler({ Records: records });

    // Assert
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(
      [records[1]?.dynamodb?.SequenceNumber, records[2]?.dynamodb?.SequenceNumber].sort(),
    );
    expect((await store.get(fine.orderId))?.status).toBe('FULFILLED');
    expect((await store.get(flaky.orderId))?.status).toBe('FULFILLING');
    expect((await store.get(refused.orderId))?.status).toBe('FULFILLMENT_FAILED');
  });

  it('skips records that are not fulfillment triggers without touching their orders', async () => {
    // Arrange
    const order = pendingOrder();
    await putOrder(db, { ...order, status: 'FULFILLING' });
    const provider = scriptedProvider(['issue']);
    const { handler } = handlerWith(provider);

    // Act
    const response = await handler({
      Records: [
        streamRecord(order.orderId, 'PAID', 'FULFILLING'),
        streamRecord(order.orderId, 'PENDING_PAYMENT', 'EXPIRED'),
      ],
    });

    // Assert
    expect(response).toEqual({ batchItemFailures: [] });
    expect(provider.calls).toHaveLength(0);
  });

  it('resumes an order re-queued by the redrive (FULFILLMENT_FAILED → FULFILLING)', async () => {
    // Arrange
    const order = pendingOrder();
    await putOrder(db, { ...order, status: 'FULFILLING', fulfillmentAttempts: 0, fulfillmentRedrives: 1 });
    const { handler } = handlerWith(scriptedProvider(['issue']));

    // Act
    const response = await handler({ Records: [streamRecord(order.orderId, 'FULFILLMENT_FAILED', 'FULFILLING')] });

    // Assert
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await store.get(order.orderId)).toMatchObject({ status: 'FULFILLED', fulfillmentRedrives: 1 });
  });

  it('fails the later records of an order whose earlier record failed, so they never overtake it', async () => {
    // Arrange
    const order = await createPaidOrder(db);
    const records = [
      streamRecord(order.orderId, 'PENDING_PAYMENT', 'PAID'),
      streamRecord(order.orderId, 'FULFILLMENT_FAILED', 'FULFILLING'),
    ];
    const { handler } = handlerWith(scriptedProvider([unavailable()]), 5);

    // Act
    const response = await handler({ Records: records });

    // Assert
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(
      records.map((record) => record.dynamodb?.SequenceNumber),
    );
  });

  it('reports a record as failed when its order cannot be read, instead of throwing the batch away', async () => {
    // Arrange
    const brokenStore: FulfillmentOrderStore = Object.assign(Object.create(store) as FulfillmentOrderStore, {
      get: () => Promise.reject(new Error('ProvisionedThroughputExceededException')),
    });
    const metrics = recordingFulfillmentMetrics();
    const handler = createFulfillmentStreamHandler(
      { orders: brokenStore, provider: scriptedProvider(['issue']), metrics, clock: () => new Date(), maxAttempts: 3 },
      { logger: createLogger({ sink: () => undefined }) },
    );
    const record = streamRecord('ord_01JBROKEN00000000000000000', 'PENDING_PAYMENT', 'PAID');

    // Act
    const response = await handler({ Records: [record] });

    // Assert
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber }] });
  });

  it('logs a batch summary with the request id', async () => {
    // Arrange
    const order = await createPaidOrder(db);
    const { handler, lines } = handlerWith(scriptedProvider(['issue']));

    // Act
    await handler({ Records: [streamRecord(order.orderId, 'PENDING_PAYMENT', 'PAID')] }, { awsRequestId: 'req-42' });

    // Assert
    expect(lines.at(-1)).toMatchObject({
      message: 'Fulfillment batch processed',
      requestId: 'req-42',
      records: 1,
      failedRecords: 0,
      outcomes: { fulfilled: 1 },
    });
  });
});
