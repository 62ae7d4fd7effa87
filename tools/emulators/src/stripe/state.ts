import { validateCardForm, type CardForm, type CardFormErrors } from './card-form';
import { invalidRequest, missingParam, noSuchResource } from './errors';
import type { FormObject } from './form-encoding';
import { stripeId } from './ids';
import type {
  ChargeObject,
  CheckoutSessionObject,
  EmulatedEventType,
  EventObject,
  LineItemObject,
  ListObject,
  PaymentIntentObject,
  RefundObject,
  RefundReason,
} from './objects';
import {
  arrayParam,
  child,
  currencyParam,
  emailParam,
  enumParam,
  expandParam,
  integerParam,
  metadataParam,
  objectParam,
  rejectUnknown,
  requiredString,
  stringParam,
  urlParam,
  type Metadata,
} from './params';
import { listPage } from './lists';
import { lastFour, outcomeForCard } from './test-cards';

/** Stripe's limits on a Checkout Session's life. */
export const MIN_SESSION_SECONDS = 30 * 60;
export const MAX_SESSION_SECONDS = 24 * 60 * 60;
/** Leeway for the caller's clock: it computes `expires_at` a moment before the emulator checks it. */
const EXPIRES_AT_LEEWAY_SECONDS = 10;
const MAX_AMOUNT = 99_999_999;

/** The API version stamped on events when no request named one (the installed SDK's version). */
export const DEFAULT_API_VERSION = '2026-10-28.endive';

/** Who asked for a change: becomes the `request` field of the events it causes. */
export interface RequestContext {
  readonly requestId: string | null;
  readonly idempotencyKey: string | null;
  readonly apiVersion: string | null;
}

const NO_REQUEST: RequestContext = { requestId: null, idempotencyKey: null, apiVersion: null };

interface SessionRecord {
  /** As served, with `payment_intent` as an id and without `line_items` (expanded on demand). */
  session: CheckoutSessionObject;
  lineItems: LineItemObject[];
  paymentIntentMetadata: Metadata;
  apiVersion: string;
}

/** The result of submitting the card form for a session (hosted page or control API). */
export type PaymentAttempt =
  | {
      readonly outcome: 'paid';
      readonly session: CheckoutSessionObject;
      readonly paymentIntent: PaymentIntentObject;
      readonly event: EventObject;
    }
  | { readonly outcome: 'declined'; readonly code: string; readonly declineCode?: string; readonly message: string }
  | { readonly outcome: 'invalid'; readonly errors: CardFormErrors }
  | { readonly outcome: 'not_open'; readonly session: CheckoutSessionObject };

export interface StripeStateOptions {
  /** Milliseconds since the epoch, as the emulated Stripe sees it. */
  readonly now: () => number;
  /** Base of the hosted page URLs (`<base>/checkout/<session id>`). */
  readonly publicBaseUrl: string;
  /** Webhook endpoints an event will be sent to (its `pending_webhooks`). */
  readonly pendingWebhooks: () => number;
  readonly onEvent: (event: EventObject) => void;
}

const SESSION_PARAMS_HANDLED = [
  'cancel_url',
  'client_reference_id',
  'currency',
  'customer_email',
  'expand',
  'expires_at',
  'line_items',
  'locale',
  'metadata',
  'mode',
  'payment_intent_data',
  'payment_method_types',
  'success_url',
  'ui_mode',
];

/** Real Stripe parameters that change nothing the emulator models: accepted and ignored. */
const SESSION_PARAMS_IGNORED = [
  'adaptive_pricing',
  'after_expiration',
  'allow_promotion_codes',
  'allowed_payment_method_types',
  'automatic_tax',
  'billing_address_collection',
  'branding_settings',
  'consent_collection',
  'custom_fields',
  'custom_text',
  'customer_creation',
  'excluded_payment_method_types',
  'integration_identifier',
  'invoice_creation',
  'name_collection',
  'origin_context',
  'payment_method_collection',
  'payment_method_configuration',
  'payment_method_options',
  'phone_number_collection',
  'shipping_address_collection',
  'submit_type',
  'tax_id_collection',
  'wallet_options',
];

const PAYMENT_INTENT_DATA_PARAMS = [
  'application_fee_amount',
  'capture_method',
  'description',
  'metadata',
  'on_behalf_of',
  'receipt_email',
  'setup_future_usage',
  'shipping',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'transfer_data',
  'transfer_group',
];

