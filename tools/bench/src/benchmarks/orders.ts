/**
 * 1. Order creation under load: closed-loop clients POST /orders to the local API (each order
 *    holds seats in one DynamoDB transaction and opens a Stripe Checkout Session on the
 *    emulator), then the same seat-hold transaction is run bare against DynamoDB at the same
 *    concurrency, and the seats are audited (no oversell).
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { OrdersRepository, type OrderRecord } from '@tth/data';
import { customerIdFor, hashOrderToken, newOrderId, newOrderToken, normaliseEmail } from '@tth/orders';
import { auditSeats, availableSeats, ordersOfEvent, seedBenchEvent, type BenchEvent, type SeatAudit } from '../catalog';
import { keepAliveAgent, send } from '../http-client';
import { runClosedLoop, statusCounts, type ClosedLoopResult, type Outcome, type Task } from '../load';
import { placeOrder } from '../orders-api';
import { ORDER_STEPS, orderStepper, type StepTiming } from './order-steps';
import { cpuSnapshot, cpuUsage, perOperation, type CpuPerOperation, type CpuSnapshot, type ProcessGroup } from '../cpu';
import { processGroups, type ApiProcess, type BenchStack } from '../stack';
import { ratio, summarize, throughputTimeline, type LatencySummary } from '../stats';

export interface OrdersOptions {
  readonly connections: number;
  readonly durationS: number;
  readonly warmupS: number;
  readonly secondaryDurationS: number;
  readonly sequentialSamples: number;
}

export interface LoadFigures {
  readonly connections: number;
  readonly durationS: number;
  readonly requests: number;
  readonly succeeded: number;
  readonly errors: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  /** Successful operations per second over the measured window. */
  readonly perSecond: number;
  /** The slowest and fastest whole second of the window. */
  readonly perSecondMin: number;
  readonly perSecondMax: number;
  readonly perSecondTimeline: readonly number[];
  /** Latency of every request started in the window (successful or not), ms. */
  readonly latencyMs: LatencySummary;
  /** CPU time per successful operation, by process, during the window (Linux only). */
  readonly cpu?: CpuPerOperation;
}

export interface OrdersResult {
  readonly event: BenchEvent;
  readonly api: LoadFigures;
  readonly bare?: LoadFigures;
  /** API p50 / bare transaction p50, both at the same concurrency. */
  readonly ratioP50?: number;
  readonly unloaded?: {
    readonly samples: number;
    readonly apiMs: LatencySummary;
    readonly bareMs: LatencySummary;
    readonly ratioP50?: number;
    /** The order flow's calls, one at a time, each timed (see order-steps.ts). */
    readonly steps: readonly StepTiming[];
    /** GET /health through the local API: the HTTP round trip alone, no handler. */
    readonly httpRoundTripMs: LatencySummary;
  };
  readonly validated?: LoadFigures & { readonly contractViolations: number };
  readonly audit: SeatAudit;
}

export const LOAD_EVENT: BenchEvent = {
  eventId: 'bench-order-load',
  ticketTypeId: 'general',
  capacity: 50_000_000,
  price: 4500,
};
const BARE_EVENT: BenchEvent = {
  eventId: 'bench-bare-transaction',
  ticketTypeId: 'general',
  capacity: 50_000_000,
  price: 4500,
};
/** Buyers take 1–4 seats, so the seat audit checks quantities, not just counts. */
const quantityFor = (buyer: number) => 1 + (buyer % 4);

/** Runs a closed loop with CPU counters read at the start and the end of its measured window. */
async function measuredLoop(
  groups: readonly ProcessGroup[],
  options: { connections: number; durationMs: number; warmupMs: number },
  task: Task,
): Promise<LoadFigures> {
  let before: CpuSnapshot | undefined;
  const result = await runClosedLoop({ ...options, onWindowStart: () => (before = cpuSnapshot(groups)) }, task);
  const after = cpuSnapshot(groups);
  const figures = loadFigures(result, options.connections);
  if (!before || !after || figures.succeeded === 0) return figures;
  const cpu = perOperation(cpuUsage(before, after, availableParallelism()), figures.succeeded);
  return cpu ? { ...figures, cpu } : figures;
}

