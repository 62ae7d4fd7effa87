import type { Schemas } from '@tth/contracts';
import type { OrderRecord } from '@tth/data';

export type OrderView = Schemas['Order'];
export type CreateOrderResponse = Schemas['CreateOrderResponse'];

/** The contract's `Order` for a stored order (never the token hash, customer or payment ids). */
export function toOrderView(order: OrderRecord): OrderView {
  const view: OrderView = {
    orderId: order.orderId,
    eventId: order.eventId,
    eventName: order.eventName,
    status: order.status,
    lines: order.lines.map((line) => ({ ...line })),
    totals: { ...order.totals },
    holdExpiresAt: order.holdExpiresAt,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    tickets: (order.tickets ?? []).map((ticket) => ({ ...ticket })),
  };
  if (order.statusReason) view.statusReason = order.statusReason;
  // The checkout link is only useful (and only shown) while the order can still be paid.
  if (order.status === 'PENDING_PAYMENT' && order.checkoutUrl) view.checkoutUrl = order.checkoutUrl;
  return view;
}