const REFUND_PARAMS = [
  'amount',
  'charge',
  'currency',
  'customer',
  'expand',
  'instructions_email',
  'metadata',
  'origin',
  'payment_intent',
  'reason',
  'refund_application_fee',
  'reverse_transfer',
];

/**
 * The emulated Stripe account: Checkout Sessions, PaymentIntents, charges, refunds and events,
 * and the rules that change them. Every method is synchronous, so requests that arrive
 * together (same idempotency key, a double-clicked Pay button) are applied one after another.
 */
export class StripeState {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly paymentIntents = new Map<string, PaymentIntentObject>();
  private readonly charges = new Map<string, ChargeObject>();
  private readonly refunds = new Map<string, RefundObject>();
  private readonly eventLog: EventObject[] = [];
  private readonly eventsById = new Map<string, EventObject>();

  constructor(private readonly options: StripeStateOptions) {}

  reset(): void {
    this.sessions.clear();
    this.paymentIntents.clear();
    this.charges.clear();
    this.refunds.clear();
    this.eventLog.length = 0;
    this.eventsById.clear();
  }

  private nowSeconds(): number {
    return Math.floor(this.options.now() / 1000);
  }

  // ---- Checkout Sessions -------------------------------------------------------------------

  createSession(params: FormObject, context: RequestContext): CheckoutSessionObject {
    rejectUnknown(params, [...SESSION_PARAMS_HANDLED, ...SESSION_PARAMS_IGNORED]);
    const mode = requiredString(params['mode'], 'mode', { maxLength: 20 });
    if (mode !== 'payment') {
      throw invalidRequest(
        mode === 'subscription' || mode === 'setup'
          ? `The emulator supports only mode=payment (got ${mode}).`
          : `Invalid mode: must be one of payment, setup or subscription`,
        'mode',
      );
    }
    const uiMode = enumParam(params['ui_mode'], 'ui_mode', ['hosted', 'embedded', 'custom', 'elements']);
    if (uiMode !== undefined && uiMode !== 'hosted')
      throw invalidRequest(`The emulator supports only ui_mode=hosted (got ${uiMode}).`, 'ui_mode');
    const paymentMethodTypes = (arrayParam(params['payment_method_types'], 'payment_method_types') ?? ['card']).map(
      (value, index) => requiredString(value, child('payment_method_types', index), { maxLength: 50 }),
    );
    if (paymentMethodTypes.some((type) => type !== 'card')) {
      throw invalidRequest('The emulator supports only the card payment method.', 'payment_method_types');
    }

    const lineItems = this.readLineItems(params);
    const currency = lineItems[0]?.currency ?? '';
    const requestedCurrency = currencyParam(params['currency'], 'currency');
    if (requestedCurrency !== undefined && requestedCurrency !== currency) {
      throw invalidRequest(
        `currency (${requestedCurrency}) does not match the line items' currency (${currency}).`,
        'currency',
      );
    }
    const amountTotal = lineItems.reduce((sum, item) => sum + item.amount_total, 0);
    if (amountTotal > MAX_AMOUNT)
      throw invalidRequest(`The total amount must be no more than ${MAX_AMOUNT}.`, 'line_items', 'amount_too_large');

    const now = this.nowSeconds();
    const expiresAt = integerParam(params['expires_at'], 'expires_at') ?? now + MAX_SESSION_SECONDS;
    if (expiresAt < now + MIN_SESSION_SECONDS - EXPIRES_AT_LEEWAY_SECONDS) {
      throw invalidRequest(
        'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
        'expires_at',
      );
    }
    if (expiresAt > now + MAX_SESSION_SECONDS + EXPIRES_AT_LEEWAY_SECONDS) {
      throw invalidRequest(
        'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
        'expires_at',
      );
    }

    const paymentIntentData = objectParam(params['payment_intent_data'], 'payment_intent_data') ?? {};
    rejectUnknown(paymentIntentData, PAYMENT_INTENT_DATA_PARAMS, 'payment_intent_data');
    const captureMethod = enumParam(paymentIntentData['capture_method'], 'payment_intent_data[capture_method]', [
      'automatic',
      'automatic_async',
      'manual',
    ]);
    if (captureMethod === 'manual')
      throw invalidRequest('The emulator supports only automatic capture.', 'payment_intent_data[capture_method]');

    const id = stripeId('cs_test');
    const session: CheckoutSessionObject = {
      id,
      object: 'checkout.session',
      after_expiration: null,
      allow_promotion_codes: null,
      amount_subtotal: amountTotal,
      amount_total: amountTotal,
      automatic_tax: { enabled: false, liability: null, status: null },
      billing_address_collection: null,
      cancel_url: urlParam(params['cancel_url'], 'cancel_url') ?? null,
      client_reference_id:
        stringParam(params['client_reference_id'], 'client_reference_id', { maxLength: 200 }) ?? null,
      client_secret: null,
      created: now,
      currency,
      custom_fields: [],
      customer: null,
      customer_creation: 'if_required',
      customer_details: null,
      customer_email: emailParam(params['customer_email'], 'customer_email') ?? null,
      expires_at: expiresAt,
      invoice: null,
      livemode: false,
      locale: stringParam(params['locale'], 'locale', { maxLength: 10 }) ?? null,
      metadata: metadataParam(params['metadata'], 'metadata') ?? {},
      mode: 'payment',
      payment_intent: null,
      payment_link: null,
      payment_method_types: paymentMethodTypes,
      payment_status: 'unpaid',
      recovered_from: null,
      setup_intent: null,
      shipping_options: [],
      status: 'open',
      submit_type: null,
      subscription: null,
      success_url: urlParam(params['success_url'], 'success_url') ?? null,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      ui_mode: 'hosted',
      url: `${this.options.publicBaseUrl}/checkout/${id}`,
    };
    this.sessions.set(id, {
      session,
      lineItems,
      paymentIntentMetadata: metadataParam(paymentIntentData['metadata'], 'payment_intent_data[metadata]') ?? {},
      apiVersion: context.apiVersion ?? DEFAULT_API_VERSION,
    });
    return structuredClone(session);
  }

