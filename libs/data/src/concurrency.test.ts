import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { catalogKeys } from './catalog/items';
import { createIsolatedTables, seedCatalog, type IsolatedTables } from './testing';

/**
 * The never-oversell invariant relies on DynamoDB evaluating a conditional decrement atomically
 * inside a transaction. This proves it on the real DynamoDB Local the other tests use.
 */
describe('conditional decrements of availability', () => {
  let db: IsolatedTables;

  beforeAll(async () => {
    db = await createIsolatedTables('concurrency');
    await seedCatalog(db.clients.doc, db.tableNames, [
      { eventId: 'tiny-venue', ticketTypes: [{ ticketTypeId: 'general', capacity: 50 }] },
    ]);
  });
  afterAll(() => db.cleanup());

  it('lets exactly 50 of 200 concurrent one-seat holds succeed on a stock of 50', async () => {
    // Arrange
    const key = catalogKeys.ticketType('tiny-venue', 'general');
    const hold = (n: number) =>
      db.clients.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: db.tableNames.Catalog,
                Key: key,
                UpdateExpression: 'SET available = available - :qty',
                ConditionExpression: 'available >= :qty',
                ExpressionAttributeValues: { ':qty': 1 },
              },
            },
            {
              Put: {
                TableName: db.tableNames.Orders,
                Item: { orderId: `order-${n}`, status: 'PENDING_PAYMENT' },
                ConditionExpression: 'attribute_not_exists(orderId)',
              },
            },
          ],
        }),
      );

    // Act
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, n) => hold(n)));
    const { Item } = await db.clients.doc.send(
      new GetCommand({ TableName: db.tableNames.Catalog, Key: key, ConsistentRead: true }),
    );

    // Assert
    const succeeded = results.filter((result) => result.status === 'fulfilled');
    const failed = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(succeeded).toHaveLength(50);
    expect(failed.every((result) => result.reason instanceof TransactionCanceledException)).toBe(true);
    expect(Item?.['available']).toBe(0);
  });
});
