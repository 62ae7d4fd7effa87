import { randomUUID } from 'node:crypto';
import type { Logger } from '@tth/runtime';
import type { FulfillmentOrderStore } from './order-store';

export interface RedriveRequest {
  /** Only these orders; default: every FULFILLMENT_FAILED order (up to `limit`). */
  readonly orderIds?: readonly string[];
  /** Most orders re-queued in one run; default 500. */
  readonly limit?: number;
  /** List what would be re-queued without changing anything. */
  readonly dryRun?: boolean;
}

export interface RedriveSkip {
  readonly orderId: string;
  readonly reason: 'not-found' | 'not-failed';
  readonly status?: string;
}

export interface RedriveResult {
  /** Correlation id of this run, on every log line it wrote. */
  readonly runId: string;
  readonly dryRun: boolean;
  /** Re-queued (or, in a dry run, would be). */
  readonly requeued: readonly string[];
  readonly skipped: readonly RedriveSkip[];
  /** More FULFILLMENT_FAILED orders are left than `limit` allowed: run it again. */
  readonly more: boolean;
}

export interface RedriveDeps {
  readonly orders: Pick<FulfillmentOrderStore, 'get' | 'requeue' | 'listFailed'>;
  readonly clock: () => Date;
  readonly logger: Logger;
}

const MAX_ORDER_IDS = 1000;
const ORDER_ID = /^ord_[0-9A-HJKMNP-TV-Z]{26}$/;

/** A redrive request that cannot be run; the message says what to fix. */
export class RedriveRequestError extends Error {
  override name = 'RedriveRequestError';
}

/**
 * Reads an operator's redrive request (the Lambda's invocation payload or the CLI's options):
 * `{}` or nothing re-queues every failed order; `orderIds`, `limit` and `dryRun` narrow it down.
 * Anything else is refused with a RedriveRequestError naming the field.
 */
export function parseRedriveRequest(input: unknown): RedriveRequest {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input))
    throw new RedriveRequestError(
      'The redrive request must be a JSON object such as {"orderIds": ["ord_…"], "limit": 100, "dryRun": true}',
    );
  const { orderIds, limit, dryRun, ...unknown } = input as Record<string, unknown>;
  const extra = Object.keys(unknown);
  if (extra.length > 0)
    throw new RedriveRequestError(`Unknown redrive option(s): ${extra.join(', ')} (allowed: orderIds, limit, dryRun)`);
  const request: { orderIds?: string[]; limit?: number; dryRun?: boolean } = {};
  if (orderIds !== undefined) {
    if (!Array.isArray(orderIds) || orderIds.length === 0)
      throw new RedriveRequestError('orderIds must be a non-empty array of order ids');
    if (orderIds.length > MAX_ORDER_IDS)
      throw new RedriveRequestError(`orderIds may name at most ${MAX_ORDER_IDS} orders`);
    const invalid = orderIds.filter((id) => typeof id !== 'string' || !ORDER_ID.test(id));
    if (invalid.length > 0)
      throw new RedriveRequestError(
        `Not an order id: ${invalid
          .slice(0, 3)
          .map((id) => JSON.stringify(id))
          .join(', ')}`,
      );
    request.orderIds = orderIds as string[];
  }
  if (limit !== undefined) {
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw new RedriveRequestError('limit must be an integer from 1 to 10000');
    request.limit = limit;
  }
  if (dryRun !== undefined) {
    if (typeof dryRun !== 'boolean') throw new RedriveRequestError('dryRun must be true or false');
    request.dryRun = dryRun;
  }
  return request;
}

/**
 * The operator's redrive after the provider recovered (or a bad order was fixed): every chosen
 * FULFILLMENT_FAILED order goes back to FULFILLING with a fresh attempt budget. That write is the
 * trigger (the Orders stream → the worker), so redrive itself never calls the provider and can be
 * run again safely: an order already re-queued or fulfilled is skipped, never touched twice.
 */
export async function redriveFailedOrders(deps: RedriveDeps, request: RedriveRequest = {}): Promise<RedriveResult> {
  const runId = randomUUID();
  const dryRun = request.dryRun ?? false;
  const limit = request.limit ?? 500;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  if (request.orderIds && request.orderIds.length > MAX_ORDER_IDS)
    throw new RangeError(`At most ${MAX_ORDER_IDS} order ids per redrive`);
  const logger = deps.logger.child({ correlationId: runId });
  logger.info('Fulfillment redrive started', { dryRun, limit, selectedOrders: request.orderIds?.length });

  const requeued: string[] = [];
  const skipped: RedriveSkip[] = [];
  let more = false;

  const requeueOne = async (orderId: string) => {
    const orderLogger = logger.child({ orderId });
    if (dryRun) {
      const order = await deps.orders.get(orderId);
      if (order?.status === 'FULFILLMENT_FAILED') requeued.push(orderId);
      else skipped.push(skip(orderId, order?.status));
      return;
    }
    const result = await deps.orders.requeue(orderId, deps.clock().toISOString());
    if (result.ok) {
      requeued.push(orderId);
      orderLogger.info('Order FULFILLMENT_FAILED → FULFILLING (redrive)', {
        redrives: result.order.fulfillmentRedrives,
      });
      return;
    }
    const current = await deps.orders.get(orderId);
    skipped.push(skip(orderId, current?.status));
    orderLogger.info('Redrive skipped the order: it is not FULFILLMENT_FAILED', {
      status: current?.status ?? 'not found',
    });
  };

  if (request.orderIds) {
    for (const orderId of new Set(request.orderIds)) await requeueOne(orderId);
  } else {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await deps.orders.listFailed({
        limit: Math.min(100, limit - requeued.length - skipped.length),
        ...(startKey ? { startKey } : {}),
      });
      for (const orderId of page.orderIds) await requeueOne(orderId);
      startKey = page.nextKey;
      if (requeued.length + skipped.length >= limit) {
        more = Boolean(startKey);
        break;
      }
    } while (startKey);
  }

  logger.info('Fulfillment redrive finished', { dryRun, requeued: requeued.length, skipped: skipped.length, more });
  return { runId, dryRun, requeued, skipped, more };
}

function skip(orderId: string, status: string | undefined): RedriveSkip {
  return status === undefined ? { orderId, reason: 'not-found' } : { orderId, reason: 'not-failed', status };
}
