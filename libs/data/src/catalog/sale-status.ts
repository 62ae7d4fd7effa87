import type { Schemas } from '@tth/contracts';
import type { CatalogEventItem, CatalogTicketTypeItem } from './items';

export type SaleStatus = Schemas['SaleStatus'];

/** UPCOMING before the sale opens, SOLD_OUT with no seats left, otherwise ON_SALE. */
export function ticketTypeSaleStatus(
  event: Pick<CatalogEventItem, 'onSaleAt'>,
  ticketType: Pick<CatalogTicketTypeItem, 'available'>,
  now: Date,
): SaleStatus {
  if (now.getTime() < Date.parse(event.onSaleAt)) return 'UPCOMING';
  return ticketType.available <= 0 ? 'SOLD_OUT' : 'ON_SALE';
}

/** An event is SOLD_OUT only when every ticket type is. */
export function eventSaleStatus(
  event: Pick<CatalogEventItem, 'onSaleAt'>,
  ticketTypes: readonly Pick<CatalogTicketTypeItem, 'available'>[],
  now: Date,
): SaleStatus {
  if (now.getTime() < Date.parse(event.onSaleAt)) return 'UPCOMING';
  return ticketTypes.some((type) => type.available > 0) ? 'ON_SALE' : 'SOLD_OUT';
}
