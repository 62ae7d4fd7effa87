import type { Schemas } from '@tth/contracts';
import type { IdempotencyRecord, OrderRecord } from '@tth/data';
import { ConflictError, NotFoundError, ServiceUnavailableError, type Logger } from '@tth/runtime';
import { customerIdFor, normaliseEmail } from './customer';
import { jittered, sleep, type OrderDeps } from './deps';
import {
  IDEMPOTENCY_RETENTION_SECONDS,
  hashIdempotencyKey,
  openOrderToken,
  requestFingerprint,
  sealOrderToken,
} from './idempotency';
import { newOrderId } from './order-id';
import { hashOrderToken, newOrderToken } from './order-token';
import type { CreateOrderResponse } from './order-view';
import { assertSaleOpen, assertSeatsVisible, priceOrder, soldOut } from './pricing';
import { checkoutReturnUrls } from './return-urls';
import { applyTransition } from './transitions';

export type CreateOrderRequest = Schemas['CreateOrderRequest'];

export interface CreateOrderInput {
  /** The raw `Idempotency-Key` header (already validated against the contract's pattern). */
  readonly idempotencyKey: string;
  readonly body: CreateOrderRequest;
}

type Claim =
  | { readonly kind: 'owner'; readonly orderId: string; readonly token: string; readonly resumed: boolean }
  | { readonly kind: 'replay'; readonly response: CreateOrderResponse };

type Attempt = { readonly kind: 'created'; readonly response: CreateOrderResponse } | { readonly kind: 'restart' };

/** What the idempotency record keeps for replay: the 201 body minus its token (sealed separately). */
type StoredResponse = Omit<CreateOrderResponse, 'orderToken'>;

/**
 * `POST /orders` (docs/decisions/021-idempotency.md, 022-seat-holds.md):
 * 1. claim the Idempotency-Key (same key + same body → the first request's response; other body → 409);
 * 2. price the items from the catalog;
 * 3. hold the seats and write order + customer in one transaction conditioned on availability;
 * 4. open a Stripe Checkout Session (idempotent per order). If that fails, the hold is released
 *    and the order cancelled, the key is freed, and the caller gets 503: nothing is left half-done.
 */
export async function createOrder(
  deps: OrderDeps,
  input: CreateOrderInput,
  logger: Logger,
): Promise<CreateOrderResponse> {
  const keyHash = hashIdempotencyKey(input.idempotencyKey);
  const requestHash = requestFingerprint(input.body);
  const deadline = Date.now() + deps.timing.waitForInFlightMs;

  for (;;) {
    const claim = await claimKey(deps, input.idempotencyKey, keyHash, requestHash, deadline);
    if (claim.kind === 'replay') {
      logger.info('Idempotent replay of an earlier order', { orderId: claim.response.orderId });
      return claim.response;
    }

    const attemptLogger = logger.child({ orderId: claim.orderId });
    let attempt: Attempt;
    try {
      attempt = await placeOrder(deps, claim, input.body, attemptLogger);
    } catch (error) {
      // Nothing was kept (sold out, unknown event, provider down): a retry with this key starts afresh.
      await releaseKey(deps, keyHash, claim.orderId, attemptLogger);
      throw error;
    }
    if (attempt.kind === 'restart') {
      attemptLogger.warn('Resumed attempt found its order closed; starting a new order for this key');
      await releaseKey(deps, keyHash, claim.orderId, attemptLogger);
      continue;
    }

    const { orderToken: _token, ...stored } = attempt.response;
    const completed = await deps.repositories.idempotency.complete(
      keyHash,
      claim.orderId,
      JSON.stringify(stored satisfies StoredResponse),
    );
    if (!completed) attemptLogger.warn('Idempotency record was completed by another attempt for the same order');
    return attempt.response;
  }
}

