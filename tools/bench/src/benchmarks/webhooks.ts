/**
 * 3. Webhook acknowledgement: real orders are paid on the Stripe emulator, and their real
 *    `checkout.session.completed` events are delivered all at once, signed as Stripe signs them.
 *    The handler verifies each signature, claims the event id and moves its order to PAID before
 *    it answers. Then the same events are delivered again (Stripe redelivers): every one must be
 *    acknowledged as a duplicate without changing anything.
 */
import { randomBytes } from 'node:crypto';
import type { Agent } from 'node:http';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { OrderRecord } from '@tth/data';
import { seedBenchEvent, type BenchEvent } from '../catalog';
import { jsonBody, keepAliveAgent, send } from '../http-client';
import { mapWithConcurrency, runBurst, statusCounts, type Task } from '../load';
import { placeOrder } from '../orders-api';
import { perOperation, withCpuUsage, type CpuPerOperation, type ProcessGroup } from '../cpu';
import { BENCH_WEBHOOK_SECRET, processGroups, type ApiProcess, type BenchStack } from '../stack';
import { summarize, type LatencySummary } from '../stats';
import { stripeSignature } from '../stripe-signature';

export interface WebhookOptions {
  readonly deliveries: number;
  /** Deliveries sent one at a time before the burst (the unloaded acknowledgement latency). */
  readonly sequential: number;
}

export interface DeliveryRound {
  readonly deliveries: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  /** 200 with `received: true` (and, for the redelivery, `duplicate: true`). */
  readonly acknowledged: number;
  readonly latencyMs: LatencySummary;
  /** From the first delivery sent to the last answer. */
  readonly totalMs: number;
  /** CPU per delivery, by process. */
  readonly cpu?: CpuPerOperation;
}

export interface WebhookResult {
  readonly eventType: string;
  /** One delivery at a time (nothing else in flight). */
  readonly sequential?: {
    readonly deliveries: number;
    readonly acknowledged: number;
    readonly latencyMs: LatencySummary;
  };
  readonly first: DeliveryRound;
  readonly redelivery: DeliveryRound;
  /** Orders in PAID after the first round (must equal the deliveries). */
  readonly ordersPaid: number;
  readonly ok: boolean;
}

const SETUP_CONCURRENCY = 8;
const STRIPE_USER_AGENT = 'Stripe/1.0 (+https://stripe.com/docs/webhooks)';

async function preconnect(apiUrl: string, agents: readonly Agent[]): Promise<void> {
  await mapWithConcurrency(agents, 50, async (agent) => {
    await send(`${apiUrl}/health`, { method: 'GET' }, agent);
  });
}

async function deliver(
  apiUrl: string,
  agents: readonly Agent[],
  payloads: readonly string[],
  expectDuplicate: boolean,
  groups: readonly ProcessGroup[] = [],
): Promise<DeliveryRound> {
  const timestamp = Math.floor(Date.now() / 1000);
  // Signed before the burst: signing is Stripe's work, not the handler's.
  const signatures = payloads.map((payload) => stripeSignature(payload, BENCH_WEBHOOK_SECRET, timestamp));
  let acknowledged = 0;
  const tasks: Task[] = payloads.map((payload, index) => async () => {
    const reply = await send(
      `${apiUrl}/webhooks/stripe`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': signatures[index] as string,
          'User-Agent': STRIPE_USER_AGENT,
        },
        body: payload,
      },
      agents[index] as Agent,
    );
    const body = jsonBody<{ received?: unknown; duplicate?: unknown }>(reply);
    const ok = reply.status === 200 && body?.received === true && (body.duplicate === true) === expectDuplicate;
    if (ok) acknowledged++;
    return { ok, status: reply.status };
  });
  const { result: burst, usage } = await withCpuUsage(groups, () => runBurst(tasks));
  const cpu = usage && groups.length > 0 ? perOperation(usage, payloads.length) : undefined;
  return {
    deliveries: payloads.length,
    statusCounts: statusCounts(burst.samples),
    acknowledged,
    latencyMs: summarize(burst.samples.map((sample) => sample.latencyMs)),
    totalMs: burst.totalMs,
    ...(cpu ? { cpu } : {}),
  };
}

