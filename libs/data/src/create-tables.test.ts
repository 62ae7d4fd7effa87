import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { createIsolatedTables, type IsolatedTables } from './testing';
import { createTableInput, createTables } from './create-tables';
import { allTableDefinitions, tableDefinitions } from './tables';

describe('createTableInput', () => {
  it('declares each key attribute once, even when several indexes share it', () => {
    // Arrange
    const payments = tableDefinitions.Payments;

    // Act
    const input = createTableInput(payments, 'x-payments');

    // Assert
    expect(input.AttributeDefinitions?.map((attribute) => attribute.AttributeName).sort()).toEqual([
      'createdAt',
      'orderId',
      'paymentId',
      'status',
    ]);
    expect(input.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byOrder', 'byStatus']);
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
  });
});

describe('createTables against DynamoDB Local', () => {
  let db: IsolatedTables;

  beforeAll(async () => {
    db = await createIsolatedTables('create-tables');
  });
  afterAll(() => db.cleanup());

  it('creates the Orders table with its GSIs and a NEW_AND_OLD_IMAGES stream', async () => {
    // Arrange
    const tableName = db.tableNames.Orders;

    // Act
    const { Table } = await db.clients.client.send(new DescribeTableCommand({ TableName: tableName }));

    // Assert
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(['byCustomer', 'byStatus']);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(Table?.LatestStreamArn).toBeTruthy();
  });

  it('switches TTL on for the idempotency and processed-event tables', async () => {
    // Arrange
    const names = [db.tableNames.IdempotencyKeys, db.tableNames.ProcessedEvents];

    // Act
    const descriptions = await Promise.all(
      names.map((TableName) => db.clients.client.send(new DescribeTimeToLiveCommand({ TableName }))),
    );

    // Assert
    for (const { TimeToLiveDescription } of descriptions) {
      expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    }
  });

  it('is idempotent: a second run keeps the existing tables', async () => {
    // Arrange
    const tableNames = db.tableNames;

    // Act
    const outcomes = await createTables(db.clients.client, tableNames);

    // Assert
    expect(Object.values(outcomes)).toEqual(Array(allTableDefinitions.length).fill('existed'));
  });
});