  private readLineItems(params: FormObject): LineItemObject[] {
    const items = arrayParam(params['line_items'], 'line_items');
    if (items === undefined || items.length === 0) throw missingParam('line_items');
    if (items.length > 100) throw invalidRequest('A Checkout Session can have at most 100 line items.', 'line_items');
    const lineItems = items.map((value, index) => this.readLineItem(value, child('line_items', index)));
    const currencies = new Set(lineItems.map((item) => item.currency));
    if (currencies.size > 1) throw invalidRequest('All line items must use the same currency.', 'line_items');
    return lineItems;
  }

  private readLineItem(value: FormObject[string], param: string): LineItemObject {
    const item = objectParam(value, param);
    if (item === undefined) throw missingParam(param);
    rejectUnknown(
      item,
      ['adjustable_quantity', 'dynamic_tax_rates', 'metadata', 'price', 'price_data', 'quantity', 'tax_rates'],
      param,
    );
    const priceId = stringParam(item['price'], child(param, 'price'), { maxLength: 200 });
    if (priceId !== undefined) throw noSuchResource('price', priceId, child(param, 'price'));
    const priceParam = child(param, 'price_data');
    const priceData = objectParam(item['price_data'], priceParam);
    if (priceData === undefined)
      throw invalidRequest(
        `You must specify either \`price\` or \`price_data\` for ${param}.`,
        priceParam,
        'parameter_missing',
      );
    rejectUnknown(
      priceData,
      ['currency', 'product', 'product_data', 'recurring', 'tax_behavior', 'unit_amount', 'unit_amount_decimal'],
      priceParam,
    );
    if (priceData['recurring'] !== undefined)
      throw invalidRequest('Recurring prices cannot be used in payment mode.', child(priceParam, 'recurring'));
    const productId = stringParam(priceData['product'], child(priceParam, 'product'), { maxLength: 200 });
    if (productId !== undefined) throw noSuchResource('product', productId, child(priceParam, 'product'));

    const currency = currencyParam(priceData['currency'], child(priceParam, 'currency'));
    if (currency === undefined) throw missingParam(child(priceParam, 'currency'));
    const unitAmount = this.readUnitAmount(priceData, priceParam);
    const productParam = child(priceParam, 'product_data');
    const productData = objectParam(priceData['product_data'], productParam);
    if (productData === undefined)
      throw invalidRequest(
        `You must specify either \`product\` or \`product_data\` for ${priceParam}.`,
        productParam,
        'parameter_missing',
      );
    rejectUnknown(productData, ['description', 'images', 'metadata', 'name', 'tax_code', 'unit_label'], productParam);
    const name = requiredString(productData['name'], child(productParam, 'name'), { maxLength: 250 });
    stringParam(productData['description'], child(productParam, 'description'), { maxLength: 40_000 });
    const quantity = integerParam(item['quantity'], child(param, 'quantity'), { min: 1, max: 999_999 });
    if (quantity === undefined) throw missingParam(child(param, 'quantity'));

    const amount = unitAmount * quantity;
    return {
      id: stripeId('li'),
      object: 'item',
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency,
      description: name,
      price: {
        id: stripeId('price'),
        object: 'price',
        active: false,
        billing_scheme: 'per_unit',
        created: this.nowSeconds(),
        currency,
        livemode: false,
        metadata: {},
        product: stripeId('prod'),
        type: 'one_time',
        unit_amount: unitAmount,
        unit_amount_decimal: String(unitAmount),
      },
      quantity,
    };
  }

