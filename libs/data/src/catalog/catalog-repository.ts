import { GetCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Schemas } from '@tth/contracts';
import { decodeListingCursor, encodeListingCursor } from './cursor';
import { EVENT_SK, LISTING_PK, catalogKeys, type CatalogEventItem, type CatalogTicketTypeItem } from './items';
import { eventSaleStatus, ticketTypeSaleStatus } from './sale-status';

export type EventSummary = Schemas['EventSummary'];
export type EventDetail = Schemas['EventDetail'];
export type EventPage = Schemas['EventPage'];

export interface EventWithTicketTypes {
  readonly event: CatalogEventItem;
  /** In display order. */
  readonly ticketTypes: readonly CatalogTicketTypeItem[];
}

export interface ListEventsOptions {
  /** Page size, 1 to 50. */
  readonly limit: number;
  /** A `nextCursor` from a previous page. Throws InvalidCursorError when it is not one. */
  readonly cursor?: string;
}

export interface CatalogRepository {
  /** Events that have not started yet, soonest first. */
  listEvents(options: ListEventsOptions): Promise<EventPage>;
  /** The event as the API shows it, with live availability; undefined when unknown. */
  getEvent(eventId: string): Promise<EventDetail | undefined>;
  /** The stored items (strongly consistent), e.g. for server-side pricing; undefined when unknown. */
  getEventWithTicketTypes(eventId: string): Promise<EventWithTicketTypes | undefined>;
}

export interface CatalogRepositoryOptions {
  /** Clock for sale status and "not started yet"; default the system clock. */
  readonly now?: () => Date;
}

function money(amount: number, currency: string): Schemas['Money'] {
  return { amount, currency };
}

/** The cheapest ticket still available, or the cheapest overall when none is. */
function priceFrom(event: CatalogEventItem, ticketTypes: readonly CatalogTicketTypeItem[]): Schemas['Money'] {
  const candidates = ticketTypes.some((type) => type.available > 0)
    ? ticketTypes.filter((type) => type.available > 0)
    : ticketTypes;
  return money(Math.min(...candidates.map((type) => type.price)), event.currency);
}

export function toEventSummary(
  event: CatalogEventItem,
  ticketTypes: readonly CatalogTicketTypeItem[],
  now: Date,
): EventSummary {
  return {
    id: event.eventId,
    name: event.name,
    venue: event.venue,
    city: event.city,
    timeZone: event.timeZone,
    startsAt: event.startsAt,
    onSaleAt: event.onSaleAt,
    saleStatus: eventSaleStatus(event, ticketTypes, now),
    priceFrom: priceFrom(event, ticketTypes),
    ...(event.imageAlt ? { imageAlt: event.imageAlt } : {}),
  };
}

export function toEventDetail(
  event: CatalogEventItem,
  ticketTypes: readonly CatalogTicketTypeItem[],
  now: Date,
): EventDetail {
  return {
    ...toEventSummary(event, ticketTypes, now),
    description: event.description,
    ticketTypes: ticketTypes.map((type) => ({
      id: type.ticketTypeId,
      name: type.name,
      ...(type.description ? { description: type.description } : {}),
      price: money(type.price, type.currency),
      available: Math.max(0, type.available),
      capacity: type.capacity,
      maxPerOrder: type.maxPerOrder,
      saleStatus: ticketTypeSaleStatus(event, type, now),
    })),
  };
}

export function createCatalogRepository(
  doc: DynamoDBDocumentClient,
  tableName: string,
  options: CatalogRepositoryOptions = {},
): CatalogRepository {
  const now = options.now ?? (() => new Date());

  const queryTicketTypes = async (eventId: string, consistent: boolean): Promise<CatalogTicketTypeItem[]> => {
    const items: CatalogTicketTypeItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page: QueryCommandOutput = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tt)',
          ExpressionAttributeValues: { ':pk': catalogKeys.eventPk(eventId), ':tt': catalogKeys.ticketTypeSkPrefix },
          ConsistentRead: consistent,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...((page.Items ?? []) as CatalogTicketTypeItem[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items.sort((a, b) => a.sortOrder - b.sortOrder || a.ticketTypeId.localeCompare(b.ticketTypeId));
  };

  const getEventWithTicketTypes = async (eventId: string): Promise<EventWithTicketTypes | undefined> => {
    const [eventResult, ticketTypes] = await Promise.all([
      doc.send(new GetCommand({ TableName: tableName, Key: catalogKeys.event(eventId), ConsistentRead: true })),
      queryTicketTypes(eventId, true),
    ]);
    const event = eventResult.Item as CatalogEventItem | undefined;
    // An event without ticket types is still being set up: not for sale, not shown.
    if (!event || ticketTypes.length === 0) return undefined;
    return { event, ticketTypes };
  };

  return {
    getEventWithTicketTypes,

    async getEvent(eventId) {
      const found = await getEventWithTicketTypes(eventId);
      return found && toEventDetail(found.event, found.ticketTypes, now());
    },

    async listEvents({ limit, cursor }) {
      const at = now();
      const after = cursor === undefined ? undefined : decodeListingCursor(cursor);
      let startKey: Record<string, unknown> | undefined = after
        ? { listPk: LISTING_PK, listSk: after, ...catalogKeys.event(after.slice(after.indexOf('#') + 1)) }
        : undefined;

      // One more than a page tells whether there is a next page without an empty last page.
      const events: CatalogEventItem[] = [];
      do {
        const page: QueryCommandOutput = await doc.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'byListing',
            KeyConditionExpression: 'listPk = :list AND listSk >= :from',
            ExpressionAttributeValues: { ':list': LISTING_PK, ':from': at.toISOString() },
            Limit: limit + 1 - events.length,
            ExclusiveStartKey: startKey,
          }),
        );
        events.push(...((page.Items ?? []) as CatalogEventItem[]).filter((item) => item.sk === EVENT_SK));
        startKey = page.LastEvaluatedKey;
      } while (startKey && events.length <= limit);

      const pageEvents = events.slice(0, limit);
      const withTypes = await Promise.all(
        pageEvents.map(async (event) => ({ event, ticketTypes: await queryTicketTypes(event.eventId, false) })),
      );
      const items = withTypes
        .filter(({ ticketTypes }) => ticketTypes.length > 0)
        .map(({ event, ticketTypes }) => toEventSummary(event, ticketTypes, at));
      const last = pageEvents.at(-1);
      return { items, ...(events.length > limit && last ? { nextCursor: encodeListingCursor(last.listSk) } : {}) };
    },
  };
}
