import type Stripe from 'stripe';
import type { OrderTotalsRecord } from '@tth/data';

/** The facts of a Checkout Session an event carries, as the order flow needs them. */
export interface SessionFacts {
  readonly sessionId: string;
  /** `metadata.orderId`, set when the session was created. */
  readonly orderId: string | undefined;
  readonly clientReferenceId: string | undefined;
  readonly amountTotal: number | null;
  /** Upper case (Stripe sends lower case). */
  readonly currency: string | null;
  readonly paymentIntentId: string | undefined;
}

export interface RefundFacts {
  readonly chargeId: string;
  readonly paymentIntentId: string | undefined;
  readonly orderId: string | undefined;
  readonly amountRefunded: number;
  readonly currency: string;
  /** True once the whole charge has been refunded. */
  readonly fullyRefunded: boolean;
  readonly refunds: readonly {
    readonly id: string;
    readonly amount: number;
    readonly currency: string;
    readonly status: string | null;
  }[];
}

/** What a verified Stripe event asks the order flow to do. */
export type StripeEventIntent =
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'checkout-paid'; readonly session: SessionFacts }
  /** Completed with a delayed payment method: the money is not there yet (async_payment_* follows). */
  | { readonly kind: 'checkout-awaiting-payment'; readonly session: SessionFacts }
  | { readonly kind: 'checkout-expired'; readonly session: SessionFacts }
  | { readonly kind: 'checkout-payment-failed'; readonly session: SessionFacts }
  | { readonly kind: 'charge-refunded'; readonly refund: RefundFacts };

const idOf = (value: string | { id: string } | null | undefined): string | undefined =>
  typeof value === 'string' ? value : (value?.id ?? undefined);

function sessionFacts(session: Stripe.Checkout.Session): SessionFacts {
  return {
    sessionId: session.id,
    orderId: session.metadata?.['orderId'] ?? undefined,
    clientReferenceId: session.client_reference_id ?? undefined,
    amountTotal: session.amount_total ?? null,
    currency: session.currency ? session.currency.toUpperCase() : null,
    paymentIntentId: idOf(session.payment_intent),
  };
}

function refundFacts(charge: Stripe.Charge): RefundFacts {
  return {
    chargeId: charge.id,
    paymentIntentId: idOf(charge.payment_intent),
    orderId: charge.metadata?.['orderId'] ?? undefined,
    amountRefunded: charge.amount_refunded,
    currency: charge.currency.toUpperCase(),
    fullyRefunded: charge.refunded === true,
    refunds: (charge.refunds?.data ?? []).map((refund) => ({
      id: refund.id,
      amount: refund.amount,
      currency: refund.currency.toUpperCase(),
      status: refund.status ?? null,
    })),
  };
}

/** The event types the order flow acts on; every other type is acknowledged and ignored. */
export const HANDLED_STRIPE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'charge.refunded',
]);

/** Reads a verified event. Pure: no I/O, so every rule is unit-tested. */
export function interpretStripeEvent(event: Stripe.Event): StripeEventIntent {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object;
      if (session.mode && session.mode !== 'payment')
        return { kind: 'ignored', reason: `session mode ${session.mode}` };
      return session.payment_status === 'paid'
        ? { kind: 'checkout-paid', session: sessionFacts(session) }
        : { kind: 'checkout-awaiting-payment', session: sessionFacts(session) };
    }
    case 'checkout.session.expired':
      return { kind: 'checkout-expired', session: sessionFacts(event.data.object) };
    case 'checkout.session.async_payment_failed':
      return { kind: 'checkout-payment-failed', session: sessionFacts(event.data.object) };
    case 'charge.refunded':
      return { kind: 'charge-refunded', refund: refundFacts(event.data.object) };
    default:
      return { kind: 'ignored', reason: 'event type not handled' };
  }
}

export type SessionMatch = { readonly ok: true } | { readonly ok: false; readonly problem: string };

/**
 * A session belongs to an order only when its metadata, its client_reference_id (when present)
 * and the session id recorded on the order all agree.
 */
export function sessionMatchesOrder(
  session: SessionFacts,
  order: { orderId: string; checkoutSessionId?: string },
): SessionMatch {
  if (session.orderId !== order.orderId) return { ok: false, problem: 'metadata.orderId does not name this order' };
  if (session.clientReferenceId !== undefined && session.clientReferenceId !== order.orderId) {
    return { ok: false, problem: 'client_reference_id does not name this order' };
  }
  if (order.checkoutSessionId !== session.sessionId)
    return { ok: false, problem: 'the order has a different checkout session' };
  return { ok: true };
}

export type AmountCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly expected: { amount: number; currency: string };
      readonly received: { amount: number | null; currency: string | null };
    };

/** The amount and currency Stripe collected must be exactly the order's total. */
export function checkPaidAmount(session: SessionFacts, totals: OrderTotalsRecord): AmountCheck {
  if (session.amountTotal === totals.total && session.currency === totals.currency) return { ok: true };
  return {
    ok: false,
    expected: { amount: totals.total, currency: totals.currency },
    received: { amount: session.amountTotal, currency: session.currency },
  };
}
