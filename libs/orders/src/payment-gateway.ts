import type Stripe from 'stripe';
import type { OrderLine } from './pricing';

/** What the order flow asks of the payment provider. Stripe in production, a fake in unit tests. */
export interface PaymentGateway {
  createCheckoutSession(request: CheckoutSessionRequest): Promise<CheckoutSessionRef>;
  /** Closes an open session so it can no longer be paid. Never throws: it reports what it found. */
  expireCheckoutSession(sessionId: string): Promise<SessionExpiry>;
  refundPayment(request: RefundRequest): Promise<RefundResult>;
  /**
   * What the provider knows now about the payment of a Checkout Session: its PaymentIntent and how
   * much of it went back to the buyer. Throws PaymentProviderError when the provider can't be asked.
   */
  checkoutPayment(sessionId: string): Promise<CheckoutPayment>;
}

export interface CheckoutPayment {
  /** The session's PaymentIntent; absent while nothing was paid. */
  readonly paymentIntentId?: string;
  readonly amountRefunded: number;
  /** True once the whole charge went back to the buyer. */
  readonly fullyRefunded: boolean;
}

export interface CheckoutSessionRequest {
  readonly orderId: string;
  readonly eventName: string;
  readonly lines: readonly OrderLine[];
  readonly currency: string;
  readonly customerEmail: string;
  readonly successUrl: string;
  readonly cancelUrl: string;
  readonly expiresAt: Date;
  /** Stripe's Idempotency-Key: a retry for the same order gets the same session. */
  readonly idempotencyKey: string;
}

export interface CheckoutSessionRef {
  readonly id: string;
  readonly url: string;
}

/**
 * expired: the session is closed now (by this call, or it already was).
 * complete: the buyer already paid; the completed webhook settles the order.
 * unknown: the provider could not be asked (down, timeout); it will close the session itself at
 * its `expires_at`, and a payment that still slips through takes the late-payment path.
 */
export type SessionExpiry = 'expired' | 'complete' | 'unknown';

export interface RefundRequest {
  readonly orderId: string;
  readonly paymentIntentId: string;
  readonly idempotencyKey: string;
  readonly reason: string;
}

export interface RefundResult {
  readonly refundId: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: string;
}

/** The provider failed (unreachable, 5xx, refused the request). The message is for logs only. */
export class PaymentProviderError extends Error {
  constructor(
    message: string,
    readonly providerErrorType: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PaymentProviderError';
  }
}

export interface StripeClientOptions {
  readonly apiKey: string;
  /** Local only (e.g. `http://127.0.0.1:12111`): points the SDK at the emulator. */
  readonly apiBase?: string;
  readonly timeoutMs?: number;
  readonly maxNetworkRetries?: number;
}

type StripeConstructor = typeof import('stripe').default;

let stripeSdk: Promise<StripeConstructor> | undefined;
/**
 * The SDK (~240 KB minified) is loaded by the first client, not at cold start: the Lambda bundles
 * keep it out of `index.js` (docs/decisions/071-lazy-stripe-sdk-in-lambda-bundles.md).
 */
function loadStripeSdk(): Promise<StripeConstructor> {
  stripeSdk ??= import('stripe').then(
    (module) => module.default,
    (error: unknown) => {
      // A failed load is not cached: the next client creation tries again.
      stripeSdk = undefined;
      throw error;
    },
  );
  return stripeSdk;
}