  private readUnitAmount(priceData: FormObject, priceParam: string): number {
    const unitAmount = integerParam(priceData['unit_amount'], child(priceParam, 'unit_amount'), {
      min: 0,
      max: MAX_AMOUNT,
    });
    if (unitAmount !== undefined) return unitAmount;
    const decimalParam = child(priceParam, 'unit_amount_decimal');
    const decimal = stringParam(priceData['unit_amount_decimal'], decimalParam, { maxLength: 20 });
    if (decimal === undefined) throw missingParam(child(priceParam, 'unit_amount'));
    if (!/^\d+$/.test(decimal) || Number(decimal) > MAX_AMOUNT)
      throw invalidRequest('The emulator supports only whole-unit amounts.', decimalParam);
    return Number(decimal);
  }

  private record(id: string): SessionRecord {
    const record = this.sessions.get(id);
    if (!record) throw noSuchResource('checkout.session', id, 'session');
    return record;
  }

  hasSession(id: string): boolean {
    return this.sessions.has(id);
  }

  /** The session as served; `expand` may name `payment_intent` and `line_items`. */
  session(id: string, expand: readonly string[] = []): CheckoutSessionObject {
    const record = this.record(id);
    const view = structuredClone(record.session);
    // As on Stripe, expanding a nested path (`payment_intent.latest_charge`) expands its parents too.
    const chargeToo = expand.includes('payment_intent.latest_charge');
    if ((chargeToo || expand.includes('payment_intent')) && typeof view.payment_intent === 'string')
      view.payment_intent = this.paymentIntent(view.payment_intent, chargeToo ? ['latest_charge'] : []);
    if (expand.includes('line_items')) view.line_items = this.sessionLineItems(id);
    return view;
  }

  sessionLineItems(id: string): ListObject<LineItemObject> {
    const record = this.record(id);
    return {
      object: 'list',
      data: structuredClone(record.lineItems),
      has_more: false,
      url: `/v1/checkout/sessions/${id}/line_items`,
    };
  }

  listSessions(): CheckoutSessionObject[] {
    return [...this.sessions.values()].map((record) => structuredClone(record.session));
  }

  expireSession(id: string, context: RequestContext = NO_REQUEST): CheckoutSessionObject {
    this.expireOverdue();
    const record = this.record(id);
    if (record.session.status !== 'open') {
      throw invalidRequest(
        `Only Checkout Sessions with a status of \`open\` can be expired (${id} is ${record.session.status}).`,
        'session',
      );
    }
    this.markExpired(record, context);
    return structuredClone(record.session);
  }

  /** Expires every open session whose `expires_at` has passed; returns how many. */
  expireOverdue(): number {
    const now = this.nowSeconds();
    let expired = 0;
    for (const record of this.sessions.values()) {
      if (record.session.status === 'open' && record.session.expires_at <= now) {
        this.markExpired(record, NO_REQUEST);
        expired += 1;
      }
    }
    return expired;
  }

  private markExpired(record: SessionRecord, context: RequestContext): void {
    record.session.status = 'expired';
    record.session.url = null;
    this.emit('checkout.session.expired', record.session, context, record.apiVersion);
  }

