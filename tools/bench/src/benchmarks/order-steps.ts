/**
 * Where the time of one `POST /orders` goes: the calls the order flow makes, in its order
 * (docs/decisions/021-idempotency.md, 022-seat-holds.md), made here one at a time with the same
 * repositories and the same Stripe gateway, each timed on its own. The API's own p50 minus the
 * sum of these is what the API adds around them (HTTP, routing, validation, JSON, logging).
 */
import { createCatalogRepository, IdempotencyRepository, OrdersRepository, type OrderRecord } from '@tth/data';
import {
  checkoutReturnUrls,
  createStripeClient,
  customerIdFor,
  hashIdempotencyKey,
  hashOrderToken,
  IDEMPOTENCY_RETENTION_SECONDS,
  newOrderId,
  newOrderToken,
  normaliseEmail,
  requestFingerprint,
  sealOrderToken,
  StripePaymentGateway,
} from '@tth/orders';
import type { BenchEvent } from '../catalog';
import { BENCH_STRIPE_SECRET_KEY, type BenchStack } from '../stack';
import type { LatencySummary } from '../stats';

export interface StepTiming {
  readonly step: string;
  readonly latencyMs: LatencySummary;
}

export const ORDER_STEPS = [
  'idempotency claim (PutItem, conditional)',
  'catalog read (Query, consistent)',
  'seat hold + order + customer (TransactWriteItems)',
  'Stripe Checkout Session (emulator)',
  'attach session to order (UpdateItem, conditional)',
  'idempotency complete (UpdateItem, conditional)',
] as const;

/**
 * Returns a function that places one order through the flow's calls, timing each call, and
 * resolves to the six durations (ms) in ORDER_STEPS order.
 */
export function orderStepper(
  stack: BenchStack,
  event: BenchEvent,
  runId: string,
): (index: number) => Promise<number[]> {
  const { doc } = stack.clients;
  const tables = stack.tableNames;
  const idempotency = new IdempotencyRepository(doc, tables.IdempotencyKeys);
  const catalog = createCatalogRepository(doc, tables.Catalog);
  const orders = new OrdersRepository(doc, {
    orders: tables.Orders,
    catalog: tables.Catalog,
    customers: tables.Customers,
    payments: tables.Payments,
  });
  // The SDK loads on first use; it is awaited before any step is timed.
  const gatewayReady = createStripeClient({ apiKey: BENCH_STRIPE_SECRET_KEY, apiBase: stack.stripeUrl }).then(
    (client) => new StripePaymentGateway(client),
  );

  return async (index) => {
    const gateway = await gatewayReady;
    const durations: number[] = [];
    const timed = async <T>(call: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await call();
      durations.push(performance.now() - started);
      return result;
    };
    const now = new Date();
    const nowIso = now.toISOString();
    const rawKey = `steps-${runId}-${index}`;
    const keyHash = hashIdempotencyKey(rawKey);
    const email = normaliseEmail(`steps-${runId}-${index}@bench.example`);
    const body = {
      eventId: event.eventId,
      customer: { name: `Steps buyer ${index}`, email },
      items: [{ ticketTypeId: event.ticketTypeId, quantity: 1 }],
    };
    const orderId = newOrderId(now);
    const token = newOrderToken();

    const claimed = await timed(() =>
      idempotency.acquire(
        {
          key: keyHash,
          requestHash: requestFingerprint(body),
          state: 'IN_PROGRESS',
          orderId,
          sealedToken: sealOrderToken(token, rawKey, orderId),
          leaseExpiresAt: now.getTime() + 60_000,
          createdAt: nowIso,
          expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_RETENTION_SECONDS,
        },
        now.getTime(),
      ),
    );
    if (!claimed.acquired) throw new Error('The step timing could not claim a fresh idempotency key');
    const read = await timed(() => catalog.getEventWithTicketTypes(event.eventId));
    const ticketType = read?.ticketTypes.find((type) => type.ticketTypeId === event.ticketTypeId);
    if (!read || !ticketType) throw new Error(`Event ${event.eventId} is not in the catalog`);

    const holdExpiresAt = new Date(now.getTime() + 30 * 60_000).toISOString();
    const order: OrderRecord = {
      orderId,
      status: 'PENDING_PAYMENT',
      statusDueAt: holdExpiresAt,
      eventId: event.eventId,
      eventName: read.event.name,
      customerId: customerIdFor(email),
      lines: [
        {
          ticketTypeId: ticketType.ticketTypeId,
          name: ticketType.name,
          quantity: 1,
          unitPrice: ticketType.price,
          lineTotal: ticketType.price,
        },
      ],
      totals: { subtotal: ticketType.price, fees: 0, total: ticketType.price, currency: read.event.currency },
      holdExpiresAt,
      seatsHeld: true,
      tokenHash: hashOrderToken(token),
      createdAt: nowIso,
      updatedAt: nowIso,
    };
    const created = await timed(() =>
      orders.createWithHold(order, { customerId: order.customerId, email, name: body.customer.name, now: nowIso }),
    );
    if (created.kind !== 'created') throw new Error(`The step timing could not hold a seat: ${created.kind}`);

    const urls = checkoutReturnUrls(stack.handlerEnv['STOREFRONT_URL'] ?? 'http://localhost:5173', orderId);
    const session = await timed(() =>
      gateway.createCheckoutSession({
        orderId,
        eventName: order.eventName,
        lines: order.lines,
        currency: order.totals.currency,
        customerEmail: email,
        successUrl: urls.successUrl,
        cancelUrl: urls.cancelUrl,
        expiresAt: new Date(holdExpiresAt),
        idempotencyKey: `checkout-session-${orderId}`,
      }),
    );
    const attached = await timed(() => orders.attachCheckoutSession(orderId, session, new Date().toISOString()));
    const completed = await timed(() =>
      idempotency.complete(
        keyHash,
        orderId,
        JSON.stringify({ orderId, status: 'PENDING_PAYMENT', checkoutUrl: session.url }),
      ),
    );
    if (!attached || !completed) throw new Error('The step timing could not complete its order');
    return durations;
  };
}
