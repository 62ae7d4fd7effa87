/**
 * `@tth/contracts/rules`: the order flow's pricing rules, pure and on the contract's own types,
 * so the server (libs/orders) and the mock API (`@tth/contracts/testing`) apply the very same
 * ones: which requested items are refused and why, when seats are short, and what a line costs.
 */
import type { ErrorDetail, Schemas } from '../types';

export type OrderLine = Schemas['OrderLine'];
export type OrderTotals = Schemas['OrderTotals'];
export type OrderItemRequest = Schemas['OrderItemRequest'];

/** What pricing needs of a ticket type: the catalog's record, or the API's `TicketType` mapped to it. */
export interface PriceableTicketType {
  readonly ticketTypeId: string;
  readonly name: string;
  /** Integer, smallest currency unit. */
  readonly price: number;
  readonly maxPerOrder: number;
  readonly available: number;
}

/** Booking fees are not charged yet; kept explicit so the totals always add up. */
export const BOOKING_FEE = 0;

/** The message of a 409 SOLD_OUT. */
export const SOLD_OUT_MESSAGE = 'Not enough seats are left for this order.';

/**
 * What is wrong with the requested items, each naming its field (400 VALIDATION_FAILED): a
 * ticket type may appear once per order (a repeat is refused rather than merged, so
 * `maxPerOrder` and the seat hold apply to exactly what the buyer asked for), must belong to
 * the event, and is limited to its `maxPerOrder`.
 */
export function orderItemIssues(
  ticketTypes: readonly PriceableTicketType[],
  items: readonly OrderItemRequest[],
): ErrorDetail[] {
  const byId = new Map(ticketTypes.map((type) => [type.ticketTypeId, type]));
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
  return issues;
}

/** The ticket types with fewer seats left than the lines ask for (409 SOLD_OUT details). */
export function seatShortages(
  ticketTypes: readonly PriceableTicketType[],
  lines: readonly Pick<OrderLine, 'ticketTypeId' | 'quantity'>[],
): ErrorDetail[] {
  return lines
    .filter((line) => {
      const ticketType = ticketTypes.find((type) => type.ticketTypeId === line.ticketTypeId);
      return !ticketType || ticketType.available < line.quantity;
    })
    .map((line) => soldOutDetail(line.ticketTypeId));
}

export function soldOutDetail(ticketTypeId: string): ErrorDetail {
  return { ticketTypeId, message: 'not enough seats left' };
}

/** Lines and totals priced from the ticket types (items already free of `orderItemIssues`). */
export function priceLines(
  ticketTypes: readonly PriceableTicketType[],
  items: readonly OrderItemRequest[],
  currency: string,
): { lines: OrderLine[]; totals: OrderTotals } {
  const lines = items.map((item): OrderLine => {
    const ticketType = ticketTypes.find((type) => type.ticketTypeId === item.ticketTypeId);
    if (!ticketType) throw new Error(`No ticket type ${item.ticketTypeId}: check orderItemIssues first`);
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
