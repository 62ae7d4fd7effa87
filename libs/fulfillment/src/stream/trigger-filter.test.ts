import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  FULFILLMENT_TRIGGER_FILTERS,
  isFulfillmentTrigger,
  matchesAnyPattern,
  matchesPattern,
  orderIdOf,
} from './trigger-filter';

const STATUSES = [
  'PENDING_PAYMENT',
  'PAID',
  'FULFILLING',
  'FULFILLED',
  'EXPIRED',
  'CANCELLED',
  'PAYMENT_FAILED',
  'FULFILLMENT_FAILED',
  'REFUNDED',
];

function record(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  oldStatus: string | undefined,
  newStatus: string | undefined,
): DynamoDBRecord {
  const image = (status: string) => ({ orderId: { S: 'ord_1' }, status: { S: status } });
  return {
    eventID: 'e1',
    eventName,
    dynamodb: {
      Keys: { orderId: { S: 'ord_1' } },
      ...(oldStatus ? { OldImage: image(oldStatus) } : {}),
      ...(newStatus ? { NewImage: image(newStatus) } : {}),
      SequenceNumber: '1',
    },
  };
}

describe('fulfillment trigger', () => {
  it('fires for a new PAID order, an order becoming PAID and an order re-queued from FULFILLMENT_FAILED only', () => {
    // Arrange
    const candidates = [
      ...STATUSES.map((status) => record('INSERT', undefined, status)),
      ...STATUSES.flatMap((from) => STATUSES.map((to) => record('MODIFY', from, to))),
      ...STATUSES.map((status) => record('REMOVE', status, undefined)),
    ];

    // Act
    const triggers = candidates
      .filter((candidate) => isFulfillmentTrigger(candidate))
      .map(
        (candidate) =>
          `${candidate.eventName} ${candidate.dynamodb?.OldImage?.['status']?.S ?? '-'} → ${candidate.dynamodb?.NewImage?.['status']?.S}`,
      );

    // Assert
    expect(triggers.sort()).toEqual(
      [
        'INSERT - → PAID',
        'MODIFY FULFILLMENT_FAILED → FULFILLING',
        ...STATUSES.filter((from) => from !== 'PAID').map((from) => `MODIFY ${from} → PAID`),
      ].sort(),
    );
  });

  it('is what the Lambda filter patterns select, record for record', () => {
    // Arrange
    const candidates = [
      ...STATUSES.map((status) => record('INSERT', undefined, status)),
      ...STATUSES.flatMap((from) => STATUSES.map((to) => record('MODIFY', from, to))),
      ...STATUSES.map((status) => record('REMOVE', status, undefined)),
    ];

    // Act
    const disagreements = candidates.filter(
      (candidate) => matchesAnyPattern(candidate, FULFILLMENT_TRIGGER_FILTERS) !== isFulfillmentTrigger(candidate),
    );

    // Assert
    expect(disagreements).toEqual([]);
  });

  it('never fires for the worker’s own writes (PAID → FULFILLING → FULFILLED)', () => {
    // Arrange
    const ownWrites = [
      record('MODIFY', 'PAID', 'FULFILLING'),
      record('MODIFY', 'FULFILLING', 'FULFILLED'),
      record('MODIFY', 'FULFILLING', 'FULFILLING'),
    ];

    // Act
    const fired = ownWrites.filter((candidate) => matchesAnyPattern(candidate, FULFILLMENT_TRIGGER_FILTERS));

    // Assert
    expect(fired).toEqual([]);
  });

  it('reads the order id from the record keys', () => {
    // Arrange
    const paid = record('MODIFY', 'PENDING_PAYMENT', 'PAID');

    // Act
    const orderId = orderIdOf(paid);

    // Assert
    expect(orderId).toBe('ord_1');
  });
});

describe('matchesPattern', () => {
  it('requires a field to exist for anything-but, and fails closed on rules it does not understand', () => {
    // Arrange
    const anythingBut = { status: [{ 'anything-but': ['PAID'] }] };
    const unknownRule = { status: [{ prefix: 'PA' } as never] };

    // Act
    const results = [
      matchesPattern({}, anythingBut),
      matchesPattern({ status: 'FULFILLED' }, anythingBut),
      matchesPattern({ status: 'PAID' }, unknownRule),
    ];

    // Assert
    expect(results).toEqual([false, true, false]);
  });
});