function loadFigures(result: ClosedLoopResult, connections: number): LoadFigures {
  const samples = result.samples;
  if (samples.length === 0) throw new Error('The load run completed no request: is the API answering?');
  const succeeded = samples.filter((sample) => sample.outcome.ok);
  const timeline = throughputTimeline(
    succeeded.map((sample) => sample.completedAtMs),
    // Requests started in the window may finish after it: count them against the window they ran in.
    Math.max(result.windowMs, ...samples.map((sample) => sample.completedAtMs)),
  );
  return {
    connections,
    durationS: result.windowMs / 1000,
    requests: samples.length,
    succeeded: succeeded.length,
    errors: samples.length - succeeded.length,
    statusCounts: statusCounts(samples),
    perSecond: timeline.mean,
    perSecondMin: timeline.min,
    perSecondMax: timeline.max,
    perSecondTimeline: timeline.perSecond,
    latencyMs: summarize(samples.map((sample) => sample.latencyMs)),
  };
}

/** The API's order-creation task; every 201 is remembered with its seats for the audit. */
function orderCreator(
  apiUrl: string,
  connections: number,
  event: BenchEvent,
  confirmed: Map<string, number>,
  runId: string,
) {
  const agent = keepAliveAgent(connections);
  let buyer = 0;
  const task: Task = async (): Promise<Outcome> => {
    const n = buyer++;
    const quantity = quantityFor(n);
    const placed = await placeOrder(apiUrl, agent, { event, quantity, buyer: `${runId}-${n}` });
    if (placed.orderId) confirmed.set(placed.orderId, quantity);
    return { ok: placed.orderId !== undefined, status: placed.reply.status };
  };
  return { task, close: () => agent.destroy() };
}

/** The seat-hold transaction alone: the very TransactWriteItems `POST /orders` runs (order put + customer upsert + conditional decrement). */
function bareTransaction(stack: BenchStack, event: BenchEvent, runId: string): Task {
  const repository = new OrdersRepository(stack.clients.doc, {
    orders: stack.tableNames.Orders,
    catalog: stack.tableNames.Catalog,
    customers: stack.tableNames.Customers,
    payments: stack.tableNames.Payments,
  });
  let buyer = 0;
  return async () => {
    const n = buyer++;
    const quantity = quantityFor(n);
    const now = new Date();
    const nowIso = now.toISOString();
    const holdExpiresAt = new Date(now.getTime() + 30 * 60_000).toISOString();
    const email = normaliseEmail(`bare-${runId}-${n}@bench.example`);
    const order: OrderRecord = {
      orderId: newOrderId(now),
      status: 'PENDING_PAYMENT',
      statusDueAt: holdExpiresAt,
      eventId: event.eventId,
      eventName: `Benchmark: ${event.eventId}`,
      customerId: customerIdFor(email),
      lines: [
        {
          ticketTypeId: event.ticketTypeId,
          name: 'General admission',
          quantity,
          unitPrice: event.price,
          lineTotal: event.price * quantity,
        },
      ],
      totals: { subtotal: event.price * quantity, fees: 0, total: event.price * quantity, currency: 'EUR' },
      holdExpiresAt,
      seatsHeld: true,
      tokenHash: hashOrderToken(newOrderToken()),
      createdAt: nowIso,
      updatedAt: nowIso,
    };
    const result = await repository.createWithHold(order, {
      customerId: order.customerId,
      email,
      name: `Bare buyer ${n}`,
      now: nowIso,
    });
    return { ok: result.kind === 'created', status: result.kind === 'created' ? 201 : 409 };
  };
}

const ONE_AT_A_TIME_WARMUP = 20;

/**
 * Nothing else in flight: per round, one order through the API, one bare transaction, one order
 * through the flow's calls timed one by one, one GET /health. Interleaved, so that all four see
 * the same machine and the same (warm) DynamoDB Local.
 */