export async function benchWebhooks(
  stack: BenchStack,
  api: ApiProcess,
  options: WebhookOptions,
  progress: (line: string) => void,
): Promise<WebhookResult> {
  const runId = randomBytes(4).toString('hex');
  const event: BenchEvent = {
    eventId: `bench-webhooks-${runId}`,
    ticketTypeId: 'general',
    capacity: options.deliveries * 10,
    price: 3500,
  };
  await seedBenchEvent(stack.clients, stack.tableNames, event);
  const setupAgent = keepAliveAgent(SETUP_CONCURRENCY);
  const agents = Array.from({ length: options.deliveries }, () => keepAliveAgent(1));

  try {
    progress(
      `webhooks: placing ${1 + options.sequential + options.deliveries} orders and paying them on the Stripe emulator`,
    );
    // One more order than deliveries warms the webhook function up; `sequential` more are delivered one by one.
    const total = 1 + options.sequential + options.deliveries;
    const orderIds = await mapWithConcurrency(
      Array.from({ length: total }, (_, index) => index),
      SETUP_CONCURRENCY,
      async (index) => {
        const placed = await placeOrder(api.url, setupAgent, {
          event,
          quantity: 1 + (index % 2),
          buyer: `webhook-${runId}-${index}`,
        });
        if (!placed.orderId)
          throw new Error(
            `Setting up the webhook benchmark: POST /orders answered ${placed.reply.status} ${placed.reply.body.slice(0, 200)}`,
          );
        return placed.orderId;
      },
    );
    const payloads = await mapWithConcurrency(orderIds, SETUP_CONCURRENCY, async (orderId) => {
      const order = await readOrder(stack, orderId);
      if (!order?.checkoutSessionId) throw new Error(`Order ${orderId} has no Checkout Session`);
      const paid = await send(
        `${stack.stripeUrl}/_control/sessions/${order.checkoutSessionId}/pay`,
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' },
        setupAgent,
      );
      const attempt = jsonBody<{ outcome?: string; event?: { type?: string } }>(paid);
      if (attempt?.outcome !== 'paid' || !attempt.event)
        throw new Error(`Paying session ${order.checkoutSessionId} failed: ${paid.status} ${paid.body.slice(0, 200)}`);
      // Stripe sends events as pretty-printed JSON; the signature covers these exact bytes.
      return JSON.stringify(attempt.event, null, 2);
    });
    const eventType = String(JSON.parse(payloads[0] ?? '{}').type);
    const warmup = await deliver(api.url, [setupAgent], payloads.splice(0, 1), false);
    if (warmup.acknowledged !== 1)
      throw new Error(`The warm-up webhook delivery was not acknowledged: ${JSON.stringify(warmup.statusCounts)}`);
    orderIds.splice(0, 1);

    let sequential: WebhookResult['sequential'];
    if (options.sequential > 0) {
      progress(`webhooks: ${options.sequential} deliveries one at a time`);
      const rounds: DeliveryRound[] = [];
      for (const payload of payloads.splice(0, options.sequential))
        rounds.push(await deliver(api.url, [setupAgent], [payload], false));
      orderIds.splice(0, options.sequential);
      sequential = {
        deliveries: rounds.length,
        acknowledged: rounds.reduce((sum, round) => sum + round.acknowledged, 0),
        latencyMs: summarize(rounds.map((round) => round.latencyMs.max)),
      };
    }

    await preconnect(api.url, agents);
    progress(`webhooks: ${options.deliveries} signed ${eventType} deliveries at once`);
    const first = await deliver(api.url, agents, payloads, false, processGroups(stack, api));
    const statuses = await mapWithConcurrency(
      orderIds,
      SETUP_CONCURRENCY,
      async (orderId) => (await readOrder(stack, orderId))?.status,
    );
    const ordersPaid = statuses.filter((status) => status === 'PAID').length;

    progress(`webhooks: the same ${options.deliveries} events redelivered at once`);
    const redelivery = await deliver(api.url, agents, payloads, true, processGroups(stack, api));
    return {
      eventType,
      ...(sequential ? { sequential } : {}),
      first,
      redelivery,
      ordersPaid,
      ok:
        first.acknowledged === options.deliveries &&
        redelivery.acknowledged === options.deliveries &&
        ordersPaid === options.deliveries &&
        (sequential === undefined || sequential.acknowledged === sequential.deliveries),
    };
  } finally {
    setupAgent.destroy();
    for (const agent of agents) agent.destroy();
  }
}

async function readOrder(stack: BenchStack, orderId: string): Promise<OrderRecord | undefined> {
  const { Item } = await stack.clients.doc.send(
    new GetCommand({ TableName: stack.tableNames.Orders, Key: { orderId }, ConsistentRead: true }),
  );
  return Item as OrderRecord | undefined;
}
