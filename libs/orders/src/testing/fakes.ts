/**
 * Test doubles for the order flow's service-level tests (DynamoDB Local is real; the payment
 * provider is this in-memory fake, which keeps Stripe's idempotency semantics).
 */
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { IsolatedTables } from '@tth/data/testing';
import { silentLogger, type Logger } from '@tth/runtime';
import { DEFAULT_TIMING, type AlertName, type Alerts, type WebhookDeps } from '../deps';
import {
  stripeWebhookVerifier,
  type CheckoutPayment,
  type CheckoutSessionRef,
  type CheckoutSessionRequest,
  type PaymentGateway,
  type RefundRequest,
  type RefundResult,
  type SessionExpiry,
  PaymentProviderError,
} from '../payment-gateway';
import { createRepositories } from '../wiring';

export interface FakeSession extends CheckoutSessionRef {
  readonly request: CheckoutSessionRequest;
  status: 'open' | 'complete' | 'expired';
  paymentIntentId: string;
}

export class FakePaymentGateway implements PaymentGateway {
  readonly sessions = new Map<string, FakeSession>();
  readonly createCalls: CheckoutSessionRequest[] = [];
  readonly expireCalls: string[] = [];
  readonly refundCalls: RefundRequest[] = [];
  readonly paymentLookups: string[] = [];
  /** Set to make the next calls fail like an unreachable provider. */
  failCreates = false;
  failRefunds = 0;
  failPaymentLookups = 0;
  /** Amount refunded per PaymentIntent, however the refund was made. */
  private readonly refunded = new Map<string, number>();
  private readonly byIdempotencyKey = new Map<string, FakeSession>();
  private readonly refundsByKey = new Map<string, RefundResult>();
  private counter = 0;
  /** Provider ids are globally unique, like Stripe's, even across gateways sharing one table. */
  private readonly prefix = randomBytes(6).toString('hex');

  async createCheckoutSession(request: CheckoutSessionRequest): Promise<CheckoutSessionRef> {
    this.createCalls.push(request);
    if (this.failCreates) throw new PaymentProviderError('Stripe api_error', 'api_error');
    const existing = this.byIdempotencyKey.get(request.idempotencyKey);
    if (existing) return { id: existing.id, url: existing.url };
    const id = `cs_test_${this.prefix}_${++this.counter}`;
    const session: FakeSession = {
      id,
      url: `https://checkout.example/pay/${id}`,
      request,
      status: 'open',
      paymentIntentId: `pi_test_${this.prefix}_${this.counter}`,
    };
    this.sessions.set(id, session);
    this.byIdempotencyKey.set(request.idempotencyKey, session);
    return { id, url: session.url };
  }

  async expireCheckoutSession(sessionId: string): Promise<SessionExpiry> {
    this.expireCalls.push(sessionId);
    const session = this.sessions.get(sessionId);
    if (!session) return 'unknown';
    if (session.status === 'open') session.status = 'expired';
    return session.status === 'complete' ? 'complete' : 'expired';
  }

  async refundPayment(request: RefundRequest): Promise<RefundResult> {
    this.refundCalls.push(request);
    if (this.failRefunds > 0) {
      this.failRefunds--;
      throw new PaymentProviderError('Stripe api_error', 'api_error');
    }
    const existing = this.refundsByKey.get(request.idempotencyKey);
    if (existing) return existing;
    const session = [...this.sessions.values()].find(
      (candidate) => candidate.paymentIntentId === request.paymentIntentId,
    );
    const amount = session ? totalOf(session) : 0;
    const refund = {
      refundId: `re_test_${this.prefix}_${++this.counter}`,
      amount,
      currency: session?.request.currency ?? 'EUR',
      status: 'succeeded',
    };
    this.refundsByKey.set(request.idempotencyKey, refund);
    this.refunded.set(request.paymentIntentId, (this.refunded.get(request.paymentIntentId) ?? 0) + amount);
    return refund;
  }