  /** The card form was submitted: validate it, ask the "card network", and complete the session. */
  submitPayment(id: string, form: CardForm): PaymentAttempt {
    this.expireOverdue();
    const record = this.record(id);
    if (record.session.status !== 'open') return { outcome: 'not_open', session: structuredClone(record.session) };
    const validated = validateCardForm(form, {
      now: new Date(this.options.now()),
      emailRequired: record.session.customer_email === null,
    });
    if (!validated.ok) return { outcome: 'invalid', errors: validated.errors };
    const card = validated.card;
    const decision = outcomeForCard(card.number);
    if (decision.kind === 'declined') {
      return {
        outcome: 'declined',
        code: decision.code,
        message: decision.message,
        ...(decision.declineCode ? { declineCode: decision.declineCode } : {}),
      };
    }

    const session = record.session;
    const email = session.customer_email ?? card.email ?? null;
    const created = this.nowSeconds();
    const paymentIntentId = stripeId('pi');
    const paymentMethodId = stripeId('pm');
    const charge: ChargeObject = {
      id: stripeId('ch'),
      object: 'charge',
      amount: session.amount_total,
      amount_captured: session.amount_total,
      amount_refunded: 0,
      balance_transaction: null,
      billing_details: { address: null, email, name: card.name, phone: null },
      captured: true,
      created,
      currency: session.currency,
      description: null,
      disputed: false,
      failure_code: null,
      failure_message: null,
      livemode: false,
      metadata: { ...record.paymentIntentMetadata },
      outcome: {
        network_status: 'approved_by_network',
        reason: null,
        risk_level: 'normal',
        seller_message: 'Payment complete.',
        type: 'authorized',
      },
      paid: true,
      payment_intent: paymentIntentId,
      payment_method: paymentMethodId,
      payment_method_details: {
        type: 'card',
        card: {
          brand: decision.brand,
          country: 'US',
          exp_month: card.expMonth,
          exp_year: card.expYear,
          funding: 'credit',
          last4: lastFour(card.number),
        },
      },
      receipt_email: email,
      refunded: false,
      refunds: { object: 'list', data: [], has_more: false, url: '' },
      status: 'succeeded',
    };
    charge.refunds.url = `/v1/charges/${charge.id}/refunds`;
    const paymentIntent: PaymentIntentObject = {
      id: paymentIntentId,
      object: 'payment_intent',
      amount: session.amount_total,
      amount_capturable: 0,
      amount_received: session.amount_total,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: 'automatic_async',
      client_secret: `${paymentIntentId}_secret_${stripeId('s').slice(2)}`,
      confirmation_method: 'automatic',
      created,
      currency: session.currency,
      customer: null,
      description: null,
      last_payment_error: null,
      latest_charge: charge.id,
      livemode: false,
      metadata: { ...record.paymentIntentMetadata },
      payment_method: paymentMethodId,
      payment_method_types: ['card'],
      receipt_email: email,
      status: 'succeeded',
    };
    this.charges.set(charge.id, charge);
    this.paymentIntents.set(paymentIntent.id, paymentIntent);

    session.status = 'complete';
    session.payment_status = 'paid';
    session.payment_intent = paymentIntent.id;
    session.url = null;
    session.customer_details = { email, name: card.name, address: null, phone: null, tax_exempt: 'none', tax_ids: [] };
    const event = this.emit('checkout.session.completed', session, NO_REQUEST, record.apiVersion);
    return { outcome: 'paid', session: structuredClone(session), paymentIntent: structuredClone(paymentIntent), event };
  }

  /**
   * A delayed payment method (e.g. a bank debit) was submitted and then failed: the session
   * completes unpaid (`checkout.session.completed` with payment_status `unpaid`), then
   * `checkout.session.async_payment_failed` follows, as on Stripe.
   */
  failAsyncPayment(id: string): { session: CheckoutSessionObject; events: EventObject[] } {
    this.expireOverdue();
    const record = this.record(id);
    if (record.session.status !== 'open') {
      throw invalidRequest(
        `Only an open Checkout Session can have its payment fail (${id} is ${record.session.status}).`,
        'session',
      );
    }
    const session = record.session;
    session.status = 'complete';
    session.payment_status = 'unpaid';
    session.url = null;
    session.customer_details = {
      email: session.customer_email,
      name: null,
      address: null,
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    };
    const completed = this.emit('checkout.session.completed', session, NO_REQUEST, record.apiVersion);
    const failed = this.emit('checkout.session.async_payment_failed', session, NO_REQUEST, record.apiVersion);
    return { session: structuredClone(session), events: [completed, failed] };
  }

