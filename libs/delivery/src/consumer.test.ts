import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessedEventsRepository } from '@tth/data';
import { createIsolatedTables, type IsolatedTables } from '@tth/data/testing';
import { silentLogger } from '@tth/runtime';
import { createOrderEventConsumer, OrderEventInProgressError } from './consumer';
import { deliveryKey, ORDER_EVENT_SOURCE, type OrderBusEvent, type OrderEventKind } from './order-events';

let db: IsolatedTables;
let processedEvents: ProcessedEventsRepository;
let orders = 0;

beforeAll(async () => {
  db = await createIsolatedTables('order-event-consumer');
  processedEvents = new ProcessedEventsRepository(db.clients.doc, db.tableNames.ProcessedEvents);
});
afterAll(() => db.cleanup());

function busEvent(kind: OrderEventKind = 'OrderPaid', orderId = `ord-${++orders}`): OrderBusEvent {
  return {
    source: ORDER_EVENT_SOURCE,
    'detail-type': kind,
    detail: {
      kind,
      orderId,
      eventId: 'aurora-nights',
      status: 'PAID',
      previousStatus: 'PENDING_PAYMENT',
      occurredAt: '2030-01-01T12:00:00.000Z',
      streamEventId: `stream-${orderId}`,
    },
  };
}

function countingConsumer(consumer = 'test-mailer', work: () => Promise<void> = async () => undefined) {
  const calls: string[] = [];
  const consume = createOrderEventConsumer({ consumer, processedEvents, logger: silentLogger }, async (detail) => {
    calls.push(`${detail.orderId}:${detail.kind}`);
    await work();
    return 'sent';
  });
  return { consume, calls };
}

describe('an order event consumer', () => {
  it('does its work once when the same event arrives twice', async () => {
    // Arrange
    const { consume, calls } = countingConsumer();
    const event = busEvent();

    // Act
    const first = await consume(event);
    const second = await consume({ ...event, detail: { ...event.detail, streamEventId: 'a redelivered record' } });

    // Assert
    expect(first).toEqual({ handled: true, outcome: 'sent' });
    expect(second).toEqual({ handled: false, reason: 'already-handled' });
    expect(calls).toHaveLength(1);
    expect((await processedEvents.get(deliveryKey('test-mailer', event.detail)))?.state).toBe('DONE');
  });

  it('does its work once when 25 deliveries of one event race (conditional claim on DynamoDB Local)', async () => {
    // Arrange
    const { consume, calls } = countingConsumer('race-mailer', () => new Promise((resolve) => setTimeout(resolve, 50)));
    const event = busEvent('TicketsIssued');

    // Act
    const results = await Promise.allSettled(Array.from({ length: 25 }, () => consume(event)));

    // Assert: one did the work; the others found it done or running (those are retried by the bus).
    expect(calls).toHaveLength(1);
    const handled = results.filter((result) => result.status === 'fulfilled' && result.value.handled);
    expect(handled).toHaveLength(1);
    const others = results.filter((result) => !(result.status === 'fulfilled' && result.value.handled));
    expect(
      others.every(
        (result) =>
          (result.status === 'rejected' && result.reason instanceof OrderEventInProgressError) ||
          (result.status === 'fulfilled' && !result.value.handled && result.value.reason === 'already-handled'),
      ),
    ).toBe(true);
    expect(await consume(event)).toEqual({ handled: false, reason: 'already-handled' });
  });

  it('handles each kind of one order once, and each consumer on its own', async () => {
    // Arrange
    const mailer = countingConsumer('mailer-a');
    const other = countingConsumer('mailer-b');
    const paid = busEvent('OrderPaid');
    const issued = busEvent('TicketsIssued', paid.detail.orderId);

    // Act
    await mailer.consume(paid);
    await mailer.consume(issued);
    await other.consume(paid);

    // Assert
    expect(mailer.calls).toEqual([`${paid.detail.orderId}:OrderPaid`, `${paid.detail.orderId}:TicketsIssued`]);
    expect(other.calls).toEqual([`${paid.detail.orderId}:OrderPaid`]);
  });

  it('gives the claim back when the work fails, so a retry does it', async () => {
    // Arrange
    let failures = 1;
    const { consume, calls } = countingConsumer('flaky-mailer', async () => {
      if (failures-- > 0) throw new Error('SES unavailable');
    });
    const event = busEvent('OrderRefunded');

    // Act
    const first = consume(event);
    await expect(first).rejects.toThrow('SES unavailable');
    const retry = await consume(event);

    // Assert
    expect(retry).toEqual({ handled: true, outcome: 'sent' });
    expect(calls).toHaveLength(2);
  });

  it('ignores what is not an order event', async () => {
    const { consume, calls } = countingConsumer();

    const result = await consume({ ...busEvent(), source: 'aws.events' });

    expect(result).toEqual({ handled: false, reason: 'not-an-order-event' });
    expect(calls).toEqual([]);
  });
});