  async checkoutPayment(sessionId: string): Promise<CheckoutPayment> {
    this.paymentLookups.push(sessionId);
    if (this.failPaymentLookups > 0) {
      this.failPaymentLookups--;
      throw new PaymentProviderError('Stripe api_connection_error', 'api_connection_error');
    }
    const session = this.sessions.get(sessionId);
    if (!session || session.status !== 'complete') return { amountRefunded: 0, fullyRefunded: false };
    const amountRefunded = this.refunded.get(session.paymentIntentId) ?? 0;
    return {
      paymentIntentId: session.paymentIntentId,
      amountRefunded,
      fullyRefunded: amountRefunded >= totalOf(session),
    };
  }

  /** Someone refunds a payment on the provider's side (its dashboard): `amount` defaults to all of it. */
  refundAtProvider(sessionId: string, amount?: number): void {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`No session ${sessionId}`);
    const previous = this.refunded.get(session.paymentIntentId) ?? 0;
    this.refunded.set(session.paymentIntentId, previous + (amount ?? totalOf(session) - previous));
  }

  /** The buyer pays on the hosted page. */
  pay(sessionId: string): FakeSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`No session ${sessionId}`);
    session.status = 'complete';
    return session;
  }

  /** Distinct refunds actually made (idempotent retries count once). */
  get refundsMade(): number {
    return this.refundsByKey.size;
  }
}

function totalOf(session: FakeSession): number {
  return session.request.lines.reduce((sum, line) => sum + line.lineTotal, 0);
}

export class RecordingAlerts implements Alerts {
  readonly raised: { name: AlertName; attributes: Readonly<Record<string, unknown>> }[] = [];
  raise(name: AlertName, _logger: Logger, attributes: Readonly<Record<string, unknown>>): void {
    this.raised.push({ name, attributes });
  }
}

export const TEST_WEBHOOK_SECRET = 'whsec_service_tests';
export const TEST_STOREFRONT = 'https://shop.test';
const stripeForSigning = new Stripe('sk_test_signing_only');

export interface TestDepsOptions {
  readonly clock?: () => Date;
  readonly holdMinutes?: number;
}

export function buildTestDeps(
  db: IsolatedTables,
  gateway: FakePaymentGateway,
  alerts: Alerts = new RecordingAlerts(),
  options: TestDepsOptions = {},
): WebhookDeps {
  return {
    repositories: createRepositories(db.clients.doc, db.tableNames),
    gateway: async () => gateway,
    verifier: async () => stripeWebhookVerifier(stripeForSigning, TEST_WEBHOOK_SECRET),
    settings: { holdMinutes: options.holdMinutes ?? 30, storefrontUrl: TEST_STOREFRONT },
    clock: options.clock ?? (() => new Date()),
    alerts,
    timing: { ...DEFAULT_TIMING, pollIntervalMs: 25 },
  };
}

let eventCounter = 0;

/** A Stripe event JSON body and its valid `Stripe-Signature` header. */
export function signedEvent(
  type: string,
  object: Record<string, unknown>,
  options: { id?: string; secret?: string; timestamp?: number } = {},
) {
  const payload = JSON.stringify({
    id: options.id ?? `evt_test_${Date.now()}_${++eventCounter}`,
    object: 'event',
    api_version: '2025-01-01',
    created: Math.floor(Date.now() / 1000),
    type,
    data: { object },
  });
  return signedPayload(payload, options);
}

/** Any body with a valid `Stripe-Signature`: what only Stripe (or a holder of the secret) can send. */
export function signedPayload(payload: string, options: { secret?: string; timestamp?: number } = {}) {
  const signature = stripeForSigning.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? TEST_WEBHOOK_SECRET,
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  });
  return { payload, signature };
}

/** The Checkout Session object Stripe sends for a fake session. */
export function sessionObject(session: FakeSession, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const amount = totalOf(session);
  return {
    id: session.id,
    object: 'checkout.session',
    mode: 'payment',
    client_reference_id: session.request.orderId,
    metadata: { orderId: session.request.orderId },
    amount_total: amount,
    currency: session.request.currency.toLowerCase(),
    payment_intent: session.paymentIntentId,
    payment_status: session.status === 'complete' ? 'paid' : 'unpaid',
    status: session.status,
    ...overrides,
  };
}

export const quietLogger: Logger = silentLogger;