/** One Stripe SDK client; with `apiBase` it talks to the local emulator over plain HTTP. */
export async function createStripeClient(options: StripeClientOptions): Promise<Stripe> {
  const StripeSdk = await loadStripeSdk();
  const base = options.apiBase ? new URL(options.apiBase) : undefined;
  return new StripeSdk(options.apiKey, {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 10_000,
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'https:' ? 443 : 80),
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}

const STRIPE_MINIMUM_SESSION_SECONDS = 30 * 60;

/**
 * `expires_at` for a session: the hold expiry, but never less than Stripe's 30-minute minimum
 * from now (a 30-minute hold computed before the seat transaction would otherwise be refused by a
 * few milliseconds). See docs/decisions/023-checkout-session-and-return-urls.md.
 */
export function sessionExpiresAt(holdExpiresAt: Date, now: Date): number {
  const hold = Math.ceil(holdExpiresAt.getTime() / 1000);
  const minimum = Math.ceil(now.getTime() / 1000) + STRIPE_MINIMUM_SESSION_SECONDS;
  return Math.max(hold, minimum);
}

/** `stripe` is the client that threw: its `errors` are the loaded SDK's classes (no value import of the SDK here). */
function describeStripeError(error: unknown, stripe: Stripe): PaymentProviderError {
  if (error instanceof stripe.errors.StripeError) {
    return new PaymentProviderError(`Stripe ${error.type}${error.code ? ` (${error.code})` : ''}`, error.type, {
      cause: error,
    });
  }
  return new PaymentProviderError('Stripe call failed', 'unknown', { cause: error });
}

export class StripePaymentGateway implements PaymentGateway {
  constructor(
    private readonly stripe: Stripe,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createCheckoutSession(request: CheckoutSessionRequest): Promise<CheckoutSessionRef> {
    let session: Stripe.Checkout.Session;
    try {
      session = await this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          client_reference_id: request.orderId,
          metadata: { orderId: request.orderId },
          payment_intent_data: { metadata: { orderId: request.orderId } },
          customer_email: request.customerEmail,
          expires_at: sessionExpiresAt(request.expiresAt, this.now()),
          success_url: request.successUrl,
          cancel_url: request.cancelUrl,
          line_items: request.lines.map((line) => ({
            quantity: line.quantity,
            price_data: {
              currency: request.currency.toLowerCase(),
              unit_amount: line.unitPrice,
              product_data: { name: line.name, description: request.eventName },
            },
          })),
        },
        { idempotencyKey: request.idempotencyKey },
      );
    } catch (error) {
      throw describeStripeError(error, this.stripe);
    }
    if (!session.url) throw new PaymentProviderError('Stripe returned a session without a URL', 'invalid_response');
    return { id: session.id, url: session.url };
  }

  async expireCheckoutSession(sessionId: string): Promise<SessionExpiry> {
    try {
      const session = await this.stripe.checkout.sessions.expire(sessionId);
      return session.status === 'complete' ? 'complete' : 'expired';
    } catch {
      // Expiring a session that is no longer open fails; ask what state it is in instead.
      try {
        const session = await this.stripe.checkout.sessions.retrieve(sessionId);
        if (session.status === 'complete') return 'complete';
        if (session.status === 'expired') return 'expired';
        return 'unknown';
      } catch {
        return 'unknown';
      }
    }
  }

  async refundPayment(request: RefundRequest): Promise<RefundResult> {
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: request.paymentIntentId, metadata: { orderId: request.orderId, reason: request.reason } },
        { idempotencyKey: request.idempotencyKey },
      );
      return {
        refundId: refund.id,
        amount: refund.amount,
        currency: refund.currency.toUpperCase(),
        status: refund.status ?? 'unknown',
      };
    } catch (error) {
      throw describeStripeError(error, this.stripe);
    }
  }

  async checkoutPayment(sessionId: string): Promise<CheckoutPayment> {
    let session: Stripe.Checkout.Session;
    try {
      // One call: the session, its PaymentIntent and the intent's charge (its refund state).
      session = await this.stripe.checkout.sessions.retrieve(sessionId, { expand: ['payment_intent.latest_charge'] });
    } catch (error) {
      throw describeStripeError(error, this.stripe);
    }
    const intent = session.payment_intent;
    if (intent === null) return { amountRefunded: 0, fullyRefunded: false };
    if (typeof intent === 'string' || typeof intent.latest_charge === 'string')
      throw new PaymentProviderError('Stripe did not expand payment_intent.latest_charge', 'invalid_response');
    return {
      paymentIntentId: intent.id,
      amountRefunded: intent.latest_charge?.amount_refunded ?? 0,
      fullyRefunded: intent.latest_charge?.refunded === true,
    };
  }
}

/**
 * Verifies a webhook's `Stripe-Signature` over the raw body and returns the parsed JSON; throws
 * when it does not verify. Its shape is not checked yet: `parseStripeEvent` does that.
 */
export type WebhookVerifier = (rawBody: string, signature: string) => unknown;

/** Stripe's recommended tolerance: a signed timestamp older than 5 minutes is refused (replays). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export function stripeWebhookVerifier(stripe: Stripe, secret: string): WebhookVerifier {
  return (rawBody, signature) => stripe.webhooks.constructEvent(rawBody, signature, secret, WEBHOOK_TOLERANCE_SECONDS);
}
