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
  if (request.orderIds && request.orderIds.length > MAX_ORDER_IDS) throw new RangeError(`At most ${MAX_ORDER_IDS} order ids per redrive`);
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
      orderLogger.info('Order FULFILLMENT_FAILED → FULFILLING (redrive)', { redrives: result.order.fulfillmentRedrives });
      return;
    }
    const current = await deps.orders.get(orderId);
    skipped.push(skip(orderId, current?.status));
    orderLogger.info('Redrive skipped the order: it is not FULFILLMENT_FAILED', { status: current?.status ?? 'not found' });
  };

  if (request.orderIds) {
    for (const orderId of new Set(request.orderIds)) await requeueOne(orderId);
  } else {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await deps.orders.listFailed({ limit: Math.min(100, limit - requeued.length - skipped.length), ...(startKey ? { startKey } : {}) });
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
