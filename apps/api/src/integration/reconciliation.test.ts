/**
 * The payment reconciliation against DynamoDB Local and the Stripe emulator through the real SDK:
 * missed webhooks (injected by switching the emulator's webhook endpoint off) are repaired through
 * the webhook's own path; payments and refunds no order accounts for become findings, once.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Schemas } from '@tth/contracts';
import { startStripeEmulator, type StripeEmulator } from '@tth/emulators';
import { OrdersRepository, PaymentsRepository, ReconciliationRepository, type ReconciliationFinding } from '@tth/data';
import { loadFunctionConfig } from '@tth/functions';
import {
  createReconciliationDeps,
  reconcilePayments,
  stripeLedger,
  type ReconciliationDeps,
  type ReconciliationOptions,
} from '@tth/orders';
import { silentLogger } from '@tth/runtime';
import { TEST_STRIPE_KEY, TEST_WEBHOOK_SECRET, orderBody, startOrdersStack, type OrdersStack } from './orders-stack';

type Created = Schemas['CreateOrderResponse'];

let emulator: StripeEmulator;
let stack: OrdersStack;
let stripe: Stripe;
let deps: ReconciliationDeps;
let orders: OrdersRepository;
let payments: PaymentsRepository;
let reconciliation: ReconciliationRepository;
let buyer = 0;

/** A day back, nothing left to settle; pages of two objects, so every list is walked over several pages. */
const options: ReconciliationOptions = { windowSeconds: 24 * 60 * 60, settleSeconds: 0 };

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0, webhookSecret: TEST_WEBHOOK_SECRET });
  stack = await startOrdersStack({
    name: 'reconciliation',
    stripeApiBase: emulator.url,
    events: [
      { eventId: 'arena', ticketTypes: [{ ticketTypeId: 'seat', price: 3000, capacity: 200, maxPerOrder: 10 }] },
    ],
  });
  const base = new URL(emulator.url);
  stripe = new Stripe(TEST_STRIPE_KEY, { host: base.hostname, port: base.port, protocol: 'http' });
  const config = loadFunctionConfig('payment-reconciliation', process.env);
  const wired = createReconciliationDeps(config, {
    dynamo: stack.db.clients,
    // A few seconds ahead of Stripe, so what a test just paid is inside the window ([start, end) in whole seconds).
    clock: () => new Date(Date.now() + 5_000),
  });
  deps = { ...wired, ledger: async () => stripeLedger(stripe, { pageSize: 2 }) };
  orders = new OrdersRepository(stack.db.clients.doc, {
    orders: stack.db.tableNames.Orders,
    catalog: stack.db.tableNames.Catalog,
    customers: stack.db.tableNames.Customers,
    payments: stack.db.tableNames.Payments,
  });
  payments = new PaymentsRepository(stack.db.clients.doc, stack.db.tableNames.Payments);
  reconciliation = new ReconciliationRepository(stack.db.clients.doc, stack.db.tableNames.Reconciliation);
});
beforeEach(async () => {
  // Each test starts from an empty Stripe account with a working webhook and a completed last window.
  await emulator.whenDeliveriesIdle();
  emulator.reset();
  webhooksOn();
  await reconcilePayments(deps, options, silentLogger);
});
afterAll(async () => {
  await stack?.close();
  await emulator?.close();
});

function webhooksOn(): void {
  emulator.setWebhookEndpoint(`${stack.api.url}/webhooks/stripe`, TEST_WEBHOOK_SECRET);
}
/** From now on Stripe records events but delivers none: every webhook is missed. */
function webhooksLost(): void {
  emulator.setWebhookEndpoint(undefined);
}

async function placeOrder(quantity = 2): Promise<Created & { sessionId: string }> {
  const reply = await stack.call<Created>('createOrder', 'POST', '/orders', {
    headers: {
      'Content-Type': 'application/json',
      'Idempotency-Key': `reconcile-${Date.now().toString(36)}-${++buyer}`,
    },
    body: orderBody('arena', 'seat', quantity, buyer),
  });
  expect(reply.status).toBe(201);
  const session = emulator.sessions().find((candidate) => candidate.metadata['orderId'] === reply.body.orderId);
  if (!session) throw new Error('no Checkout Session for the order');
  return { ...reply.body, sessionId: session.id };
}

