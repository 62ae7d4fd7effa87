import type { OrderLineRecord, TicketRecord } from '@tth/data';
import { ProviderError, type IssuedTicket } from './provider-client';

/** The provider request for an order: one line per ticket type, quantities as bought. */
export function issuanceItems(
  lines: readonly Pick<OrderLineRecord, 'ticketTypeId' | 'quantity'>[],
): Array<{ ticketTypeId: string; quantity: number }> {
  return lines.map((line) => ({ ticketTypeId: line.ticketTypeId, quantity: line.quantity }));
}

/**
 * The tickets as stored on the order (the contract's Ticket schema, so GET /orders/{orderId}
 * returns them as they are): the provider's codes with the ticket type name from the order line.
 * The provider must have issued exactly one ticket per seat bought; anything else is a protocol
 * error, because storing it would leave a buyer with too few (or someone else's) tickets.
 */
export function toOrderTickets(
  issued: readonly IssuedTicket[],
  lines: readonly Pick<OrderLineRecord, 'ticketTypeId' | 'name' | 'quantity'>[],
): TicketRecord[] {
  const lineByType = new Map(lines.map((line) => [line.ticketTypeId, line]));
  const issuedPerType = new Map<string, number>();
  for (const ticket of issued) {
    if (!lineByType.has(ticket.ticketTypeId))
      throw mismatch(`a ticket of type ${ticket.ticketTypeId}, which the order does not contain`);
    issuedPerType.set(ticket.ticketTypeId, (issuedPerType.get(ticket.ticketTypeId) ?? 0) + 1);
  }
  for (const line of lines) {
    const count = issuedPerType.get(line.ticketTypeId) ?? 0;
    if (count !== line.quantity)
      throw mismatch(`${count} tickets of type ${line.ticketTypeId} for ${line.quantity} seats`);
  }
  if (new Set(issued.map((ticket) => ticket.code)).size !== issued.length) throw mismatch('duplicate ticket codes');
  return issued.map((ticket) => ({
    code: ticket.code,
    ticketTypeId: ticket.ticketTypeId,
    ticketTypeName: (lineByType.get(ticket.ticketTypeId) as OrderLineRecord).name,
  }));
}

function mismatch(what: string): ProviderError {
  return new ProviderError(`Fulfillment provider issued ${what}`, 'protocol', false);
}
