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

/** The event types the order flow acts on; every other type is acknowledged and ignored. */
export const HANDLED_STRIPE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'charge.refunded',
]);

/** A verified event, read into what the order flow needs. */
export interface ParsedStripeEvent {
  readonly id: string;
  readonly type: string;
  readonly intent: StripeEventIntent;
}

/**
 * A correctly signed event that lacks a field the order flow needs (Stripe never sends one; a
 * holder of the secret could). `field` is a JSON pointer into the request (`/body/data/object`).
 */
export class MalformedStripeEventError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
    this.name = 'MalformedStripeEventError';
  }
}

/**
 * Reads one JSON object, field by field, as the order flow needs it. Every accessor names the
 * field it failed on, so a malformed event is refused with the exact pointer, never a TypeError.
 */
class JsonFields {
  private constructor(
    private readonly value: Readonly<Record<string, unknown>>,
    private readonly pointer: string,
  ) {}

  static of(value: unknown, pointer: string): JsonFields {
    if (!isObject(value)) throw new MalformedStripeEventError(pointer, 'must be an object');
    return new JsonFields(value, pointer);
  }

  private present(name: string): unknown {
    const value = this.value[name];
    if (value === undefined || value === null) throw new MalformedStripeEventError(this.at(name), 'is required');
    return value;
  }

  private at(name: string): string {
    return `${this.pointer}/${name}`;
  }

  object(name: string): JsonFields {
    return JsonFields.of(this.present(name), this.at(name));
  }

  optionalObject(name: string): JsonFields | undefined {
    const value = this.value[name];
    return value === undefined || value === null ? undefined : JsonFields.of(value, this.at(name));
  }

  string(name: string): string {
    const value = this.present(name);
    if (typeof value !== 'string') throw new MalformedStripeEventError(this.at(name), 'must be a string');
    if (value === '') throw new MalformedStripeEventError(this.at(name), 'must not be empty');
    return value;
  }

  optionalString(name: string): string | undefined {
    const value = this.value[name];
    return value === undefined || value === null ? undefined : this.string(name);
  }

  integer(name: string): number {
    const value = this.present(name);
    if (!Number.isSafeInteger(value)) throw new MalformedStripeEventError(this.at(name), 'must be an integer');
    return value as number;
  }

  optionalInteger(name: string): number | undefined {
    const value = this.value[name];
    return value === undefined || value === null ? undefined : this.integer(name);
  }

  boolean(name: string): boolean {
    const value = this.present(name);
    if (typeof value !== 'boolean') throw new MalformedStripeEventError(this.at(name), 'must be true or false');
    return value;
  }

  /** An id field that Stripe sends as the id, or as the object when expanded. */
  optionalId(name: string): string | undefined {
    const value = this.value[name];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' ? this.string(name) : this.object(name).string('id');
  }

  /** A list object (`{ data: [...] }`), when present. */
  optionalList(name: string): JsonFields[] {
    const list = this.optionalObject(name);
    if (!list) return [];
    const items = list.present('data');
    if (!Array.isArray(items)) throw new MalformedStripeEventError(list.at('data'), 'must be an array');
    return items.map((item, index) => JsonFields.of(item, `${list.at('data')}/${index}`));
  }
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sessionFacts(session: JsonFields): SessionFacts {
  const currency = session.optionalString('currency');
  return {
    sessionId: session.string('id'),
    orderId: session.optionalObject('metadata')?.optionalString('orderId'),
    clientReferenceId: session.optionalString('client_reference_id'),
    amountTotal: session.optionalInteger('amount_total') ?? null,
    currency: currency ? currency.toUpperCase() : null,
    paymentIntentId: session.optionalId('payment_intent'),
  };
}

function refundFacts(charge: JsonFields): RefundFacts {
  return {
    chargeId: charge.string('id'),
    paymentIntentId: charge.optionalId('payment_intent'),
    orderId: charge.optionalObject('metadata')?.optionalString('orderId'),
    amountRefunded: charge.integer('amount_refunded'),
    currency: charge.string('currency').toUpperCase(),
    fullyRefunded: charge.boolean('refunded'),
    // Listed only when the API version includes (or the endpoint expands) the charge's refunds.
    refunds: charge.optionalList('refunds').map((refund) => ({
      id: refund.string('id'),
      amount: refund.integer('amount'),
      currency: refund.string('currency').toUpperCase(),
      status: refund.optionalString('status') ?? null,
    })),
  };
}

function intentOf(type: string, event: JsonFields): StripeEventIntent {
  if (!HANDLED_STRIPE_EVENT_TYPES.has(type)) return { kind: 'ignored', reason: 'event type not handled' };
  const object = event.object('data').object('object');
  switch (type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const mode = object.optionalString('mode');
      if (mode !== undefined && mode !== 'payment') return { kind: 'ignored', reason: `session mode ${mode}` };
      const paid = object.string('payment_status') === 'paid';
      return { kind: paid ? 'checkout-paid' : 'checkout-awaiting-payment', session: sessionFacts(object) };
    }
    case 'checkout.session.expired':
      return { kind: 'checkout-expired', session: sessionFacts(object) };
    case 'checkout.session.async_payment_failed':
      return { kind: 'checkout-payment-failed', session: sessionFacts(object) };
    case 'charge.refunded':
      return { kind: 'charge-refunded', refund: refundFacts(object) };
    default:
      return { kind: 'ignored', reason: 'event type not handled' };
  }
}

/**
 * Reads a verified event (the parsed JSON of the signed body) against the shape the order flow
 * needs: the one place its fields are checked. Pure: no I/O, so every rule is unit-tested.
 * Throws MalformedStripeEventError naming the first field that is missing or of the wrong type.
 */
export function parseStripeEvent(payload: unknown): ParsedStripeEvent {
  const event = JsonFields.of(payload, '/body');
  const id = event.string('id');
  const type = event.string('type');
  return { id, type, intent: intentOf(type, event) };
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
