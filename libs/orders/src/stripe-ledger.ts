import type Stripe from 'stripe';

/** A window of Stripe creation times, epoch seconds: [start, end). */
export interface LedgerWindow {
  readonly start: number;
  readonly end: number;
}

/** A payment as Stripe lists it (a PaymentIntent). */
export interface LedgerPayment {
  readonly id: string;
  readonly created: number;
  /** What Stripe collected, smallest currency unit. */
  readonly amount: number;
  /** Upper case, like the order totals. */
  readonly currency: string;
  readonly succeeded: boolean;
  /** `metadata.orderId`, set when the Checkout Session was created. */
  readonly orderId: string | undefined;
}

/** A refund as Stripe lists it. */
export interface LedgerRefund {
  readonly id: string;
  readonly created: number;
  readonly amount: number;
  readonly currency: string;
  /** Money went (or is going) back: `succeeded` or `pending`. */
  readonly moved: boolean;
  readonly chargeId: string;
  readonly paymentIntentId: string | undefined;
  readonly orderId: string | undefined;
}

/**
 * What the reconciliation job reads from Stripe: its payments and refunds of a window, newest
 * first (Stripe's list order) and resumable after a given object, plus the objects the webhook
 * would have carried, to replay a missed one. Stripe in production and locally (the emulator).
 */
export interface StripeLedger {
  payments(window: LedgerWindow, startingAfter?: string): AsyncIterable<LedgerPayment>;
  refunds(window: LedgerWindow, startingAfter?: string): AsyncIterable<LedgerRefund>;
  /** The Checkout Session, as `checkout.session.completed` carries it. */
  checkoutSession(sessionId: string): Promise<unknown>;
  /** The charge, as `charge.refunded` carries it (with its refunds). */
  charge(chargeId: string): Promise<unknown>;
}

/** Stripe's largest page: fewest calls. */
const DEFAULT_PAGE_SIZE = 100;

const idOf = (value: string | { id: string } | null | undefined): string | undefined =>
  typeof value === 'string' ? value : (value?.id ?? undefined);

/** The ledger over the real `stripe` SDK: list calls with `created` ranges, walked by auto-pagination. */
export function stripeLedger(stripe: Stripe, options: { readonly pageSize?: number } = {}): StripeLedger {
  const range = (window: LedgerWindow, startingAfter: string | undefined) => ({
    created: { gte: window.start, lt: window.end },
    limit: options.pageSize ?? DEFAULT_PAGE_SIZE,
    ...(startingAfter !== undefined ? { starting_after: startingAfter } : {}),
  });
  return {
    async *payments(window, startingAfter) {
      for await (const intent of stripe.paymentIntents.list(range(window, startingAfter))) {
        yield {
          id: intent.id,
          created: intent.created,
          amount: intent.amount_received,
          currency: intent.currency.toUpperCase(),
          succeeded: intent.status === 'succeeded',
          orderId: intent.metadata?.['orderId'],
        };
      }
    },
    async *refunds(window, startingAfter) {
      for await (const refund of stripe.refunds.list(range(window, startingAfter))) {
        const chargeId = idOf(refund.charge);
        if (chargeId === undefined) continue; // a refund of no charge (e.g. a customer balance) is no card payment's
        yield {
          id: refund.id,
          created: refund.created,
          amount: refund.amount,
          currency: refund.currency.toUpperCase(),
          moved: refund.status === 'succeeded' || refund.status === 'pending',
          chargeId,
          paymentIntentId: idOf(refund.payment_intent),
          orderId: refund.metadata?.['orderId'],
        };
      }
    },
    checkoutSession: (sessionId) => stripe.checkout.sessions.retrieve(sessionId),
    // Its refunds are listed only when expanded (API versions since 2022-11-15).
    charge: (chargeId) => stripe.charges.retrieve(chargeId, { expand: ['refunds'] }),
  };
}