  // ---- PaymentIntents, charges, refunds ----------------------------------------------------

  paymentIntent(id: string, expand: readonly string[] = []): PaymentIntentObject {
    const paymentIntent = this.paymentIntents.get(id);
    if (!paymentIntent) throw noSuchResource('payment_intent', id, 'intent');
    const view = structuredClone(paymentIntent);
    if (expand.includes('latest_charge') && typeof view.latest_charge === 'string')
      view.latest_charge = this.charge(view.latest_charge);
    return view;
  }

  charge(id: string): ChargeObject {
    const charge = this.charges.get(id);
    if (!charge) throw noSuchResource('charge', id, 'charge');
    return structuredClone(charge);
  }

  refund(id: string): RefundObject {
    const refund = this.refunds.get(id);
    if (!refund) throw noSuchResource('refund', id, 'refund');
    return structuredClone(refund);
  }

  createRefund(params: FormObject, context: RequestContext): RefundObject {
    rejectUnknown(params, REFUND_PARAMS);
    const paymentIntentId = stringParam(params['payment_intent'], 'payment_intent', { maxLength: 200 });
    const chargeId = stringParam(params['charge'], 'charge', { maxLength: 200 });
    if (paymentIntentId === undefined && chargeId === undefined) {
      throw invalidRequest(
        'One of the following params should be provided for this request: payment_intent or charge.',
        'payment_intent',
        'parameter_missing',
      );
    }
    const charge = this.chargeForRefund(paymentIntentId, chargeId);
    const currency = currencyParam(params['currency'], 'currency');
    if (currency !== undefined && currency !== charge.currency)
      throw invalidRequest(`Invalid currency: the charge is in ${charge.currency}.`, 'currency');
    const reason = enumParam(params['reason'], 'reason', [
      'duplicate',
      'fraudulent',
      'requested_by_customer',
    ] satisfies RefundReason[]);
    const metadata = metadataParam(params['metadata'], 'metadata') ?? {};
    const refundable = charge.amount - charge.amount_refunded;
    if (refundable === 0)
      throw invalidRequest(`Charge ${charge.id} has already been refunded.`, 'charge', 'charge_already_refunded');
    const amount = integerParam(params['amount'], 'amount', { min: 1 }) ?? refundable;
    if (amount > refundable) {
      throw invalidRequest(
        `Refund amount (${formatMinor(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatMinor(refundable, charge.currency)})`,
        'amount',
        'amount_too_large',
      );
    }

    const refund: RefundObject = {
      id: stripeId('re'),
      object: 'refund',
      amount,
      balance_transaction: null,
      charge: charge.id,
      created: this.nowSeconds(),
      currency: charge.currency,
      metadata,
      payment_intent: charge.payment_intent,
      reason: reason ?? null,
      receipt_number: null,
      status: 'succeeded',
    };
    this.refunds.set(refund.id, refund);
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    charge.refunds.data.unshift(structuredClone(refund));
    const apiVersion = this.sessionForPaymentIntent(charge.payment_intent)?.apiVersion ?? DEFAULT_API_VERSION;
    this.emit('charge.refunded', charge, context, apiVersion, previous);
    return structuredClone(refund);
  }

  private chargeForRefund(paymentIntentId: string | undefined, chargeId: string | undefined): ChargeObject {
    if (paymentIntentId !== undefined) {
      const paymentIntent = this.paymentIntents.get(paymentIntentId);
      if (!paymentIntent) throw noSuchResource('payment_intent', paymentIntentId, 'payment_intent');
      const latest =
        typeof paymentIntent.latest_charge === 'string' ? paymentIntent.latest_charge : paymentIntent.latest_charge?.id;
      if (chargeId !== undefined && chargeId !== latest)
        throw invalidRequest(`Charge ${chargeId} does not belong to ${paymentIntentId}.`, 'charge');
      const charge = latest ? this.charges.get(latest) : undefined;
      if (!charge)
        throw invalidRequest(
          `This PaymentIntent (${paymentIntentId}) does not have a successful charge to refund.`,
          'payment_intent',
        );
      return charge;
    }
    const charge = this.charges.get(chargeId ?? '');
    if (!charge) throw noSuchResource('charge', chargeId ?? '', 'charge');
    return charge;
  }