async function claimKey(
  deps: OrderDeps,
  rawKey: string,
  keyHash: string,
  requestHash: string,
  deadline: number,
): Promise<Claim> {
  const repository = deps.repositories.idempotency;
  for (;;) {
    const orderId = newOrderId(deps.clock());
    const token = newOrderToken();
    const nowMs = Date.now();
    const record: IdempotencyRecord = {
      key: keyHash,
      requestHash,
      state: 'IN_PROGRESS',
      orderId,
      sealedToken: sealOrderToken(token, rawKey, orderId),
      leaseExpiresAt: nowMs + deps.timing.idempotencyLeaseMs,
      createdAt: deps.clock().toISOString(),
      expiresAt: Math.floor(nowMs / 1000) + IDEMPOTENCY_RETENTION_SECONDS,
    };
    const result = await repository.acquire(record, nowMs);
    if (result.acquired) return { kind: 'owner', orderId, token, resumed: false };

    const existing = result.existing;
    if (existing) {
      if (existing.requestHash !== requestHash) {
        throw new ConflictError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was already used with a different request body.',
        );
      }
      const existingToken = openOrderToken(existing.sealedToken, rawKey, existing.orderId);
      if (existingToken === undefined) throw new Error('Idempotency record does not open with its own key');
      if (existing.state === 'COMPLETED' && existing.response) {
        return { kind: 'replay', response: withToken(JSON.parse(existing.response) as StoredResponse, existingToken) };
      }
      if (existing.leaseExpiresAt <= Date.now()) {
        // The owner died mid-request: resume its attempt (same order id and token).
        const tookOver = await repository.takeOver(
          keyHash,
          existing.leaseExpiresAt,
          Date.now() + deps.timing.idempotencyLeaseMs,
        );
        if (tookOver) return { kind: 'owner', orderId: existing.orderId, token: existingToken, resumed: true };
        continue;
      }
    }
    if (Date.now() >= deadline) {
      throw new ConflictError(
        'IDEMPOTENCY_KEY_REUSED',
        'A request with this Idempotency-Key is still being processed; retry in a few seconds.',
      );
    }
    // Another request with the same key and body is placing the order: wait for its answer.
    await sleep(jittered(deps.timing.pollIntervalMs));
  }
}

async function placeOrder(
  deps: OrderDeps,
  claim: Extract<Claim, { kind: 'owner' }>,
  body: CreateOrderRequest,
  logger: Logger,
): Promise<Attempt> {
  const { repositories } = deps;
  const now = deps.clock();
  const catalog = await repositories.catalog.getEventWithTicketTypes(body.eventId);
  if (!catalog) throw new NotFoundError('No event with this id.');
  assertSaleOpen(catalog, now);
  const priced = priceOrder(catalog, body.items);

  let order = claim.resumed ? await repositories.orders.get(claim.orderId) : undefined;
  if (order && order.status !== 'PENDING_PAYMENT') return { kind: 'restart' };

  if (!order) {
    assertSeatsVisible(catalog, priced.lines);
    const nowIso = now.toISOString();
    const holdExpiresAt = new Date(now.getTime() + deps.settings.holdMinutes * 60_000).toISOString();
    const email = normaliseEmail(body.customer.email);
    const fresh: OrderRecord = {
      orderId: claim.orderId,
      status: 'PENDING_PAYMENT',
      statusDueAt: holdExpiresAt,
      eventId: catalog.event.eventId,
      eventName: catalog.event.name,
      customerId: customerIdFor(email),
      lines: priced.lines,
      totals: priced.totals,
      holdExpiresAt,
      seatsHeld: true,
      tokenHash: hashOrderToken(claim.token),
      createdAt: nowIso,
      updatedAt: nowIso,
    };
    const created = await repositories.orders.createWithHold(fresh, {
      customerId: fresh.customerId,
      email,
      name: body.customer.name.trim(),
      now: nowIso,
    });
    if (created.kind === 'sold-out') {
      logger.info('Not enough seats', { eventId: fresh.eventId, ticketTypeIds: created.ticketTypeIds });
      throw soldOut(created.ticketTypeIds);
    }
    if (created.kind === 'order-exists') {
      // Another resumer of this key wrote it first.
      order = await repositories.orders.get(claim.orderId);
      if (!order || order.status !== 'PENDING_PAYMENT') return { kind: 'restart' };
    } else {
      order = fresh;
      logger.info('Seats held', {
        eventId: order.eventId,
        total: order.totals.total,
        currency: order.totals.currency,
        holdExpiresAt,
      });
    }
  }

  const session =
    order.checkoutSessionId && order.checkoutUrl
      ? { id: order.checkoutSessionId, url: order.checkoutUrl }
      : await openCheckout(deps, order, normaliseEmail(body.customer.email), logger);

  const stored: StoredResponse = {
    orderId: order.orderId,
    status: 'PENDING_PAYMENT',
    checkoutUrl: session.url,
    lines: [...order.lines],
    totals: order.totals,
    holdExpiresAt: order.holdExpiresAt,
  };
  return { kind: 'created', response: withToken(stored, claim.token) };
}

