import type { OrderRecord, PaymentRecord, PaymentStatus } from '@tth/data';
import { paymentRecordId } from '@tth/data';
import type { Logger } from '@tth/runtime';
import type { OrderDeps } from './deps';
import type { CheckoutPayment } from './payment-gateway';
import { isOrderId } from './order-id';
import { canTransition, holdWasReleased, isPaid } from './state-machine';
import {
  checkPaidAmount,
  sessionMatchesOrder,
  type RefundFacts,
  type SessionFacts,
  type StripeEventIntent,
} from './stripe-events';
import { applyTransition } from './transitions';

/** What applying an event did, for the processed-event record and the logs. */
export interface EventOutcome {
  readonly summary: string;
  readonly orderId?: string;
}

export const LATE_REFUND_REASON =
  'Paid after the hold had ended and the seats were gone; the payment was refunded automatically.';
export const LATE_PAYMENT_REASON =
  'Your payment arrived after the seat hold had ended; the seats were still free and were taken again for this order.';
export const REFUNDED_BEFORE_SETTLED_REASON =
  'The payment was refunded before the order was confirmed; no tickets were issued and the seats were released.';

/** Re-reads after a lost race are bounded: an order has only a handful of possible moves. */
const MAX_RACES = 4;

/**
 * Applies one verified Stripe event to its order. Every change is a conditional transition, so
 * replays, reordering and concurrent deliveries can only ever apply it once; re-reads after a
 * lost race decide again on the order's current status.
 */
export async function applyStripeIntent(
  deps: OrderDeps,
  intent: StripeEventIntent,
  eventId: string,
  logger: Logger,
): Promise<EventOutcome> {
  switch (intent.kind) {
    case 'ignored':
      return { summary: `ignored: ${intent.reason}` };
    case 'checkout-awaiting-payment':
      return { summary: 'completed without payment yet (delayed payment method)', orderId: intent.session.orderId };
    case 'checkout-paid':
      return settlePayment(deps, intent.session, eventId, logger);
    case 'checkout-expired':
      return closeUnpaid(deps, intent.session, 'EXPIRED', eventId, logger);
    case 'checkout-payment-failed':
      return closeUnpaid(deps, intent.session, 'PAYMENT_FAILED', eventId, logger);
    case 'charge-refunded':
      return recordRefund(deps, intent.refund, eventId, logger);
  }
}

type Matched = { readonly order: OrderRecord } | { readonly problem: string };

async function matchSession(deps: OrderDeps, session: SessionFacts): Promise<Matched> {
  if (!session.orderId || !isOrderId(session.orderId)) return { problem: 'session has no valid metadata.orderId' };
  const order = await deps.repositories.orders.get(session.orderId);
  if (!order) return { problem: 'no order with the session’s metadata.orderId' };
  const match = sessionMatchesOrder(session, order);
  return match.ok ? { order } : { problem: match.problem };
}

function paymentRecord(
  order: { orderId: string },
  session: SessionFacts,
  status: PaymentStatus,
  eventId: string,
  now: string,
  reason?: string,
): PaymentRecord {
  return {
    paymentId: paymentRecordId('PAYMENT', session.paymentIntentId ?? session.sessionId),
    orderId: order.orderId,
    kind: 'PAYMENT',
    status,
    amount: session.amountTotal ?? 0,
    currency: session.currency ?? 'XXX',
    provider: 'stripe',
    checkoutSessionId: session.sessionId,
    ...(session.paymentIntentId ? { paymentIntentId: session.paymentIntentId } : {}),
    providerEventId: eventId,
    ...(reason ? { reason } : {}),
    createdAt: now,
  };
}

