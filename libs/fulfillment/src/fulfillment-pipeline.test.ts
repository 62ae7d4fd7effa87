/**
 * The whole fulfillment path against real services: DynamoDB Local (its Streams API drives the
 * poller), the worker handler and provider client as deployed, and the fulfillment provider
 * emulator with injected faults. Orders are paid the way the webhook pays them (the orders
 * repository's PENDING_PAYMENT → PAID transition), since Stripe plays no part here.
 */
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OrdersRepository } from '@tth/data';
import { createIsolatedTables, type IsolatedTables } from '@tth/data/testing';
import { LOCAL_FULFILLMENT_API_KEY, startFulfillmentEmulator, type FulfillmentEmulator } from '@tth/emulators';
import { silentLogger } from '@tth/runtime';
import type { FulfillmentDeps } from './fulfill-order';
import { recordingFulfillmentMetrics, type RecordingMetrics } from './metrics';
import { FulfillmentOrderStore } from './order-store';
import type { FulfillmentProviderClient } from './provider-client';
import { redriveFailedOrders } from './redrive';
import { memoryCheckpointStore, type CheckpointStore } from './local/checkpoints';
import { createFulfillmentStreamHandler } from './stream/stream-handler';
import { latestStreamArn, sdkStreamsApi, startStreamPoller, type StreamPoller } from './local/stream-poller';
import { createPaidOrder, eventually } from './testing/paid-orders';
import { createFulfillmentDeps, loadFulfillmentConfig } from './wiring';

