import type { OrderRecord } from '@tth/data';
import { ConflictError, NotFoundError, UnauthorizedError, type Logger } from '@tth/runtime';
import type { OrderDeps } from './deps';
import { hashOrderToken, orderTokenMatches } from './order-token';
import { toOrderView, type OrderView } from './order-view';
import { applyTransition } from './transitions';

/** Compared against when the order does not exist, so both failures cost the same work. */
const ABSENT_ORDER_TOKEN_HASH = hashOrderToken('no order has this token');

/**
 * The order, if the token opens it. A wrong token and an unknown order give the same 404, so
 * the API never confirms that an order id exists.
 */
export async function authorisedOrder(
  deps: OrderDeps,
  orderId: string,
  token: string | undefined,
): Promise<OrderRecord> {
  if (!token) throw new UnauthorizedError('The X-Order-Token header is required.');
  const order = await deps.repositories.orders.get(orderId);
  const matches = orderTokenMatches(token, order?.tokenHash ?? ABSENT_ORDER_TOKEN_HASH);
  if (!order || !matches) throw new NotFoundError('No order with this id and token.');
  return order;
}

export async function getOrder(deps: OrderDeps, orderId: string, token: string | undefined): Promise<OrderView> {
  return toOrderView(await authorisedOrder(deps, orderId, token));
}

/**
 * `POST /orders/{orderId}/cancel`: PENDING_PAYMENT → CANCELLED with the hold released (once:
 * the transition is conditional on PENDING_PAYMENT, whoever races). The Checkout Session is
 * expired first, so the buyer cannot pay for an order that no longer holds seats; if Stripe says
 * it was already paid, the order is not cancellable (the completed webhook settles it).
 * Cancelling a cancelled order returns it unchanged.
 */
export async function cancelOrder(
  deps: OrderDeps,
  orderId: string,
  token: string | undefined,
  logger: Logger,
): Promise<OrderView> {
  let order = await authorisedOrder(deps, orderId, token);
  const orderLogger = logger.child({ orderId });

  for (let attempt = 0; attempt < 3; attempt++) {
    if (order.status === 'CANCELLED') return toOrderView(order);
    if (order.status !== 'PENDING_PAYMENT') throw notCancellable(order);

    if (order.checkoutSessionId) {
      const expiry = await (await deps.gateway()).expireCheckoutSession(order.checkoutSessionId);
      if (expiry === 'complete')
        throw new ConflictError('ORDER_NOT_CANCELLABLE', 'This order has been paid and can no longer be cancelled.');
      if (expiry === 'unknown')
        orderLogger.warn('Could not expire the checkout session; cancelling anyway', {
          checkoutSessionId: order.checkoutSessionId,
        });
    }

    const result = await applyTransition(deps.repositories.orders, order, 'CANCELLED', {
      now: deps.clock().toISOString(),
      reason: 'Cancelled by the buyer.',
    });
    if (result.ok) {
      orderLogger.info('Order cancelled by the buyer; hold released');
      const cancelled = await deps.repositories.orders.get(orderId);
      if (cancelled) return toOrderView(cancelled);
      throw new Error('Cancelled order vanished');
    }
    // Someone else moved the order first (webhook, sweep, a second cancel): decide on what it is now.
    const current = await deps.repositories.orders.get(orderId);
    if (!current) throw new NotFoundError('No order with this id and token.');
    order = current;
  }
  throw notCancellable(order);
}

function notCancellable(order: OrderRecord): ConflictError {
  return new ConflictError('ORDER_NOT_CANCELLABLE', `An order in status ${order.status} cannot be cancelled.`);
}
