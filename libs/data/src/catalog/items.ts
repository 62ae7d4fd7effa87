import { isIanaTimeZone } from '@tth/contracts';
import type { EventInput, TicketTypeInput } from '@tth/contracts/demo';

/** Catalog items as stored (see the Catalog table in tables.ts). */
export interface CatalogEventItem {
  readonly pk: string;
  readonly sk: 'EVENT';
  readonly listPk: 'EVENT';
  /** `<startsAt ISO>#<eventId>`: orders the byListing index by start time. */
  readonly listSk: string;
  readonly eventId: string;
  readonly name: string;
  readonly venue: string;
  readonly city: string;
  /** IANA time zone of the venue: `startsAt` and `onSaleAt` are shown as wall-clock times there. */
  readonly timeZone: string;
  /** ISO 8601, UTC. */
  readonly startsAt: string;
  readonly onSaleAt: string;
  readonly description: string;
  readonly imageAlt?: string;
  readonly currency: string;
}

export interface CatalogTicketTypeItem {
  readonly pk: string;
  /** `TT#<ticketTypeId>` */
  readonly sk: string;
  readonly eventId: string;
  readonly ticketTypeId: string;
  readonly name: string;
  readonly description?: string;
  /** Smallest currency unit. */
  readonly price: number;
  readonly currency: string;
  readonly capacity: number;
  /** Seats left: decremented (conditionally) by holds, incremented by releases. */
  readonly available: number;
  readonly maxPerOrder: number;
  readonly sortOrder: number;
}

export const EVENT_SK = 'EVENT';
export const LISTING_PK = 'EVENT';
const TICKET_TYPE_PREFIX = 'TT#';

/** Key helpers, so no one spells `EVENT#…` by hand. */
export const catalogKeys = {
  eventPk: (eventId: string) => `EVENT#${eventId}`,
  event: (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: EVENT_SK }),
  ticketTypeSkPrefix: TICKET_TYPE_PREFIX,
  ticketType: (eventId: string, ticketTypeId: string) => ({
    pk: `EVENT#${eventId}`,
    sk: `${TICKET_TYPE_PREFIX}${ticketTypeId}`,
  }),
  listSk: (startsAt: string, eventId: string) => `${startsAt}#${eventId}`,
};

export function isTicketTypeItem(item: Record<string, unknown>): boolean {
  return typeof item['sk'] === 'string' && item['sk'].startsWith(TICKET_TYPE_PREFIX);
}

export type { EventInput, TicketTypeInput };

const iso = (value: Date | string) => (typeof value === 'string' ? new Date(value) : value).toISOString();

/** The stored items for one event and its ticket types. */
export function buildCatalogItems(input: EventInput): {
  event: CatalogEventItem;
  ticketTypes: CatalogTicketTypeItem[];
} {
  const currency = input.currency ?? 'EUR';
  if (!isIanaTimeZone(input.timeZone))
    throw new Error(
      `${input.eventId}: timeZone must be an IANA time zone name such as Europe/Berlin (got "${input.timeZone}")`,
    );
  const startsAt = iso(input.startsAt);
  const event: CatalogEventItem = {
    ...catalogKeys.event(input.eventId),
    sk: EVENT_SK,
    listPk: LISTING_PK,
    listSk: catalogKeys.listSk(startsAt, input.eventId),
    eventId: input.eventId,
    name: input.name,
    venue: input.venue,
    city: input.city,
    timeZone: input.timeZone,
    startsAt,
    onSaleAt: iso(input.onSaleAt),
    description: input.description,
    ...(input.imageAlt ? { imageAlt: input.imageAlt } : {}),
    currency,
  };
  const ticketTypes = input.ticketTypes.map((type, index): CatalogTicketTypeItem => {
    const available = type.available ?? type.capacity;
    if (!Number.isInteger(type.price) || type.price < 0)
      throw new Error(`${input.eventId}/${type.ticketTypeId}: price must be a non-negative integer (minor units)`);
    if (!Number.isInteger(type.capacity) || available < 0 || available > type.capacity) {
      throw new Error(`${input.eventId}/${type.ticketTypeId}: available must be between 0 and capacity`);
    }
    return {
      ...catalogKeys.ticketType(input.eventId, type.ticketTypeId),
      eventId: input.eventId,
      ticketTypeId: type.ticketTypeId,
      name: type.name,
      ...(type.description ? { description: type.description } : {}),
      price: type.price,
      currency,
      capacity: type.capacity,
      available,
      maxPerOrder: type.maxPerOrder ?? 10,
      sortOrder: index,
    };
  });
  return { event, ticketTypes };
}
