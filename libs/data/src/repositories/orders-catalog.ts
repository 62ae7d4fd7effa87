import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The fields of a Catalog event item that ordering needs. */
export interface OrderableEvent {
  readonly eventId: string;
  readonly name: string;
  readonly startsAt: string;
  readonly onSaleAt: string;
  readonly currency: string;
}

/** The fields of a Catalog ticket-type item that ordering needs. */
export interface OrderableTicketType {
  readonly eventId: string;
  readonly ticketTypeId: string;
  readonly name: string;
  readonly price: number;
  readonly currency: string;
  readonly capacity: number;
  readonly available: number;
  readonly maxPerOrder: number;
}

export interface OrderableCatalog {
  readonly event: OrderableEvent;
  readonly ticketTypes: readonly OrderableTicketType[];
}

/**
 * Reads an event and its ticket types in one strongly consistent query of the event's partition
 * (pk `EVENT#<eventId>`): prices come from here, never from the client.
 */
export class OrderCatalogReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(eventId: string): Promise<OrderableCatalog | undefined> {
    let event: OrderableEvent | undefined;
    const ticketTypes: OrderableTicketType[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `EVENT#${eventId}` },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const sk = String(item['sk']);
        if (sk === 'EVENT') event = item as unknown as OrderableEvent;
        else if (sk.startsWith('TT#')) ticketTypes.push(item as unknown as OrderableTicketType);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return event ? { event, ticketTypes } : undefined;
  }
}
