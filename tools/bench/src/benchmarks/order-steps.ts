/**
 * Where the time of one `POST /orders` goes: the real `createOrder` of @tth/orders, wired as the
 * orders function wires it (its settings from the bench's handler environment), with its
 * repositories and payment gateway instrumented so each call it makes is timed on its own
 * (docs/decisions/021-idempotency.md, 022-seat-holds.md). The API's own p50 minus the sum of
 * these is what the API adds around them (HTTP, routing, validation, JSON, logging).
 */
import { loadFunctionConfig } from '@tth/functions';
import { createOrder, createOrderDeps, type OrderDeps } from '@tth/orders';
import { silentLogger } from '@tth/runtime';
import type { BenchEvent } from '../catalog';
import type { BenchStack } from '../stack';
import type { LatencySummary } from '../stats';

export interface StepTiming {
  readonly step: string;
  readonly latencyMs: LatencySummary;
}

/** The calls a fresh order makes, in order, by the dependency and method that makes them. */
const STEP_CALLS = [
  ['idempotency.acquire', 'idempotency claim (PutItem, conditional)'],
  ['catalog.getEventWithTicketTypes', 'catalog read (Query, consistent)'],
  ['orders.createWithHold', 'seat hold + order + customer (TransactWriteItems)'],
  ['gateway.createCheckoutSession', 'Stripe Checkout Session (emulator)'],
  ['orders.attachCheckoutSession', 'attach session to order (UpdateItem, conditional)'],
  ['idempotency.complete', 'idempotency complete (UpdateItem, conditional)'],
] as const;

export const ORDER_STEPS = STEP_CALLS.map(([, step]) => step);

type Recorder = (call: string, ms: number) => void;

/** The same object, with each method call timed and reported as `<name>.<method>`. */
export function instrumented<T extends object>(target: T, name: string, record: Recorder): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await (value as (...args: unknown[]) => Promise<unknown>).apply(object, args);
        } finally {
          record(`${name}.${String(property)}`, performance.now() - started);
        }
      };
    },
  });
}

/** The orders function's dependencies, every repository and the gateway instrumented. */
export function instrumentedOrderDeps(deps: OrderDeps, record: Recorder): OrderDeps {
  const { repositories } = deps;
  return {
    ...deps,
    repositories: {
      orders: instrumented(repositories.orders, 'orders', record),
      catalog: instrumented(repositories.catalog, 'catalog', record),
      payments: instrumented(repositories.payments, 'payments', record),
      idempotency: instrumented(repositories.idempotency, 'idempotency', record),
      processedEvents: instrumented(repositories.processedEvents, 'processedEvents', record),
    },
    gateway: async () => instrumented(await deps.gateway(), 'gateway', record),
  };
}

/**
 * Returns a function that places one order through the real `createOrder`, and resolves to the
 * durations (ms) of its calls in ORDER_STEPS order. Fails if the flow made other calls than
 * those of a fresh order, so the breakdown never silently drifts from the code.
 */
export function orderStepper(
  stack: BenchStack,
  event: BenchEvent,
  runId: string,
): (index: number) => Promise<number[]> {
  const deps = createOrderDeps(loadFunctionConfig('orders', stack.handlerEnv), { dynamo: stack.clients });
  let calls: [string, number][] = [];
  const timedDeps = instrumentedOrderDeps(deps, (call, ms) => calls.push([call, ms]));
  // The Stripe SDK loads on first use: resolved before any call is timed.
  const gatewayReady = deps.gateway();

  return async (index) => {
    await gatewayReady;
    calls = [];
    await createOrder(
      timedDeps,
      {
        idempotencyKey: `steps-${runId}-${index}`,
        body: {
          eventId: event.eventId,
          customer: { name: `Steps buyer ${index}`, email: `steps-${runId}-${index}@bench.example` },
          items: [{ ticketTypeId: event.ticketTypeId, quantity: 1 }],
        },
      },
      silentLogger,
    );
    const made = calls.map(([call]) => call);
    const expected = STEP_CALLS.map(([call]) => call);
    if (made.join() !== expected.join())
      throw new Error(`createOrder made ${made.join(', ')}; the breakdown expects ${expected.join(', ')}`);
    return calls.map(([, ms]) => ms);
  };
}
