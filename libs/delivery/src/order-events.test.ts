import { describe, expect, it } from 'vitest';
import { matchesAnyPattern } from '@tth/fulfillment';
import { ORDER_EVENT_STREAM_FILTERS, orderEventOf } from './order-events';
import { orderStreamRecord } from './testing/stream-records';

describe('orderEventOf', () => {
  it.each([
    ['PENDING_PAYMENT', 'PAID', 'OrderPaid'],
    ['EXPIRED', 'PAID', 'OrderPaid'],
    ['FULFILLING', 'FULFILLED', 'TicketsIssued'],
    ['FULFILLING', 'FULFILLMENT_FAILED', 'FulfillmentFailed'],
    ['PENDING_PAYMENT', 'EXPIRED', 'OrderExpired'],
    ['PENDING_PAYMENT', 'CANCELLED', 'OrderCancelled'],
    ['FULFILLED', 'REFUNDED', 'OrderRefunded'],
  ])('turns %s → %s into %s', (from, to, kind) => {
    // Act
    const detail = orderEventOf(orderStreamRecord('ord-1', to, from));

    // Assert
    expect(detail).toMatchObject({
      kind,
      orderId: 'ord-1',
      status: to,
      previousStatus: from,
      eventId: 'aurora-nights',
    });
    expect(detail?.occurredAt).toBe('2030-01-01T12:00:00.000Z');
  });

  it('turns an order written directly as PAID into OrderPaid', () => {
    expect(orderEventOf(orderStreamRecord('ord-2', 'PAID'))).toMatchObject({ kind: 'OrderPaid' });
  });

  it.each([
    ['PAID', 'FULFILLING'],
    ['FULFILLING', 'FULFILLING'],
    ['FULFILLED', 'FULFILLED'],
    ['FULFILLMENT_FAILED', 'FULFILLING'],
    [undefined, 'PENDING_PAYMENT'],
  ])('makes no event of %s → %s', (from, to) => {
    expect(orderEventOf(orderStreamRecord('ord-3', to, from))).toBeUndefined();
  });

  it('makes no event of a removed order', () => {
    expect(orderEventOf(orderStreamRecord('ord-4', undefined, 'PAID', { eventName: 'REMOVE' }))).toBeUndefined();
  });

  it('names the same stream record the same way on every delivery', () => {
    const record = orderStreamRecord('ord-5', 'PAID', 'PENDING_PAYMENT');

    expect(orderEventOf(record)?.streamEventId).toBe(orderEventOf(structuredClone(record))?.streamEventId);
  });
});

describe('ORDER_EVENT_STREAM_FILTERS', () => {
  it('lets through every record that makes an event and none of the worker attempts', () => {
    // Arrange
    const events = [
      orderStreamRecord('a', 'PAID', 'PENDING_PAYMENT'),
      orderStreamRecord('b', 'FULFILLED', 'FULFILLING'),
      orderStreamRecord('c', 'REFUNDED', 'PAID'),
    ];
    const noise = [orderStreamRecord('d', 'FULFILLING', 'PAID'), orderStreamRecord('e', 'PENDING_PAYMENT')];

    // Act
    const passes = (record: unknown) => matchesAnyPattern(record, ORDER_EVENT_STREAM_FILTERS);

    // Assert
    expect(events.map(passes)).toEqual([true, true, true]);
    expect(noise.map(passes)).toEqual([false, false]);
  });
});