/** Pays the session on the hosted page's code path; returns the PaymentIntent id. */
async function pay(sessionId: string): Promise<string> {
  const attempt = emulator.pay(sessionId);
  if (attempt.outcome !== 'paid') throw new Error(`payment not taken: ${attempt.outcome}`);
  await emulator.whenDeliveriesIdle();
  return attempt.paymentIntent.id;
}

/** A Checkout payment made outside the shop's order flow (another integration, a dashboard link…). */
async function foreignPayment(amount: number, metadata: Record<string, string>): Promise<string> {
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [
      { quantity: 1, price_data: { currency: 'eur', unit_amount: amount, product_data: { name: 'Ticket' } } },
    ],
    metadata,
    payment_intent_data: { metadata },
    success_url: 'https://example.com/done',
  });
  return pay(session.id);
}

async function openFindings(): Promise<ReconciliationFinding[]> {
  return (await reconciliation.listFindings('OPEN', { limit: 100 })).findings;
}

describe('payment reconciliation', () => {
  it('leaves payments and refunds whose webhooks arrived alone', async () => {
    // Arrange
    const paid = await placeOrder();
    const intent = await pay(paid.sessionId);
    const refunded = await placeOrder();
    const refundedIntent = await pay(refunded.sessionId);
    await stripe.refunds.create({ payment_intent: refundedIntent });
    await emulator.whenDeliveriesIdle();
    const findingsBefore = (await openFindings()).length;

    // Act
    const result = await reconcilePayments(deps, options, silentLogger);

    // Assert
    expect(result).toMatchObject({ outcome: 'complete', checked: 3, repaired: 0, newFindings: 0 });
    expect((await orders.get(paid.orderId))?.paymentIntentId).toBe(intent);
    expect((await orders.get(refunded.orderId))?.status).toBe('REFUNDED');
    expect(await openFindings()).toHaveLength(findingsBefore);
  });

  it('settles an order whose payment webhook was missed, as the webhook would (seats kept, fulfillment triggered)', async () => {
    // Arrange
    const created = await placeOrder(3);
    webhooksLost();
    const intent = await pay(created.sessionId);
    const seatsBefore = await stack.availability('arena', 'seat');
    expect((await orders.get(created.orderId))?.status).toBe('PENDING_PAYMENT');

    // Act
    const result = await reconcilePayments(deps, options, silentLogger);

    // Assert
    expect(result).toMatchObject({ outcome: 'complete', repaired: 1, newFindings: 0 });
    const order = await orders.get(created.orderId);
    expect(order).toMatchObject({ status: 'PAID', paymentIntentId: intent });
    expect(await payments.get(`PAYMENT#${intent}`)).toMatchObject({
      status: 'SUCCEEDED',
      amount: created.totals.total,
      providerEventId: `reconciliation:${intent}`,
    });
    expect(await stack.availability('arena', 'seat')).toBe(seatsBefore);
    expect(await stack.fulfillmentTriggers(created.orderId)).toBe(1);
  });

  it('refunds an order whose refund webhook was missed, and records the refund', async () => {
    // Arrange
    const created = await placeOrder();
    const intent = await pay(created.sessionId);
    webhooksLost();
    const refund = await stripe.refunds.create({ payment_intent: intent });
    expect((await orders.get(created.orderId))?.status).toBe('PAID');

    // Act
    const result = await reconcilePayments(deps, options, silentLogger);

    // Assert
    expect(result).toMatchObject({ outcome: 'complete', repaired: 1, newFindings: 0 });
    expect((await orders.get(created.orderId))?.status).toBe('REFUNDED');
    expect(await payments.get(`REFUND#${refund.id}`)).toMatchObject({
      kind: 'REFUND',
      status: 'SUCCEEDED',
      amount: created.totals.total,
      orderId: created.orderId,
    });
  });

  it('reports an amount mismatch, an unknown payment and a refund without order as findings, and alarms once each', async () => {
    // Arrange
    const created = await placeOrder();
    webhooksLost();
    const wrongAmount = await foreignPayment(100, { orderId: created.orderId });
    const unknown = await foreignPayment(2500, {});
    const refundOfUnknown = await stripe.refunds.create({ payment_intent: unknown });

    // Act
    const first = await reconcilePayments(deps, options, silentLogger);
    const again = await reconcilePayments(deps, options, silentLogger);

    // Assert
    expect(first).toMatchObject({ outcome: 'complete', repaired: 0, newFindings: 3 });
    expect(again).toMatchObject({ outcome: 'complete', repaired: 0, newFindings: 0 });
    const byId = Object.fromEntries((await openFindings()).map((finding) => [finding.findingId, finding]));
    expect(byId[`AMOUNT_MISMATCH#${wrongAmount}`]).toMatchObject({
      orderId: created.orderId,
      amount: 100,
      currency: 'EUR',
      expectedAmount: created.totals.total,
      expectedCurrency: 'EUR',
      stripeObjectType: 'payment_intent',
    });
    expect(byId[`UNKNOWN_PAYMENT#${unknown}`]).toMatchObject({ amount: 2500, stripeObjectType: 'payment_intent' });
    expect(byId[`REFUND_WITHOUT_ORDER#${refundOfUnknown.id}`]).toMatchObject({
      amount: 2500,
      stripeObjectType: 'refund',
    });
    // Never marked paid by money that does not match it.
    expect((await orders.get(created.orderId))?.status).toBe('PENDING_PAYMENT');
  });

  it('resumes a run cut short at its checkpoint, comparing each object once, and a later run changes nothing', async () => {
    // Arrange: five missed payments (three pages of two)
    const created = [];
    for (let index = 0; index < 5; index++) created.push(await placeOrder(1));
    webhooksLost();
    for (const order of created) await pay(order.sessionId);
    let compared = 0;
    const stopAfterTwo: ReconciliationOptions = { ...options, checkpointEvery: 1, shouldStop: () => ++compared >= 2 };

    // Act
    const cut = await reconcilePayments(deps, stopAfterTwo, silentLogger);
    const checkpoint = await reconciliation.getCheckpoint();
    const resumed = await reconcilePayments(deps, options, silentLogger);
    const completed = await reconciliation.getCheckpoint();
    const later = await reconcilePayments(deps, options, silentLogger);

    // Assert
    expect(cut).toMatchObject({ outcome: 'paused', checked: 2, repaired: 2 });
    expect(checkpoint).toMatchObject({ phase: 'payments', cursor: expect.stringMatching(/^pi_/), checked: 2 });
    expect(resumed).toMatchObject({ outcome: 'complete', window: cut.window, checked: 3, repaired: 3 });
    expect(completed).toMatchObject({ phase: 'done', checked: 5, repaired: 5, windowStart: cut.window.start });
    expect(later).toMatchObject({ outcome: 'complete', checked: 5, repaired: 0, newFindings: 0 });
    for (const order of created) expect((await orders.get(order.orderId))?.status).toBe('PAID');
  });

  it('settles a missed payment once when two runs start together', async () => {
    // Arrange
    const created = await placeOrder();
    webhooksLost();
    await pay(created.sessionId);

    // Act
    const results = await Promise.all([
      reconcilePayments(deps, options, silentLogger),
      reconcilePayments(deps, options, silentLogger),
    ]);

    // Assert: whichever run got there, the order was settled once and fulfillment triggered once
    expect(results.map((result) => result.outcome)).toContain('complete');
    expect((await orders.get(created.orderId))?.status).toBe('PAID');
    expect(await payments.listByOrder(created.orderId)).toHaveLength(1);
    expect(await stack.fulfillmentTriggers(created.orderId)).toBe(1);
    expect(await reconciliation.getCheckpoint()).toMatchObject({ phase: 'done' });
  });
});