async function oneAtATime(
  stack: BenchStack,
  api: ApiProcess,
  order: Task,
  bare: Task,
  samples: number,
  runId: string,
): Promise<NonNullable<OrdersResult['unloaded']>> {
  const steps = orderStepper(stack, BARE_EVENT, runId);
  const healthAgent = keepAliveAgent(1);
  const health: Task = async () => {
    const reply = await send(`${api.url}/health`, { method: 'GET' }, healthAgent);
    return { ok: reply.status === 200, status: reply.status };
  };
  const timed = async (task: Task, index: number): Promise<number> => {
    const started = performance.now();
    const outcome = await task(index);
    if (!outcome.ok) throw new Error(`A request made one at a time failed with status ${outcome.status}`);
    return performance.now() - started;
  };
  const apiMs: number[] = [];
  const bareMs: number[] = [];
  const stepMs: number[][] = ORDER_STEPS.map(() => []);
  const healthMs: number[] = [];
  try {
    for (let index = 0; index < ONE_AT_A_TIME_WARMUP + samples; index++) {
      const measured = index >= ONE_AT_A_TIME_WARMUP;
      const api = await timed(order, index);
      const bareTransaction = await timed(bare, index);
      const durations = await steps(index);
      const roundTrip = await timed(health, index);
      if (!measured) continue;
      apiMs.push(api);
      bareMs.push(bareTransaction);
      durations.forEach((duration, step) => stepMs[step]?.push(duration));
      healthMs.push(roundTrip);
    }
  } finally {
    healthAgent.destroy();
  }
  const apiSummary = summarize(apiMs);
  const bareSummary = summarize(bareMs);
  const unloadedRatio = ratio(apiSummary.p50, bareSummary.p50);
  return {
    samples,
    apiMs: apiSummary,
    bareMs: bareSummary,
    ...(unloadedRatio !== undefined ? { ratioP50: unloadedRatio } : {}),
    steps: ORDER_STEPS.map((step, index) => ({ step, latencyMs: summarize(stepMs[index] ?? []) })),
    httpRoundTripMs: summarize(healthMs),
  };
}

export async function benchOrders(
  stack: BenchStack,
  api: ApiProcess,
  options: OrdersOptions,
  progress: (line: string) => void,
): Promise<OrdersResult> {
  const runId = randomBytes(4).toString('hex');
  await seedBenchEvent(stack.clients, stack.tableNames, LOAD_EVENT);
  await seedBenchEvent(stack.clients, stack.tableNames, BARE_EVENT);
  const confirmed = new Map<string, number>();
  const creator = orderCreator(api.url, options.connections, LOAD_EVENT, confirmed, runId);
  const bare = bareTransaction(stack, BARE_EVENT, runId);

  try {
    progress(
      `orders: ${options.connections} clients for ${options.warmupS} s warm-up + ${options.durationS} s through the API`,
    );
    const apiFigures = await measuredLoop(
      processGroups(stack, api),
      { connections: options.connections, durationMs: options.durationS * 1000, warmupMs: options.warmupS * 1000 },
      creator.task,
    );

    let bareFigures: LoadFigures | undefined;
    if (options.secondaryDurationS > 0) {
      progress(`orders: ${options.connections} clients for ${options.secondaryDurationS} s of bare TransactWriteItems`);
      bareFigures = await measuredLoop(
        processGroups(stack),
        { connections: options.connections, durationMs: options.secondaryDurationS * 1000, warmupMs: 2000 },
        bare,
      );
    }

    let validated: OrdersResult['validated'];
    if (options.secondaryDurationS > 0) {
      const checkedApi = await stack.startApi({ validateResponses: true, name: 'local-api-validated' });
      const checkedCreator = orderCreator(checkedApi.url, options.connections, LOAD_EVENT, confirmed, `${runId}v`);
      try {
        progress(
          `orders: ${options.connections} clients for ${options.secondaryDurationS} s through an API that validates every response`,
        );
        const figures = await measuredLoop(
          processGroups(stack, checkedApi),
          { connections: options.connections, durationMs: options.secondaryDurationS * 1000, warmupMs: 2000 },
          checkedCreator.task,
        );
        validated = { ...figures, contractViolations: await checkedApi.contractViolations() };
      } finally {
        checkedCreator.close();
        await checkedApi.stop();
      }
    }

    let unloaded: OrdersResult['unloaded'];
    if (options.sequentialSamples > 0) {
      progress(
        `orders: ${options.sequentialSamples} × one at a time: an order through the API, the bare transaction, the order flow's calls, GET /health`,
      );
      unloaded = await oneAtATime(stack, api, creator.task, bare, options.sequentialSamples, runId);
    }

    progress('orders: auditing seats against orders');
    const audit = auditSeats(
      LOAD_EVENT,
      await availableSeats(stack.clients, stack.tableNames, LOAD_EVENT),
      await ordersOfEvent(stack.clients, stack.tableNames, LOAD_EVENT.eventId),
      confirmed,
    );
    const loadedRatio = bareFigures ? ratio(apiFigures.latencyMs.p50, bareFigures.latencyMs.p50) : undefined;
    return {
      event: LOAD_EVENT,
      api: apiFigures,
      ...(bareFigures ? { bare: bareFigures } : {}),
      ...(loadedRatio !== undefined ? { ratioP50: loadedRatio } : {}),
      ...(unloaded ? { unloaded } : {}),
      ...(validated ? { validated } : {}),
      audit,
    };
  } finally {
    creator.close();
  }
}
