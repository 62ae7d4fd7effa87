import type { ProcessedEventsRepository } from '@tth/data';
import type { Logger } from '@tth/runtime';
import { deliveryKey, ORDER_EVENT_SOURCE, type OrderBusEvent, type OrderEventDetail } from './order-events';

/** What a consumer did with an event, recorded next to its (order, kind) claim. */
export type ConsumerOutcome = string;

export interface OrderEventConsumerDeps {
  /** Names the consumer: its claims are its own (two consumers of one event each run once). */
  readonly consumer: string;
  readonly processedEvents: Pick<ProcessedEventsRepository, 'claim' | 'markDone' | 'release'>;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** How long a claim blocks other deliveries of the same (order, kind) while it runs; default 5 min. */
  readonly leaseMs?: number;
  /** How long the record of a handled event is kept; default 400 days (longer than any refund window). */
  readonly retentionDays?: number;
}

export type OrderEventConsumer = (event: OrderBusEvent) => Promise<OrderEventConsumerResult>;
export type OrderEventConsumerResult =
  | { readonly handled: true; readonly outcome: ConsumerOutcome }
  | { readonly handled: false; readonly reason: 'already-handled' | 'not-an-order-event' };

/** Another delivery of the same (order, kind) is being handled right now: try again later. */
export class OrderEventInProgressError extends Error {
  override readonly name = 'OrderEventInProgressError';
}

/**
 * Wraps a consumer's work so it runs once per (order, event kind), whatever the bus, the stream
 * or the retries deliver: a conditional put claims `order-event#<consumer>#<order>#<kind>` in the
 * ProcessedEvents table, the work runs, the claim is marked DONE. A failure gives the claim back
 * and rethrows, so the delivery is retried (and finally dead-lettered). A delivery that finds the
 * claim DONE does nothing; one that finds it held by a running delivery fails and is retried.
 */
export function createOrderEventConsumer(
  deps: OrderEventConsumerDeps,
  handle: (detail: OrderEventDetail, logger: Logger) => Promise<ConsumerOutcome>,
): OrderEventConsumer {
  const now = deps.now ?? (() => new Date());
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  const retentionSeconds = (deps.retentionDays ?? 400) * 24 * 60 * 60;

  return async (event) => {
    const detail = event.detail;
    if (event.source !== ORDER_EVENT_SOURCE || !detail?.orderId || !detail.kind)
      return { handled: false, reason: 'not-an-order-event' };
    const logger = deps.logger.child({ orderId: detail.orderId, kind: detail.kind, consumer: deps.consumer });
    const key = deliveryKey(deps.consumer, detail);
    const started = now();
    const lease = started.getTime() + leaseMs;
    const claim = await deps.processedEvents.claim(
      {
        eventId: key,
        type: `order-event:${detail.kind}`,
        state: 'PROCESSING',
        leaseExpiresAt: lease,
        receivedAt: started.toISOString(),
        orderId: detail.orderId,
        expiresAt: Math.floor(started.getTime() / 1000) + retentionSeconds,
      },
      started.getTime(),
    );
    if (!claim.claimed) {
      if (claim.existing?.state === 'PROCESSING')
        throw new OrderEventInProgressError(`${key} is being handled by another delivery`);
      logger.info('Order event already handled; skipped');
      return { handled: false, reason: 'already-handled' };
    }

    let outcome: ConsumerOutcome;
    try {
      outcome = await handle(detail, logger);
    } catch (error) {
      await deps.processedEvents.release(key, lease);
      logger.warn('Order event consumer failed; the delivery will be retried', {
        error: (error as Error).message,
        errorName: (error as Error).name,
      });
      throw error;
    }
    await deps.processedEvents.markDone(key, lease, {
      processedAt: now().toISOString(),
      outcome,
      orderId: detail.orderId,
    });
    logger.info('Order event handled', { outcome });
    return { handled: true, outcome };
  };
}
