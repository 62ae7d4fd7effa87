import {
  orderItemIssues,
  priceLines,
  seatShortages,
  soldOutDetail,
  SOLD_OUT_MESSAGE,
  type OrderItemRequest,
  type OrderLine,
  type OrderTotals,
} from '@tth/contracts/rules';
import { ConflictError, InternalError, ValidationError } from '@tth/runtime';
import type { EventWithTicketTypes } from './catalog';

export type { OrderItemRequest, OrderLine, OrderTotals };

export interface PricedOrder {
  readonly lines: readonly OrderLine[];
  readonly totals: OrderTotals;
}

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
 * quantities. The rules (@tth/contracts/rules, shared with the mock API) name each offending
 * field in a 400.
 */
export function priceOrder(catalog: EventWithTicketTypes, items: readonly OrderItemRequest[]): PricedOrder {
  const issues = orderItemIssues(catalog.ticketTypes, items);
  if (issues.length > 0) throw new ValidationError(issues);
  const currency = catalog.event.currency;
  const requested = new Set(items.map((item) => item.ticketTypeId));
  const untrusted = catalog.ticketTypes.some(
    (type) =>
      requested.has(type.ticketTypeId) &&
      (type.currency !== currency || !Number.isSafeInteger(type.price) || type.price < 0),
  );
  // Catalog data error, not the buyer's: never charge a price we cannot trust.
  if (untrusted) throw new InternalError();
  return priceLines(catalog.ticketTypes, items, currency);
}

/**
 * Fast refusal when a consistent catalog read already shows too few seats. Only an optimisation:
 * the hold transaction's availability condition stays the authority.
 */
export function assertSeatsVisible(catalog: EventWithTicketTypes, lines: readonly OrderLine[]): void {
  const shortages = seatShortages(catalog.ticketTypes, lines);
  if (shortages.length > 0) throw new ConflictError('SOLD_OUT', SOLD_OUT_MESSAGE, shortages);
}

export function soldOut(ticketTypeIds: readonly string[]): ConflictError {
  return new ConflictError('SOLD_OUT', SOLD_OUT_MESSAGE, ticketTypeIds.map(soldOutDetail));
}