async function settlePayment(
  deps: OrderDeps,
  session: SessionFacts,
  eventId: string,
  logger: Logger,
): Promise<EventOutcome> {
  const now = deps.clock().toISOString();
  const matched = await matchSession(deps, session);
  if ('problem' in matched) {
    // Money arrived that no order can own: record it for an operator, never mark anything paid.
    const candidate = session.orderId && isOrderId(session.orderId) ? session.orderId : 'UNMATCHED';
    deps.alerts.raise('PaymentUnmatched', logger, {
      problem: matched.problem,
      checkoutSessionId: session.sessionId,
      candidateOrderId: candidate,
    });
    await deps.repositories.payments.recordOnce(
      paymentRecord({ orderId: candidate }, session, 'MISMATCH', eventId, now, matched.problem),
    );
    return { summary: `unmatched payment: ${matched.problem}` };
  }
  let order = matched.order;
  const orderLogger = logger.child({ orderId: order.orderId });

  const amount = checkPaidAmount(session, order.totals);
  if (!amount.ok) {
    deps.alerts.raise('PaymentAmountMismatch', orderLogger, {
      checkoutSessionId: session.sessionId,
      expectedAmount: amount.expected.amount,
      expectedCurrency: amount.expected.currency,
      receivedAmount: amount.received.amount,
      receivedCurrency: amount.received.currency,
    });
    await deps.repositories.payments.recordOnce(
      paymentRecord(order, session, 'MISMATCH', eventId, now, 'amount or currency differs from the order total'),
    );
    return { summary: 'amount mismatch: not marked paid', orderId: order.orderId };
  }

  const payment = paymentRecord(order, session, 'SUCCEEDED', eventId, now);
  // Stripe is asked once, and only while the order still waits to be settled.
  let atProvider: CheckoutPayment | undefined;
  for (let race = 0; race < MAX_RACES; race++) {
    if (order.status === 'REFUNDED' && session.paymentIntentId && order.paymentIntentId === session.paymentIntentId) {
      // Refunded before this event arrived (charge.refunded first): the money still moved both ways.
      await deps.repositories.payments.recordOnce(payment);
      return { summary: 'already settled (REFUNDED)', orderId: order.orderId };
    }
    if (isPaid(order.status) || order.status === 'REFUNDED') {
      return { summary: `already settled (${order.status})`, orderId: order.orderId };
    }
    atProvider ??= await (await deps.gateway()).checkoutPayment(session.sessionId);
    if (atProvider.fullyRefunded) {
      const refunded = await settleRefundedPayment(deps, order, session, payment, orderLogger);
      if (refunded) return refunded;
    } else {
      const from = order.status;
      const late = holdWasReleased(from);
      if (late && order.refundDecidedAt) return refundLatePayment(deps, order, session, payment, orderLogger);
      const result = await applyTransition(deps.repositories.orders, order, 'PAID', {
        now,
        ...(late ? { reason: LATE_PAYMENT_REASON } : {}),
        ...(session.paymentIntentId ? { paymentIntentId: session.paymentIntentId } : {}),
        payments: [payment],
      });
      if (result.ok) {
        orderLogger.info(late ? 'Late payment: seats re-taken, order paid' : 'Order paid', {
          from,
          checkoutSessionId: session.sessionId,
        });
        return { summary: `${from}→PAID`, orderId: order.orderId };
      }
      if (result.reason === 'seats-unavailable') {
        return refundLatePayment(deps, order, session, payment, orderLogger);
      }
    }
    const current = await deps.repositories.orders.get(order.orderId);
    if (!current) throw new Error(`Order ${order.orderId} vanished`);
    order = current;
  }
  throw new Error(`Order ${order.orderId} kept changing while settling a payment`);
}

/**
 * A payment Stripe reports fully refunded before it was settled here (a refund from the dashboard
 * right after the payment, a late payment we refunded, …): the order is never sold. It becomes
 * REFUNDED (releasing its hold if it still had one) with the payment recorded; no PAID transition,
 * so fulfillment never starts. Undefined when the order moved first (the caller decides again).
 */
async function settleRefundedPayment(
  deps: OrderDeps,
  order: OrderRecord,
  session: SessionFacts,
  payment: PaymentRecord,
  logger: Logger,
): Promise<EventOutcome | undefined> {
  const now = deps.clock().toISOString();
  await deps.repositories.payments.recordOnce(payment);
  const result = await applyTransition(deps.repositories.orders, order, 'REFUNDED', {
    now,
    reason: order.refundDecidedAt ? LATE_REFUND_REASON : REFUNDED_BEFORE_SETTLED_REASON,
    ...(session.paymentIntentId ? { paymentIntentId: session.paymentIntentId } : {}),
  });
  if (!result.ok) return undefined;
  logger.warn('Payment was refunded before it was settled: order refunded, nothing sold', {
    from: order.status,
    checkoutSessionId: session.sessionId,
  });
  return { summary: `${order.status}→REFUNDED (refunded before it was settled)`, orderId: order.orderId };
}

/**
 * A payment for an order whose hold had ended, and whose seats are gone: refund it through Stripe
 * (one idempotency key per order, so redeliveries never refund twice), record both movements and
 * mark the order REFUNDED with the reason. Never paid-without-seat.
 */
