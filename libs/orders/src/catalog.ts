/** The catalog as the order flow sees it (a read of the Catalog table, see @tth/data). */
export interface CatalogEvent {
  readonly eventId: string;
  readonly name: string;
  readonly startsAt: string;
  readonly onSaleAt: string;
  readonly currency: string;
}

export interface CatalogTicketType {
  readonly eventId: string;
  readonly ticketTypeId: string;
  readonly name: string;
  /** Integer, smallest currency unit. */
  readonly price: number;
  readonly currency: string;
  readonly capacity: number;
  readonly available: number;
  readonly maxPerOrder: number;
}

export interface EventWithTicketTypes {
  readonly event: CatalogEvent;
  readonly ticketTypes: readonly CatalogTicketType[];
}
