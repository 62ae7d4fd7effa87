/**
 * 2. Sale rush: many buyers ask for the last seats at the same instant. Every buyer has a
 *    connection open already (as browsers on a sale page would), then all orders are sent at
 *    once. Exactly `seats` must succeed; everyone else must be told SOLD_OUT.
 */
import { randomBytes } from 'node:crypto';
import type { Agent } from 'node:http';
import { auditSeats, availableSeats, ordersOfEvent, seedBenchEvent, type BenchEvent, type SeatAudit } from '../catalog';
import { keepAliveAgent, send } from '../http-client';
import { nthSuccessAtMs, runBurst, statusCounts, type Task } from '../load';
import { placeOrder } from '../orders-api';
import { perOperation, withCpuUsage, type CpuPerOperation } from '../cpu';
import { processGroups, type ApiProcess, type BenchStack } from '../stack';
import { summarize, type LatencySummary } from '../stats';

export interface RushOptions {
  readonly buyers: number;
  readonly seats: number;
}

export interface RushResult {
  readonly event: BenchEvent;
  readonly buyers: number;
  readonly seats: number;
  readonly succeeded: number;
  readonly soldOut: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  /** From the first order sent until the last seat was confirmed (the `seats`-th 201). */
  readonly timeToSellOutMs?: number;
  /** Until every buyer had an answer. */
  readonly allAnsweredMs: number;
  /** Every buyer's latency, ms. */
  readonly latencyMs: LatencySummary;
  /** CPU per buyer (answered request), by process. */
  readonly cpu?: CpuPerOperation;
  readonly audit: SeatAudit;
  /** Exactly `seats` orders, everyone else SOLD_OUT, no seat left, the audit clean. */
  readonly ok: boolean;
}

const PRECONNECT_BATCH = 100;

async function preconnect(apiUrl: string, agents: readonly Agent[]): Promise<void> {
  for (let start = 0; start < agents.length; start += PRECONNECT_BATCH) {
    await Promise.all(
      agents.slice(start, start + PRECONNECT_BATCH).map(async (agent) => {
        const reply = await send(`${apiUrl}/health`, { method: 'GET' }, agent);
        if (reply.status !== 200) throw new Error(`GET /health answered ${reply.status}`);
      }),
    );
  }
}

export async function benchSaleRush(
  stack: BenchStack,
  api: ApiProcess,
  options: RushOptions,
  progress: (line: string) => void,
): Promise<RushResult> {
  const runId = randomBytes(4).toString('hex');
  const event: BenchEvent = {
    eventId: `bench-sale-rush-${runId}`,
    ticketTypeId: 'general',
    capacity: options.seats,
    price: 9900,
  };
  await seedBenchEvent(stack.clients, stack.tableNames, event);
  const agents = Array.from({ length: options.buyers }, () => keepAliveAgent(1));
  const confirmed = new Map<string, number>();
  let soldOut = 0;

  try {
    // A warm API, as during a real on-sale: the first orders load the handler and open its connections.
    const warmup: BenchEvent = {
      eventId: `bench-sale-rush-warmup-${runId}`,
      ticketTypeId: 'general',
      capacity: 100,
      price: 100,
    };
    await seedBenchEvent(stack.clients, stack.tableNames, warmup);
    for (let index = 0; index < 3; index++)
      await placeOrder(api.url, agents[0] as Agent, {
        event: warmup,
        quantity: 1,
        buyer: `rush-warmup-${runId}-${index}`,
      });

    progress(`rush: opening ${options.buyers} buyer connections`);
    await preconnect(api.url, agents);
    const tasks: Task[] = agents.map((agent, buyer) => async () => {
      const placed = await placeOrder(api.url, agent, { event, quantity: 1, buyer: `rush-${runId}-${buyer}` });
      if (placed.orderId) confirmed.set(placed.orderId, 1);
      if (placed.reply.status === 409 && placed.errorCode === 'SOLD_OUT') soldOut++;
      return { ok: placed.orderId !== undefined, status: placed.reply.status };
    });

    progress(`rush: ${options.buyers} buyers order ${options.seats} seats at once`);
    const { result: burst, usage } = await withCpuUsage(processGroups(stack, api), () => runBurst(tasks));
    const cpu = usage ? perOperation(usage, options.buyers) : undefined;
    const audit = auditSeats(
      event,
      await availableSeats(stack.clients, stack.tableNames, event),
      await ordersOfEvent(stack.clients, stack.tableNames, event.eventId),
      confirmed,
    );
    const succeeded = burst.samples.filter((sample) => sample.outcome.ok).length;
    const timeToSellOutMs = nthSuccessAtMs(burst.samples, options.seats);
    return {
      event,
      buyers: options.buyers,
      seats: options.seats,
      succeeded,
      soldOut,
      statusCounts: statusCounts(burst.samples),
      ...(timeToSellOutMs !== undefined ? { timeToSellOutMs } : {}),
      allAnsweredMs: burst.totalMs,
      latencyMs: summarize(burst.samples.map((sample) => sample.latencyMs)),
      ...(cpu ? { cpu } : {}),
      audit,
      ok:
        succeeded === options.seats && soldOut === options.buyers - options.seats && audit.available === 0 && audit.ok,
    };
  } finally {
    for (const agent of agents) agent.destroy();
  }
}