async function refundLatePayment(
  deps: OrderDeps,
  order: OrderRecord,
  session: SessionFacts,
  payment: PaymentRecord,
  logger: Logger,
): Promise<EventOutcome> {
  const now = deps.clock().toISOString();
  if (!session.paymentIntentId) {
    deps.alerts.raise('LatePaymentNotRefundable', logger, {
      checkoutSessionId: session.sessionId,
      reason: 'no payment intent on the session',
    });
    await deps.repositories.payments.recordOnce({
      ...payment,
      status: 'MISMATCH',
      reason: 'late payment, seats gone, no payment intent to refund',
    });
    return { summary: 'late payment could not be refunded automatically', orderId: order.orderId };
  }
  // Decided before Stripe is asked, so a redelivery can never re-take seats for refunded money.
  if (!order.refundDecidedAt && !(await deps.repositories.orders.markRefundDecided(order.orderId, order.status, now))) {
    const current = await deps.repositories.orders.get(order.orderId);
    if (current?.status === 'REFUNDED') return { summary: 'already refunded', orderId: order.orderId };
    throw new Error(`Order ${order.orderId} moved while deciding to refund its late payment`);
  }
  const refund = await (
    await deps.gateway()
  ).refundPayment({
    orderId: order.orderId,
    paymentIntentId: session.paymentIntentId,
    idempotencyKey: `late-payment-refund-${order.orderId}`,
    reason: 'seats_unavailable_after_hold_expired',
  });
  await deps.repositories.payments.recordOnce(payment);
  await deps.repositories.payments.recordOnce({
    paymentId: paymentRecordId('REFUND', refund.refundId),
    orderId: order.orderId,
    kind: 'REFUND',
    status: refundStatus(refund.status),
    amount: refund.amount,
    currency: refund.currency,
    provider: 'stripe',
    checkoutSessionId: session.sessionId,
    paymentIntentId: session.paymentIntentId,
    refundId: refund.refundId,
    reason: 'paid after the hold ended; seats no longer available',
    createdAt: now,
  });
  const result = await applyTransition(deps.repositories.orders, order, 'REFUNDED', {
    now,
    reason: LATE_REFUND_REASON,
    paymentIntentId: session.paymentIntentId,
  });
  if (!result.ok) {
    // Only a refund recorded by charge.refunded can have won this race; the money is back either way.
    const current = await deps.repositories.orders.get(order.orderId);
    if (current?.status !== 'REFUNDED')
      throw new Error(`Refunded late payment but could not mark ${order.orderId} REFUNDED`);
  }
  logger.warn('Late payment refunded: seats no longer available', {
    refundId: refund.refundId,
    checkoutSessionId: session.sessionId,
  });
  return { summary: `${order.status}→REFUNDED (late payment, seats gone)`, orderId: order.orderId };
}

function refundStatus(providerStatus: string | null): PaymentStatus {
  if (providerStatus === 'failed' || providerStatus === 'canceled') return 'FAILED';
  if (providerStatus === 'succeeded') return 'SUCCEEDED';
  return 'PENDING';
}

/**
 * checkout.session.expired / async_payment_failed: only a PENDING_PAYMENT order moves (and only
 * then are its seats released). An expiry arriving after the payment changes nothing.
 */
async function closeUnpaid(
  deps: OrderDeps,
  session: SessionFacts,
  to: 'EXPIRED' | 'PAYMENT_FAILED',
  eventId: string,
  logger: Logger,
): Promise<EventOutcome> {
  const matched = await matchSession(deps, session);
  if ('problem' in matched) {
    logger.warn('Checkout event for no known order', {
      problem: matched.problem,
      checkoutSessionId: session.sessionId,
    });
    return { summary: `unmatched: ${matched.problem}` };
  }
  const order = matched.order;
  const orderLogger = logger.child({ orderId: order.orderId });
  if (order.status !== 'PENDING_PAYMENT') return { summary: `no change (${order.status})`, orderId: order.orderId };

  const now = deps.clock().toISOString();
  const result = await applyTransition(deps.repositories.orders, order, to, {
    now,
    reason:
      to === 'EXPIRED'
        ? 'The checkout session expired before payment; the seats were released.'
        : 'The payment failed; the seats were released.',
    ...(to === 'PAYMENT_FAILED' ? { payments: [paymentRecord(order, session, 'FAILED', eventId, now)] } : {}),
  });
  if (!result.ok) return { summary: 'no change (order moved first)', orderId: order.orderId };
  orderLogger.info(`Order ${to === 'EXPIRED' ? 'expired' : 'payment failed'}; hold released`, {
    checkoutSessionId: session.sessionId,
  });
  return { summary: `PENDING_PAYMENT→${to}`, orderId: order.orderId };
}

