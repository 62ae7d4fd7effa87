import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '../tables';
import { demoEvents } from '@tth/contracts/demo';
import { buildCatalogItems, EVENT_SK, type CatalogEventItem, type EventInput } from './items';

export interface SeedOptions {
  /** Replace existing items (resets availability). Default false: only missing items are written. */
  readonly overwrite?: boolean;
}

/** Writes events and their ticket types to the Catalog table. Returns how many items were written. */
export async function seedEvents(
  doc: DynamoDBDocumentClient,
  tableNames: Pick<TableNames, 'Catalog'>,
  events: readonly EventInput[],
  options: SeedOptions = {},
): Promise<number> {
  const items = events.flatMap((input) => {
    const built = buildCatalogItems(input);
    return [built.event, ...built.ticketTypes];
  });
  const written = await Promise.all(
    items.map(async (item) => {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableNames.Catalog,
            Item: item,
            ...(options.overwrite ? {} : { ConditionExpression: 'attribute_not_exists(pk)' }),
          }),
        );
        return 1;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        if (item.sk === EVENT_SK) await addMissingTimeZone(doc, tableNames.Catalog, item as CatalogEventItem);
        return 0;
      }
    }),
  );
  return written.reduce<number>((sum, count) => sum + count, 0);
}

/** An event kept from a data directory written before events had a time zone gets the seed's one. */
async function addMissingTimeZone(doc: DynamoDBDocumentClient, tableName: string, event: CatalogEventItem) {
  await doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: event.pk, sk: event.sk },
      UpdateExpression: 'SET #timeZone = if_not_exists(#timeZone, :timeZone)',
      ExpressionAttributeNames: { '#timeZone': 'timeZone' },
      ExpressionAttributeValues: { ':timeZone': event.timeZone },
    }),
  );
}

/** Seeds the demo catalog (@tth/contracts/demo). Re-running keeps existing items and their availability. */
export function seedDemoCatalog(
  doc: DynamoDBDocumentClient,
  tableNames: Pick<TableNames, 'Catalog'>,
  now: Date,
  options: SeedOptions = {},
): Promise<number> {
  return seedEvents(doc, tableNames, demoEvents(now), options);
}
