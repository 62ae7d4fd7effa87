import type { OrderRecord } from '@tth/data';
import type { Logger } from '@tth/runtime';
import type { OrderDeps } from './deps';
import { applyTransition } from './transitions';

export interface SweepResult {
  /** Orders this run moved to EXPIRED (their seats released). */
  readonly expired: number;
  /** Due orders left alone: paid meanwhile, or already moved by the webhook or a cancel. */
  readonly skipped: number;
  /** Orders in PAID or FULFILLING for longer than the stuck threshold. */
  readonly stuckOrders: number;
}

/** An order paid (or fulfilling) for longer than this without moving on is "stuck" (alarm). */

export interface SweepOptions {
  /** Orders per page of the byStatus query. */
  readonly pageSize?: number;
  /** Stops after this many orders per run (the next run continues). */
  readonly maxOrders?: number;
  /** Orders in PAID or FULFILLING for longer count as stuck (the STUCK_ORDER_MINUTES setting). */
  readonly stuckAfterMinutes: number;
}

/**
 * The scheduled hold-expiry sweep: every PENDING_PAYMENT order whose hold is due is expired
 * exactly once (the transition is conditional on PENDING_PAYMENT, so it races safely with the
 * expiry webhook and with cancel). The Checkout Session is expired first: if Stripe reports it
 * paid, the order is left for the completed webhook instead of being released under a payment.
 */
export async function sweepExpiredHolds(deps: OrderDeps, logger: Logger, options: SweepOptions): Promise<SweepResult> {
  const now = deps.clock();
  const maxOrders = options.maxOrders ?? 500;
  let expired = 0;
  let skipped = 0;
  let seen = 0;
  let startKey: Record<string, unknown> | undefined;

  do {
    const page = await deps.repositories.orders.listDue('PENDING_PAYMENT', now.toISOString(), {
      limit: options.pageSize ?? 50,
      ...(startKey ? { startKey } : {}),
    });
    for (const order of page.items) {
      seen++;
      if (await expireHold(deps, order, logger)) expired++;
      else skipped++;
    }
    startKey = page.nextKey;
  } while (startKey && seen < maxOrders);

  const stuckBefore = new Date(now.getTime() - options.stuckAfterMinutes * 60_000).toISOString();
  const stuckOrders =
    (await deps.repositories.orders.countDue('PAID', stuckBefore)) +
    (await deps.repositories.orders.countDue('FULFILLING', stuckBefore));

  logger.info('Hold expiry sweep finished', { expired, skipped, stuckOrders });
  return { expired, skipped, stuckOrders };
}

async function expireHold(deps: OrderDeps, order: OrderRecord, logger: Logger): Promise<boolean> {
  const orderLogger = logger.child({ orderId: order.orderId });
  try {
    if (order.checkoutSessionId) {
      const expiry = await (await deps.gateway()).expireCheckoutSession(order.checkoutSessionId);
      if (expiry === 'complete') {
        orderLogger.info('Hold due but the session was paid; leaving it to the payment webhook');
        return false;
      }
      if (expiry === 'unknown') orderLogger.warn('Could not expire the checkout session; expiring the hold anyway');
    }
    const result = await applyTransition(deps.repositories.orders, order, 'EXPIRED', {
      now: deps.clock().toISOString(),
      reason: 'The hold expired before payment; the seats were released.',
    });
    if (result.ok) orderLogger.info('Hold expired by the sweep; seats released');
    return result.ok;
  } catch (error) {
    // One bad order must not stop the sweep; it is due again on the next run.
    orderLogger.error('Could not expire hold', { error });
    return false;
  }
}
