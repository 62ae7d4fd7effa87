import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_EVENT_SOURCE, type OrderEventKind } from '@tth/delivery';
import type { LocalBusEvent } from '@tth/delivery/local';
import { createIsolatedTables, type IsolatedTables } from '@tth/data/testing';
import { silentLogger } from '@tth/runtime';
import { startLocalOrderEvents, type LocalOrderEvents } from './order-events-poller';
import { API_KEY, payOrder, startProviderDouble, until, type ProviderDouble } from './testing';
import { startStreamPoller, type LocalStreamPoller } from './stream-poller';

describe('local order events (DynamoDB Local stream → publisher → local bus → consumers)', () => {
  let db: IsolatedTables;
  let provider: ProviderDouble;
  let fulfillment: LocalStreamPoller;
  let orderEvents: LocalOrderEvents;
  const received: LocalBusEvent[] = [];

  beforeAll(async () => {
    db = await createIsolatedTables('order-events-poller');
    provider = await startProviderDouble();
    Object.assign(process.env, db.env, {
      FULFILLMENT_ENDPOINT: provider.url,
      FULFILLMENT_API_KEY: API_KEY,
      LOG_LEVEL: 'ERROR',
    });
    fulfillment = await startStreamPoller({
      dynamoEndpoint: db.endpoint,
      tableNames: db.tableNames,
      pollIntervalMs: 20,
      logger: silentLogger,
    });
    orderEvents = await startLocalOrderEvents({
      dynamoEndpoint: db.endpoint,
      tableNames: db.tableNames,
      pollIntervalMs: 20,
      logger: silentLogger,
      targets: [
        {
          name: 'recorder',
          source: ORDER_EVENT_SOURCE,
          detailTypes: ['OrderPaid', 'TicketsIssued', 'FulfillmentFailed'] satisfies OrderEventKind[],
          handler: async (event) => void received.push(event),
        },
      ],
    });
  });
  afterAll(async () => {
    await orderEvents?.stop();
    await fulfillment?.stop();
    await provider?.close();
    await db?.cleanup();
  });

  it('publishes OrderPaid, then TicketsIssued once fulfillment wrote the tickets, each once', async () => {
    // Arrange
    const orderId = await payOrder(db);

    // Act
    const kinds = await until(async () => {
      const seen = received.filter((event) => event.detail.orderId === orderId).map((event) => event['detail-type']);
      return seen.includes('TicketsIssued') ? seen : undefined;
    }, `${orderId} TicketsIssued`);
    await orderEvents.idle();

    // Assert
    expect(kinds).toEqual(['OrderPaid', 'TicketsIssued']);
    expect(received.find((event) => event.detail.orderId === orderId)?.detail).toMatchObject({
      orderId,
      kind: 'OrderPaid',
      previousStatus: 'PENDING_PAYMENT',
      status: 'PAID',
    });
    expect(orderEvents.poller.deadLetterCount()).toBe(0);
  });
});
