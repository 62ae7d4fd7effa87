import type { OrderStatus } from '@tth/contracts';
import type { OrderRecord, OrdersRepository, PaymentRecord, TransitionResult } from '@tth/data';
import { requireTransition } from './state-machine';

export interface TransitionOptions {
  readonly now: string;
  readonly reason?: string;
  readonly paymentIntentId?: string;
  readonly payments?: readonly PaymentRecord[];
}

/**
 * Applies a state-machine transition to an order as read: refused (IllegalTransitionError) when
 * the machine does not list it, otherwise written conditionally on the status the caller saw,
 * with the transition's seat effect in the same transaction.
 */
export function applyTransition(
  orders: OrdersRepository,
  order: OrderRecord,
  to: OrderStatus,
  options: TransitionOptions,
): Promise<TransitionResult> {
  const transition = requireTransition(order.status, to);
  return orders.transition({ order, from: order.status, to, seats: transition.seats, ...options });
}
