import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { allTableDefinitions, type KeyAttribute, type TableDefinition, type TableNames } from './tables';

function keySchema(partitionKey: KeyAttribute, sortKey?: KeyAttribute): KeySchemaElement[] {
  return [
    { AttributeName: partitionKey.name, KeyType: 'HASH' },
    ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }] : []),
  ];
}

/** CreateTable input for one definition: on-demand billing, GSIs, stream. TTL is a separate call. */
export function createTableInput(definition: TableDefinition, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, AttributeDefinition>();
  const addAttribute = (key: KeyAttribute | undefined) => {
    if (key) attributes.set(key.name, { AttributeName: key.name, AttributeType: key.type });
  };
  addAttribute(definition.partitionKey);
  addAttribute(definition.sortKey);
  for (const index of definition.globalSecondaryIndexes) {
    addAttribute(index.partitionKey);
    addAttribute(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()],
    KeySchema: keySchema(definition.partitionKey, definition.sortKey),
    ...(definition.globalSecondaryIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: index.projection },
          })),
        }
      : {}),
    ...(definition.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } } : {}),
  };
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    await sleep(100);
  }
  throw new Error(`Table ${tableName} did not become ACTIVE`);
}

async function ensureTimeToLive(client: DynamoDBClient, tableName: string, attribute: string): Promise<void> {
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = TimeToLiveDescription?.TimeToLiveStatus;
  if ((status === 'ENABLED' || status === 'ENABLING') && TimeToLiveDescription?.AttributeName === attribute) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: attribute },
    }),
  );
}

async function ensureTable(
  client: DynamoDBClient,
  definition: TableDefinition,
  tableName: string,
): Promise<'created' | 'existed'> {
  let outcome: 'created' | 'existed' = 'created';
  try {
    await client.send(new CreateTableCommand(createTableInput(definition, tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    outcome = 'existed';
  }
  await waitUntilActive(client, tableName);
  if (definition.timeToLiveAttribute) await ensureTimeToLive(client, tableName, definition.timeToLiveAttribute);
  return outcome;
}

/**
 * Creates every table (or the given definitions) under its physical name. Idempotent: existing
 * tables are kept as they are (data included), and TTL is switched on where it is missing.
 * Meant for DynamoDB Local and tests; in AWS the CDK app owns the tables.
 */
export async function createTables(
  client: DynamoDBClient,
  tableNames: TableNames,
  definitions: readonly TableDefinition[] = allTableDefinitions,
): Promise<Record<string, 'created' | 'existed'>> {
  const outcomes = await Promise.all(
    definitions.map(
      async (definition) =>
        [tableNames[definition.id], await ensureTable(client, definition, tableNames[definition.id])] as const,
    ),
  );
  return Object.fromEntries(outcomes);
}

/** Deletes the tables (missing ones are ignored): test clean-up. */
export async function deleteTables(client: DynamoDBClient, tableNames: TableNames): Promise<void> {
  await Promise.all(
    Object.values(tableNames).map(async (tableName) => {
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    }),
  );
}
