import type { OrderStatus } from '@tth/contracts';
import type { Logger } from '@tth/runtime';
import type { FulfillmentMetrics } from './metrics';
import type { FulfillmentErrorRecord, FulfillmentOrder, FulfillmentOrderStore } from './order-store';
import { ProviderError, type FulfillmentProviderClient } from './provider-client';
import { issuanceItems, toOrderTickets } from './tickets';

export interface FulfillmentDeps {
  readonly orders: Pick<FulfillmentOrderStore, 'get' | 'beginAttempt' | 'noteFailure' | 'complete' | 'fail'>;
  readonly provider: FulfillmentProviderClient;
  readonly metrics: FulfillmentMetrics;
  readonly clock: () => Date;
  /**
   * Provider attempts per order (each with the client's own quick retries) before it is marked
   * FULFILLMENT_FAILED. Keep it at most the stream's retry budget + 1 (tools/infra
   * streamRetryAttempts, the local poller's maxRetries) so the budget runs out here first.
   */
  readonly maxAttempts: number;
}

export type FulfillmentOutcome =
  | { readonly kind: 'fulfilled'; readonly ticketCount: number; readonly replayed: boolean }
  /** Nothing to do: the tickets are already on the order. */
  | { readonly kind: 'already-fulfilled' }
  | { readonly kind: 'not-found' }
  /** The order is in a status fulfillment does not act on (e.g. REFUNDED). */
  | { readonly kind: 'not-applicable'; readonly status: OrderStatus | undefined }
  /** A transient failure with attempts left: the order stays FULFILLING for the next delivery. */
  | { readonly kind: 'retry-later'; readonly attempt: number; readonly error: FulfillmentErrorRecord }
  /** The order is FULFILLMENT_FAILED (`now`: by this call; otherwise it already was). */
  | { readonly kind: 'failed'; readonly now: boolean; readonly error?: FulfillmentErrorRecord };

export interface FulfillmentContext {
  readonly logger: Logger;
  /** Ties every log line (and the provider call) of one trigger together; the stream record's id. */
  readonly correlationId: string;
}

// A conditional write that loses a race re-reads the order; more rounds than this means a bug.
const MAX_ROUNDS = 5;

/**
 * Fulfils one order that became PAID (or was re-queued): PAID → FULFILLING (conditional), one
 * provider attempt with the order id as idempotency key, then FULFILLING → FULFILLED with the
 * tickets (conditional). It is safe to run any number of times, concurrently too: a worker that
 * died after FULFILLING is resumed from FULFILLING with the same key, so the provider replays the
 * issuance instead of issuing twice. Unexpected errors (DynamoDB unavailable, …) are thrown for
 * the caller to retry.
 */
export async function fulfillOrder(
  deps: FulfillmentDeps,
  orderId: string,
  context: FulfillmentContext,
): Promise<FulfillmentOutcome> {
  const logger = context.logger.child({ orderId, correlationId: context.correlationId });
  const now = () => deps.clock().toISOString();

  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const order = await deps.orders.get(orderId);
    if (!order) {
      logger.warn('Fulfillment skipped: order not found');
      return { kind: 'not-found' };
    }
    if (order.status === 'FULFILLED') {
      logger.info('Fulfillment skipped: order already fulfilled');
      return { kind: 'already-fulfilled' };
    }
    if (order.status === 'FULFILLMENT_FAILED') {
      logger.warn('Fulfillment skipped: order is FULFILLMENT_FAILED and waits for a redrive');
      return {
        kind: 'failed',
        now: false,
        ...(order.fulfillmentLastError ? { error: order.fulfillmentLastError } : {}),
      };
    }
    if (order.status !== 'PAID' && order.status !== 'FULFILLING') {
      logger.info('Fulfillment skipped: order is not awaiting tickets', { status: order.status });
      return { kind: 'not-applicable', status: order.status };
    }

    const attemptsSoFar = order.fulfillmentAttempts ?? 0;
    if (order.status === 'FULFILLING' && attemptsSoFar >= deps.maxAttempts) {
      // Every attempt was used up without an answer recorded (workers died mid-call): stop here.
      const error: FulfillmentErrorRecord = {
        kind: 'exhausted',
        message: `No successful provider attempt in ${attemptsSoFar} attempts`,
        at: now(),
      };
      const outcome = await markFailed(deps, order, error, logger);
      if (outcome) return outcome;
      continue;
    }

    const started = await deps.orders.beginAttempt(orderId, order.status, now());
    if (!started.ok) {
      logger.info('Order changed while starting fulfillment; reading it again', { expectedStatus: order.status });
      continue;
    }
    const attempt = started.order.fulfillmentAttempts ?? attemptsSoFar + 1;
    if (order.status === 'PAID') {
      logger.info('Order PAID → FULFILLING', { attempt, maxAttempts: deps.maxAttempts });
    } else {
      logger.info('Fulfillment resumed from FULFILLING', { attempt, maxAttempts: deps.maxAttempts });
      deps.metrics.count('FulfillmentRetried');
    }
    return await attemptIssuance(deps, started.order, attempt, logger, context.correlationId);
  }
  throw new Error(`Order ${orderId} kept changing while fulfillment was starting`);
}