/** The 201 body, fields always in the same order, so a replay is byte-for-byte the original. */
function withToken(stored: StoredResponse, orderToken: string): CreateOrderResponse {
  return {
    orderId: stored.orderId,
    orderToken,
    status: stored.status,
    checkoutUrl: stored.checkoutUrl,
    lines: stored.lines.map((line) => ({
      ticketTypeId: line.ticketTypeId,
      name: line.name,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      lineTotal: line.lineTotal,
    })),
    totals: {
      subtotal: stored.totals.subtotal,
      fees: stored.totals.fees,
      total: stored.totals.total,
      currency: stored.totals.currency,
    },
    holdExpiresAt: stored.holdExpiresAt,
  };
}

/** Creates and records the Checkout Session, or undoes the order (release + CANCELLED) and answers 503. */
async function openCheckout(
  deps: OrderDeps,
  order: OrderRecord,
  email: string,
  logger: Logger,
): Promise<{ id: string; url: string }> {
  const urls = checkoutReturnUrls(deps.settings.storefrontUrl, order.orderId);
  let sessionId: string | undefined;
  try {
    const gateway = await deps.gateway();
    const session = await gateway.createCheckoutSession({
      orderId: order.orderId,
      eventName: order.eventName,
      lines: order.lines,
      currency: order.totals.currency,
      customerEmail: email,
      successUrl: urls.successUrl,
      cancelUrl: urls.cancelUrl,
      expiresAt: new Date(order.holdExpiresAt),
      idempotencyKey: `checkout-session-${order.orderId}`,
    });
    sessionId = session.id;
    const attached = await deps.repositories.orders.attachCheckoutSession(
      order.orderId,
      session,
      deps.clock().toISOString(),
    );
    if (!attached) throw new Error('The order left PENDING_PAYMENT before its checkout session was recorded');
    logger.info('Checkout session created', { checkoutSessionId: session.id });
    return session;
  } catch (error) {
    logger.error('Checkout could not be opened; releasing the hold', { error });
    await abandonOrder(deps, order, sessionId, logger);
    throw new ServiceUnavailableError();
  }
}

async function abandonOrder(
  deps: OrderDeps,
  order: OrderRecord,
  sessionId: string | undefined,
  logger: Logger,
): Promise<void> {
  try {
    const result = await applyTransition(deps.repositories.orders, order, 'CANCELLED', {
      now: deps.clock().toISOString(),
      reason: 'The payment provider was unavailable; the held seats were released.',
    });
    if (result.ok) logger.info('Order cancelled and hold released after the provider failure');
    if (sessionId) await (await deps.gateway()).expireCheckoutSession(sessionId);
  } catch (error) {
    // The hold still ends: the sweep expires it at holdExpiresAt.
    logger.error('Could not cancel the order after the provider failure; the expiry sweep will release it', { error });
  }
}

async function releaseKey(deps: OrderDeps, keyHash: string, orderId: string, logger: Logger): Promise<void> {
  try {
    await deps.repositories.idempotency.release(keyHash, orderId);
  } catch (error) {
    // The key's lease runs out instead; a retry then takes the attempt over.
    logger.warn('Could not release the idempotency key', { error });
  }
}
