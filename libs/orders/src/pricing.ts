import type { ErrorDetail, Schemas } from '@tth/contracts';
import { ConflictError, InternalError, ValidationError } from '@tth/runtime';
import type { CatalogTicketType, EventWithTicketTypes } from './catalog';

export type OrderLine = Schemas['OrderLine'];
export type OrderTotals = Schemas['OrderTotals'];
export type OrderItemRequest = Schemas['OrderItemRequest'];

export interface PricedOrder {
  readonly lines: readonly OrderLine[];
  readonly totals: OrderTotals;
}

/** Booking fees are not charged yet; kept explicit so the totals always add up. */
export const BOOKING_FEE = 0;

/**
 * Refuses a sale that has not opened (now < onSaleAt) or has closed (the event has started):
 * 409 SALE_NOT_OPEN in both cases, with the reason in the message.
 */
export function assertSaleOpen(catalog: EventWithTicketTypes, now: Date): void {
  const { event } = catalog;
  if (now.getTime() < Date.parse(event.onSaleAt)) {
    throw new ConflictError('SALE_NOT_OPEN', `Sales for this event open at ${new Date(event.onSaleAt).toISOString()}.`);
  }
  if (now.getTime() >= Date.parse(event.startsAt)) {
    throw new ConflictError('SALE_NOT_OPEN', 'Sales for this event have closed.');
  }
}

/**
 * Prices requested items from the catalog, server-side: the client only names ticket types and
 * quantities. Each problem becomes a 400 detail naming the offending field; a ticket type may
 * appear once per order (a repeated id is refused rather than merged, so `maxPerOrder` and the
 * seat hold apply to exactly what the buyer asked for).
 */
export function priceOrder(catalog: EventWithTicketTypes, items: readonly OrderItemRequest[]): PricedOrder {
  const byId = new Map<string, CatalogTicketType>(catalog.ticketTypes.map((tt) => [tt.ticketTypeId, tt]));
  const issues: ErrorDetail[] = [];
  const seen = new Map<string, number>();

  items.forEach((item, index) => {
    const field = `/body/items/${index}`;
    const first = seen.get(item.ticketTypeId);
    if (first !== undefined) {
      issues.push({
        field: `${field}/ticketTypeId`,
        message: `repeats items/${first}; list each ticket type once`,
        ticketTypeId: item.ticketTypeId,
      });
      return;
    }
    seen.set(item.ticketTypeId, index);
    const ticketType = byId.get(item.ticketTypeId);
    if (!ticketType) {
      issues.push({
        field: `${field}/ticketTypeId`,
        message: 'is not a ticket type of this event',
        ticketTypeId: item.ticketTypeId,
      });
      return;
    }
    if (item.quantity > ticketType.maxPerOrder) {
      issues.push({
        field: `${field}/quantity`,
        message: `must be at most ${ticketType.maxPerOrder} for this ticket type`,
        ticketTypeId: item.ticketTypeId,
      });
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);

  const currency = catalog.event.currency;
  const lines = items.map((item): OrderLine => {
    const ticketType = byId.get(item.ticketTypeId) as CatalogTicketType;
    if (ticketType.currency !== currency || !Number.isSafeInteger(ticketType.price) || ticketType.price < 0) {
      // Catalog data error, not the buyer's: never charge a price we cannot trust.
      throw new InternalError();
    }
    return {
      ticketTypeId: ticketType.ticketTypeId,
      name: ticketType.name,
      quantity: item.quantity,
      unitPrice: ticketType.price,
      lineTotal: ticketType.price * item.quantity,
    };
  });
  const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
  return { lines, totals: { subtotal, fees: BOOKING_FEE, total: subtotal + BOOKING_FEE, currency } };
}

/**
 * Fast refusal when a consistent catalog read already shows too few seats. Only an optimisation:
 * the hold transaction's availability condition stays the authority.
 */
export function assertSeatsVisible(catalog: EventWithTicketTypes, lines: readonly OrderLine[]): void {
  const short = lines.filter((line) => {
    const ticketType = catalog.ticketTypes.find((tt) => tt.ticketTypeId === line.ticketTypeId);
    return !ticketType || ticketType.available < line.quantity;
  });
  if (short.length > 0) throw soldOut(short.map((line) => line.ticketTypeId));
}

export function soldOut(ticketTypeIds: readonly string[]): ConflictError {
  return new ConflictError(
    'SOLD_OUT',
    'Not enough seats are left for this order.',
    ticketTypeIds.map((ticketTypeId) => ({ ticketTypeId, message: 'not enough seats left' })),
  );
}