describe('fulfillment pipeline (DynamoDB Local stream → poller → worker → provider emulator)', () => {
  let db: IsolatedTables;
  let emulator: FulfillmentEmulator;
  let store: FulfillmentOrderStore;
  let streamsClient: DynamoDBStreamsClient;
  const pollers: StreamPoller[] = [];

  beforeEach(async () => {
    db = await createIsolatedTables('pipeline');
    // hangMs: a "timeout" fault holds the connection well past the client's 300 ms timeout.
    emulator = await startFulfillmentEmulator({ port: 0, seed: 20260501, hangMs: 2_000 });
    store = new FulfillmentOrderStore(db.clients.doc, db.tableNames.Orders);
    streamsClient = new DynamoDBStreamsClient({
      endpoint: db.endpoint,
      region: 'us-east-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
    streamsClient?.destroy();
    await emulator?.close();
    await db?.cleanup();
  });

  /** The worker as the Lambda wires it (config from env-style settings), with retry delays of milliseconds. */
  function workerDeps(metrics: RecordingMetrics): FulfillmentDeps {
    const config = loadFulfillmentConfig({
      ORDERS_TABLE: db.tableNames.Orders,
      FULFILLMENT_ENDPOINT: emulator.url,
      FULFILLMENT_API_KEY: LOCAL_FULFILLMENT_API_KEY,
      FULFILLMENT_TIMEOUT_MS: '300',
      FULFILLMENT_HTTP_ATTEMPTS: '5',
      FULFILLMENT_BACKOFF_BASE_MS: '2',
      FULFILLMENT_BACKOFF_MAX_MS: '20',
      FULFILLMENT_MAX_ATTEMPTS: '5',
    });
    return createFulfillmentDeps(config, { metrics, doc: db.clients.doc });
  }

  function startWorker(options: { deps: FulfillmentDeps; checkpoints?: CheckpointStore }): StreamPoller {
    const poller = startStreamPoller({
      streamArn: () => latestStreamArn(db.clients.client, db.tableNames.Orders),
      streams: sdkStreamsApi(streamsClient),
      handler: createFulfillmentStreamHandler(options.deps, { logger: silentLogger }),
      maxRetries: 5,
      retryBackoff: { baseDelayMs: 5, maxDelayMs: 50 },
      pollIntervalMs: 20,
      ...(options.checkpoints ? { checkpoints: options.checkpoints } : {}),
    });
    pollers.push(poller);
    return poller;
  }

  async function payOrders(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let start = 0; start < count; start += 10) {
      const batch = await Promise.all(Array.from({ length: Math.min(10, count - start) }, () => createPaidOrder(db)));
      ids.push(...batch.map((order) => order.orderId));
    }
    return ids;
  }

  async function countInStatus(status: 'FULFILLED' | 'FULFILLMENT_FAILED'): Promise<number> {
    const orders = new OrdersRepository(db.clients.doc, {
      orders: db.tableNames.Orders,
      catalog: db.tableNames.Catalog,
      customers: db.tableNames.Customers,
      payments: db.tableNames.Payments,
    });
    return orders.countDue(status, '9999-12-31T23:59:59.999Z');
  }

  const allIn = (status: 'FULFILLED' | 'FULFILLMENT_FAILED', count: number) => async () =>
    (await countInStatus(status)) === count ? true : undefined;

  it('fulfils 100 paid orders exactly once each while the provider fails half of its calls', async () => {
    // Arrange
    emulator.setFaults({ failureRate: 0.5, timeoutRate: 0.05 });
    const metrics = recordingFulfillmentMetrics();
    const poller = startWorker({ deps: workerDeps(metrics) });

    // Act
    const orderIds = await payOrders(100);
    await eventually(allIn('FULFILLED', 100), 90_000, '100 FULFILLED orders');

    // Assert
    const log = emulator.issuances();
    expect(log.duplicateOrders).toEqual([]);
    expect(Object.keys(log.issuedPerOrder).sort()).toEqual([...orderIds].sort());
    expect(new Set(Object.values(log.issuedPerOrder))).toEqual(new Set([1]));
    expect(log.stats.faults.failures).toBeGreaterThan(0);
    for (const orderId of orderIds) {
      const order = await store.get(orderId);
      const issued = log.issuances.find((issuance) => issuance.orderId === orderId);
      expect(order?.tickets?.map((ticket) => ticket.code)).toEqual(issued?.tickets.map((ticket) => ticket.code));
    }
    expect(poller.deadLetters()).toEqual([]);
    expect(metrics.totals.OrdersFulfilled).toBe(100);
    expect(metrics.totals.FulfillmentRetried).toBeGreaterThan(0);
    expect(metrics.totals.FulfillmentFailed).toBe(0);
  }, 120_000);

  it('fails every order with a dead letter while the provider is down, and the redrive fulfils them all after it recovers', async () => {
    // Arrange
    emulator.setFaults({ outage: true });
    const metrics = recordingFulfillmentMetrics();
    const poller = startWorker({ deps: workerDeps(metrics) });
    const orderIds = await payOrders(6);
    await eventually(async () => (poller.deadLetters().length === 6 ? true : undefined), 60_000, '6 dead letters');
    const failedBeforeRedrive = await countInStatus('FULFILLMENT_FAILED');
    const deadLetteredOrders = poller.deadLetters().map((letter) => letter.orderId);
    emulator.setFaults({ outage: false });

    // Act
    const redrive = await redriveFailedOrders({ orders: store, clock: () => new Date(), logger: silentLogger });
    await eventually(allIn('FULFILLED', 6), 60_000, '6 FULFILLED orders after the redrive');

    // Assert
    expect(failedBeforeRedrive).toBe(6);
    expect(deadLetteredOrders.sort()).toEqual([...orderIds].sort());
    expect(metrics.totals.FulfillmentFailed).toBe(6);
    expect([...redrive.requeued].sort()).toEqual([...orderIds].sort());
    expect(emulator.issuances().issuedPerOrder).toEqual(Object.fromEntries(orderIds.map((orderId) => [orderId, 1])));
    expect(poller.deadLetters()).toHaveLength(6);
    for (const orderId of orderIds)
      expect(await store.get(orderId)).toMatchObject({ status: 'FULFILLED', fulfillmentRedrives: 1 });
  }, 120_000);

  it('fulfils an order once when the worker dies after FULFILLING, before calling the provider, and a new one takes over', async () => {
    // Arrange
    const checkpoints = memoryCheckpointStore();
    const metrics = recordingFulfillmentMetrics();
    const realDeps = workerDeps(metrics);
    const dyingBeforeTheCall: FulfillmentProviderClient = { issueTickets: () => new Promise<never>(() => undefined) };
    const crashed = startWorker({ deps: { ...realDeps, provider: dyingBeforeTheCall }, checkpoints });
    const [orderId] = await payOrders(1);
    await eventually(
      async () => ((await store.get(orderId!))?.status === 'FULFILLING' ? true : undefined),
      20_000,
      'FULFILLING',
    );
    await crashed.stop();
    const issuedWhileCrashed = emulator.issuances().stats.issued;

    // Act
    startWorker({ deps: realDeps, checkpoints });
    await eventually(allIn('FULFILLED', 1), 20_000, 'the order FULFILLED after the restart');

    // Assert
    expect(issuedWhileCrashed).toBe(0);
    expect(emulator.issuances().issuedPerOrder).toEqual({ [orderId!]: 1 });
    expect(await store.get(orderId!)).toMatchObject({ status: 'FULFILLED', fulfillmentAttempts: 2 });
  }, 60_000);

  it('stores the tickets issued before a worker died instead of issuing new ones (idempotency key = order id)', async () => {
    // Arrange
    const checkpoints = memoryCheckpointStore();
    const realDeps = workerDeps(recordingFulfillmentMetrics());
    const dyingAfterTheCall: FulfillmentProviderClient = {
      issueTickets: async (request, context) => {
        await realDeps.provider.issueTickets(request, context);
        return new Promise<never>(() => undefined);
      },
    };
    const crashed = startWorker({ deps: { ...realDeps, provider: dyingAfterTheCall }, checkpoints });
    const [orderId] = await payOrders(1);
    await eventually(
      async () => (emulator.issuances().issuedPerOrder[orderId!] === 1 ? true : undefined),
      20_000,
      'the provider to issue',
    );
    await crashed.stop();

    // Act
    startWorker({ deps: realDeps, checkpoints });
    await eventually(allIn('FULFILLED', 1), 20_000, 'the order FULFILLED after the restart');

    // Assert
    const log = emulator.issuances();
    expect(log.issuedPerOrder).toEqual({ [orderId!]: 1 });
    expect(log.issuances[0]?.replays).toBeGreaterThanOrEqual(1);
    expect((await store.get(orderId!))?.tickets?.map((ticket) => ticket.code)).toEqual(
      log.issuances[0]?.tickets.map((ticket) => ticket.code),
    );
  }, 60_000);
});
