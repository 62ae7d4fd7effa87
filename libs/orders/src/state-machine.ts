import type { OrderStatus } from '@tth/contracts';

/** What a transition does to the order's seats, applied in the same transaction as the status change. */
export type SeatEffect =
  /** Seats stay as they are (still held, or sold). */
  | 'keep'
  /** The hold ends: the seats go back on sale (exactly once, because the status condition guards it). */
  | 'release'
  /** A late payment takes the seats again, conditional on each ticket type still having them. */
  | 'retake';

export interface Transition {
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  readonly seats: SeatEffect;
}

/** Statuses in which the order holds no seats because its hold was released. */
export const HOLD_RELEASED_STATUSES: readonly OrderStatus[] = ['EXPIRED', 'CANCELLED', 'PAYMENT_FAILED'];

/** Statuses that mean "the buyer has paid and the order owns its seats". */
export const PAID_STATUSES: readonly OrderStatus[] = ['PAID', 'FULFILLING', 'FULFILLED', 'FULFILLMENT_FAILED'];

const t = (from: OrderStatus, to: OrderStatus, seats: SeatEffect = 'keep'): Transition => ({ from, to, seats });

/**
 * Every legal transition (DESIGN.md §3, docs/decisions/020-order-state-machine.md). Anything not
 * listed is refused. Beyond the design's list: a payment that arrives after the hold was released
 * either re-takes the seats (→ PAID) or is refunded (→ REFUNDED); a refund recorded by Stripe is
 * accepted from any paid status, because the money has already gone back; and a payment that was
 * fully refunded before it was settled ends the hold (PENDING_PAYMENT → REFUNDED, seats released).
 */
export const TRANSITIONS: readonly Transition[] = [
  t('PENDING_PAYMENT', 'PAID'),
  t('PENDING_PAYMENT', 'EXPIRED', 'release'),
  t('PENDING_PAYMENT', 'CANCELLED', 'release'),
  t('PENDING_PAYMENT', 'PAYMENT_FAILED', 'release'),
  // Paid and fully refunded at Stripe before the payment was settled here: never sold.
  t('PENDING_PAYMENT', 'REFUNDED', 'release'),
  t('PAID', 'FULFILLING'),
  t('FULFILLING', 'FULFILLED'),
  t('FULFILLING', 'FULFILLMENT_FAILED'),
  // Operator redrive after the dead-letter alarm.
  t('FULFILLMENT_FAILED', 'FULFILLING'),
  t('PAID', 'REFUNDED'),
  t('FULFILLING', 'REFUNDED'),
  t('FULFILLED', 'REFUNDED'),
  t('FULFILLMENT_FAILED', 'REFUNDED'),
  // Late payment: the hold was already released when the money arrived.
  ...HOLD_RELEASED_STATUSES.flatMap((from) => [t(from, 'PAID', 'retake'), t(from, 'REFUNDED')]),
];

const byKey = new Map(TRANSITIONS.map((transition) => [`${transition.from}>${transition.to}`, transition]));

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(`Illegal order transition ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function findTransition(from: OrderStatus, to: OrderStatus): Transition | undefined {
  return byKey.get(`${from}>${to}`);
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return byKey.has(`${from}>${to}`);
}

/** The transition from → to, or an IllegalTransitionError: callers never write an unlisted change. */
export function requireTransition(from: OrderStatus, to: OrderStatus): Transition {
  const transition = findTransition(from, to);
  if (!transition) throw new IllegalTransitionError(from, to);
  return transition;
}

export function holdWasReleased(status: OrderStatus): boolean {
  return HOLD_RELEASED_STATUSES.includes(status);
}

export function isPaid(status: OrderStatus): boolean {
  return PAID_STATUSES.includes(status);
}