/** charge.refunded: record each refund once; a full refund moves a paid order to REFUNDED. */
async function recordRefund(
  deps: OrderDeps,
  refund: RefundFacts,
  eventId: string,
  logger: Logger,
): Promise<EventOutcome> {
  const { orders, payments } = deps.repositories;
  const orderId =
    refund.orderId ??
    (refund.paymentIntentId
      ? (await payments.get(paymentRecordId('PAYMENT', refund.paymentIntentId)))?.orderId
      : undefined);
  let order = orderId && isOrderId(orderId) ? await orders.get(orderId) : undefined;
  if (!order) {
    logger.warn('Refund for no known order', { chargeId: refund.chargeId });
    return { summary: 'unmatched refund' };
  }
  const orderLogger = logger.child({ orderId: order.orderId });
  if (refund.paymentIntentId && order.paymentIntentId && refund.paymentIntentId !== order.paymentIntentId) {
    deps.alerts.raise('PaymentUnmatched', orderLogger, {
      problem: 'refunded charge belongs to another payment',
      chargeId: refund.chargeId,
    });
    return { summary: 'refund for another payment of this order', orderId: order.orderId };
  }

  const now = deps.clock().toISOString();
  const base = {
    orderId: order.orderId,
    kind: 'REFUND' as const,
    provider: 'stripe' as const,
    chargeId: refund.chargeId,
    ...(refund.paymentIntentId ? { paymentIntentId: refund.paymentIntentId } : {}),
    providerEventId: eventId,
    createdAt: now,
  };
  const records: PaymentRecord[] =
    refund.refunds.length > 0
      ? refund.refunds.map((item) => ({
          ...base,
          paymentId: paymentRecordId('REFUND', item.id),
          refundId: item.id,
          status: refundStatus(item.status),
          amount: item.amount,
          currency: item.currency,
        }))
      : // The event did not list its refunds: one record per cumulative refunded amount of the charge.
        [
          {
            ...base,
            paymentId: paymentRecordId('REFUND', `${refund.chargeId}:${refund.amountRefunded}`),
            status: 'SUCCEEDED',
            amount: refund.amountRefunded,
            currency: refund.currency,
          },
        ];
  for (const record of records) await payments.recordOnce(record);

  if (!refund.fullyRefunded) return { summary: 'partial refund recorded', orderId: order.orderId };
  for (let race = 0; race < MAX_RACES; race++) {
    if (order.status === 'REFUNDED') return { summary: 'refund recorded (already REFUNDED)', orderId: order.orderId };
    if (!canTransition(order.status, 'REFUNDED')) {
      orderLogger.warn('Full refund for an order in a status that cannot be refunded', {
        status: order.status,
        chargeId: refund.chargeId,
      });
      return { summary: `refund recorded; ${order.status} cannot become REFUNDED`, orderId: order.orderId };
    }
    if (!isPaid(order.status) && !(await refundsCheckoutPayment(deps, order, refund))) {
      // The metadata names this order, but Stripe does not know the charge as its checkout payment.
      deps.alerts.raise('PaymentUnmatched', orderLogger, {
        problem: 'refunded charge is not the payment of the order’s checkout session',
        chargeId: refund.chargeId,
      });
      return { summary: 'refund recorded; not the payment of this order', orderId: order.orderId };
    }
    const from = order.status;
    const result = await applyTransition(orders, order, 'REFUNDED', {
      now,
      reason: refundReason(order),
      ...(refund.paymentIntentId ? { paymentIntentId: refund.paymentIntentId } : {}),
    });
    if (result.ok) {
      orderLogger.info(isPaid(from) ? 'Order refunded' : 'Order refunded before its payment was settled', {
        from,
        chargeId: refund.chargeId,
      });
      return { summary: `${from}→REFUNDED`, orderId: order.orderId };
    }
    const current = await orders.get(order.orderId);
    if (!current) throw new Error(`Order ${order.orderId} vanished`);
    order = current;
  }
  throw new Error(`Order ${order.orderId} kept changing while recording a refund`);
}

/** Why a refunded order is REFUNDED, as the buyer reads it. */
function refundReason(order: OrderRecord): string {
  // A refund of a late payment we decided to refund keeps that reason, whoever records it first.
  if (order.refundDecidedAt) return LATE_REFUND_REASON;
  return isPaid(order.status) ? 'The payment was refunded.' : REFUNDED_BEFORE_SETTLED_REASON;
}

/**
 * A full refund that arrives before the order's payment was settled ends the order only when it
 * refunds that very payment: Stripe is asked which PaymentIntent paid the order's checkout session.
 */
async function refundsCheckoutPayment(deps: OrderDeps, order: OrderRecord, refund: RefundFacts): Promise<boolean> {
  if (!order.checkoutSessionId || !refund.paymentIntentId) return false;
  const payment = await (await deps.gateway()).checkoutPayment(order.checkoutSessionId);
  return payment.paymentIntentId === refund.paymentIntentId;
}