  private sessionForPaymentIntent(paymentIntentId: string): SessionRecord | undefined {
    return [...this.sessions.values()].find((record) => record.session.payment_intent === paymentIntentId);
  }

  // ---- Events ------------------------------------------------------------------------------

  private emit(
    type: EmulatedEventType,
    object: CheckoutSessionObject | ChargeObject,
    context: RequestContext,
    apiVersion: string,
    previousAttributes?: Record<string, unknown>,
  ): EventObject {
    const event: EventObject = {
      id: stripeId('evt'),
      object: 'event',
      api_version: context.apiVersion ?? apiVersion,
      created: this.nowSeconds(),
      data: {
        object: structuredClone(object),
        ...(previousAttributes ? { previous_attributes: previousAttributes } : {}),
      },
      livemode: false,
      pending_webhooks: this.options.pendingWebhooks(),
      request: { id: context.requestId, idempotency_key: context.idempotencyKey },
      type,
    };
    this.eventLog.push(event);
    this.eventsById.set(event.id, event);
    this.options.onEvent(event);
    return structuredClone(event);
  }

  event(id: string): EventObject {
    const event = this.eventsById.get(id);
    if (!event) throw noSuchResource('event', id, 'id');
    return structuredClone(event);
  }

  /** Oldest first. */
  events(filter: { type?: string } = {}): EventObject[] {
    return this.eventLog
      .filter((event) => filter.type === undefined || event.type === filter.type)
      .map((event) => structuredClone(event));
  }

  /** `GET /v1/events`: newest first, cursor-paginated like every Stripe list. */
  listEvents(params: FormObject): ListObject<EventObject> {
    rejectUnknown(params, [
      'created',
      'delivery_success',
      'ending_before',
      'expand',
      'limit',
      'starting_after',
      'type',
      'types',
    ]);
    const type = stringParam(params['type'], 'type', { maxLength: 100 });
    const types = (arrayParam(params['types'], 'types') ?? []).map((value, index) =>
      requiredString(value, child('types', index), { maxLength: 100 }),
    );
    if (type !== undefined && types.length > 0)
      throw invalidRequest('You may pass either type or types, but not both.', 'types');
    const wanted = type !== undefined ? [type] : types;
    return listPage(params, {
      all: this.eventLog,
      resource: 'event',
      url: '/v1/events',
      matches: (event) => wanted.length === 0 || wanted.includes(event.type),
    });
  }

  /** `GET /v1/payment_intents`: every PaymentIntent (the emulator creates one per paid session). */
  listPaymentIntents(params: FormObject): ListObject<PaymentIntentObject> {
    rejectUnknown(params, ['created', 'customer', 'ending_before', 'expand', 'limit', 'starting_after']);
    expandParam(params['expand'], []);
    const customer = stringParam(params['customer'], 'customer', { maxLength: 200 });
    return listPage(params, {
      all: [...this.paymentIntents.values()],
      resource: 'payment_intent',
      url: '/v1/payment_intents',
      matches: (intent) => customer === undefined || intent.customer === customer,
    });
  }

  /** `GET /v1/refunds`: every refund, optionally of one charge or PaymentIntent. */
  listRefunds(params: FormObject): ListObject<RefundObject> {
    rejectUnknown(params, [
      'charge',
      'created',
      'ending_before',
      'expand',
      'limit',
      'payment_intent',
      'starting_after',
    ]);
    expandParam(params['expand'], []);
    const charge = stringParam(params['charge'], 'charge', { maxLength: 200 });
    const paymentIntent = stringParam(params['payment_intent'], 'payment_intent', { maxLength: 200 });
    return listPage(params, {
      all: [...this.refunds.values()],
      resource: 'refund',
      url: '/v1/refunds',
      matches: (refund) =>
        (charge === undefined || refund.charge === charge) &&
        (paymentIntent === undefined || refund.payment_intent === paymentIntent),
    });
  }
}

/** `€12.34`, `¥500`: an amount in the currency's smallest unit, for people. */
export function formatMinor(amount: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}