async function attemptIssuance(
  deps: FulfillmentDeps,
  order: FulfillmentOrder,
  attempt: number,
  logger: Logger,
  correlationId: string,
): Promise<FulfillmentOutcome> {
  const now = () => deps.clock().toISOString();
  let issuance;
  let tickets;
  try {
    logger.info('Calling the fulfillment provider', { attempt, idempotencyKey: order.orderId });
    issuance = await deps.provider.issueTickets(
      { orderId: order.orderId, eventId: order.eventId, items: issuanceItems(order.lines) },
      { logger, correlationId, onRetry: () => deps.metrics.count('FulfillmentRetried') },
    );
    tickets = toOrderTickets(issuance.tickets, order.lines);
  } catch (thrown) {
    if (!(thrown instanceof ProviderError)) throw thrown;
    const error = errorRecord(thrown, now());
    if (!thrown.retryable || attempt >= deps.maxAttempts) {
      return (await markFailed(deps, order, error, logger)) ?? (await settledOutcome(deps, order.orderId, logger));
    }
    await deps.orders.noteFailure(order.orderId, error);
    logger.warn('Fulfillment attempt failed; it will be retried', {
      attempt,
      maxAttempts: deps.maxAttempts,
      errorKind: error.kind,
      httpStatus: error.httpStatus,
      error: error.message,
    });
    return { kind: 'retry-later', attempt, error };
  }

  const completed = await deps.orders.complete(order.orderId, tickets, issuance.issuanceId, now());
  if (!completed.ok) return settledOutcome(deps, order.orderId, logger, issuance.issuanceId);
  deps.metrics.count('OrdersFulfilled');
  logger.info('Order FULFILLING → FULFILLED', {
    attempt,
    issuanceId: issuance.issuanceId,
    ticketCount: tickets.length,
    replayed: issuance.replayed,
  });
  return { kind: 'fulfilled', ticketCount: tickets.length, replayed: issuance.replayed };
}

/** FULFILLING → FULFILLMENT_FAILED; undefined when the order was no longer FULFILLING. */
async function markFailed(
  deps: FulfillmentDeps,
  order: FulfillmentOrder,
  error: FulfillmentErrorRecord,
  logger: Logger,
): Promise<FulfillmentOutcome | undefined> {
  const failed = await deps.orders.fail(order.orderId, error);
  if (!failed.ok) return undefined;
  deps.metrics.count('FulfillmentFailed');
  // `alert` makes the line match the operators' metric filter, like the order flow's alerts.
  logger.error('Order FULFILLING → FULFILLMENT_FAILED', {
    alert: 'FulfillmentFailed',
    attempts: failed.order.fulfillmentAttempts,
    errorKind: error.kind,
    httpStatus: error.httpStatus,
    error: error.message,
  });
  return { kind: 'failed', now: true, error };
}

/** After losing a conditional write: what happened to the order meanwhile. */
async function settledOutcome(
  deps: FulfillmentDeps,
  orderId: string,
  logger: Logger,
  issuanceId?: string,
): Promise<FulfillmentOutcome> {
  const current = await deps.orders.get(orderId);
  if (current?.status === 'FULFILLED') {
    logger.info('Another worker stored the tickets first');
    return { kind: 'already-fulfilled' };
  }
  if (current?.status === 'FULFILLMENT_FAILED')
    return {
      kind: 'failed',
      now: false,
      ...(current.fulfillmentLastError ? { error: current.fulfillmentLastError } : {}),
    };
  if (issuanceId) {
    // Tickets exist at the provider but the order moved on (e.g. refunded meanwhile): a human decides.
    logger.error('Tickets were issued but the order left FULFILLING before they were stored', {
      alert: 'FulfillmentOrphanedIssuance',
      issuanceId,
      status: current?.status,
    });
  }
  return { kind: 'not-applicable', status: current?.status };
}

function errorRecord(error: ProviderError, at: string): FulfillmentErrorRecord {
  return {
    kind: error.kind,
    message: error.message,
    ...(error.status !== undefined ? { httpStatus: error.status } : {}),
    at,
  };
}
