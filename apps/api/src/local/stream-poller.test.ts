import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrdersRepository, type OrderRecord } from '@tth/data';
import { createIsolatedTables, type IsolatedTables } from '@tth/data/testing';
import { silentLogger } from '@tth/runtime';
import { WORKSPACE_ROOT } from '../build/bundle';
import { DEAD_LETTER_FILE_NAME, startStreamPoller, type LocalStreamPoller } from './stream-poller';

const API_KEY = 'local-fulfillment-test-key';

/**
 * A minimal provider double (the full emulator lives in tools/emulators, which apps may not
 * import): API key check, idempotency by key, and an on/off outage switch.
 */
async function startProviderDouble() {
  const issued = new Map<string, unknown>();
  let calls = 0;
  let down = false;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      calls += 1;
      const send = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (down) return send(503, { error: 'maintenance' });
      if (request.headers['x-api-key'] !== API_KEY) return send(401, { error: 'unauthorized' });
      const key = String(request.headers['idempotency-key']);
      const earlier = issued.get(key);
      if (earlier) return send(200, earlier);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { orderId: string; items: Array<{ ticketTypeId: string; quantity: number }> };
      const issuance = {
        issuanceId: `iss_${issued.size + 1}`,
        orderId: body.orderId,
        tickets: body.items.flatMap((item) => Array.from({ length: item.quantity }, () => ({ code: `TTH-${randomBytes(6).toString('hex')}`, ticketTypeId: item.ticketTypeId }))),
      };
      issued.set(key, issuance);
      return send(201, issuance);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    issuedOrders: () => [...issued.keys()],
    calls: () => calls,
    setDown: (value: boolean) => {
      down = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const newOrderId = () => `ord_${[...randomBytes(26)].map((byte) => CROCKFORD[byte % 32]).join('')}`;

async function payOrder(db: IsolatedTables): Promise<string> {
  const now = new Date().toISOString();
  const order: OrderRecord = {
    orderId: newOrderId(),
    status: 'PENDING_PAYMENT',
    statusDueAt: now,
    eventId: 'local-gig',
    eventName: 'Local Gig',
    customerId: 'cus-local',
    lines: [{ ticketTypeId: 'general', name: 'General admission', quantity: 2, unitPrice: 2500, lineTotal: 5000 }],
    totals: { subtotal: 5000, fees: 0, total: 5000, currency: 'EUR' },
    holdExpiresAt: now,
    seatsHeld: true,
    tokenHash: 'hash',
    createdAt: now,
    updatedAt: now,
  };
  await db.clients.doc.send(new PutCommand({ TableName: db.tableNames.Orders, Item: order }));
  const orders = new OrdersRepository(db.clients.doc, { orders: db.tableNames.Orders, catalog: db.tableNames.Catalog, customers: db.tableNames.Customers, payments: db.tableNames.Payments });
  const paid = await orders.transition({ order, from: 'PENDING_PAYMENT', to: 'PAID', seats: 'keep', now });
  if (!paid.ok) throw new Error(`could not pay ${order.orderId}`);
  return order.orderId;
}

async function statusOf(db: IsolatedTables, orderId: string): Promise<Record<string, unknown> | undefined> {
  return (await db.clients.doc.send(new GetCommand({ TableName: db.tableNames.Orders, Key: { orderId }, ConsistentRead: true }))).Item;
}

async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('local stream poller (DynamoDB Local streams → the fulfillment-worker Lambda handler)', () => {
  let db: IsolatedTables;
  let provider: Awaited<ReturnType<typeof startProviderDouble>>;
  let poller: LocalStreamPoller;
  let dataDir: string;

  beforeAll(async () => {
    db = await createIsolatedTables('stream-poller');
    provider = await startProviderDouble();
    dataDir = mkdtempSync(join(tmpdir(), 'tth-poller-'));
    // What the local stack sets for the Lambda handlers; quick retries so the test runs in seconds.
    Object.assign(process.env, db.env, {
      FULFILLMENT_ENDPOINT: provider.url,
      FULFILLMENT_API_KEY: API_KEY,
      FULFILLMENT_HTTP_ATTEMPTS: '2',
      FULFILLMENT_BACKOFF_BASE_MS: '1',
      FULFILLMENT_BACKOFF_MAX_MS: '5',
      FULFILLMENT_MAX_ATTEMPTS: '2',
      LOG_LEVEL: 'ERROR',
    });
    poller = await startStreamPoller({
      dynamoEndpoint: db.endpoint,
      tableNames: db.tableNames,
      dataDir,
      maxRetries: 2,
      retryBackoff: { baseDelayMs: 5, maxDelayMs: 20 },
      pollIntervalMs: 20,
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await poller?.stop();
    await provider?.close();
    await db?.cleanup();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('fulfils an order that became PAID through the very handler the Lambda exports', async () => {
    // Arrange
    const orderId = await payOrder(db);

    // Act
    const fulfilled = await until(async () => ((await statusOf(db, orderId))?.['status'] === 'FULFILLED' ? statusOf(db, orderId) : undefined), `${orderId} FULFILLED`);

    // Assert
    expect(fulfilled?.['tickets']).toEqual([
      { code: expect.stringMatching(/^TTH-/), ticketTypeId: 'general', ticketTypeName: 'General admission' },
      { code: expect.stringMatching(/^TTH-/), ticketTypeId: 'general', ticketTypeName: 'General admission' },
    ]);
    expect(provider.issuedOrders()).toContain(orderId);
  });

  it('dead-letters an order the provider cannot serve, and the redrive handler gets it fulfilled once the provider is back', async () => {
    // Arrange
    provider.setDown(true);
    const before = poller.deadLetterCount();
    const orderId = await payOrder(db);
    await until(async () => (poller.deadLetterCount() > before ? true : undefined), 'a dead letter');
    provider.setDown(false);
    const { handler: redrive } = await import('../handlers/redrive-fulfillment');

    // Act
    const result = await redrive({ orderIds: [orderId] });

    // Assert
    expect(result.requeued).toEqual([orderId]);
    await until(async () => ((await statusOf(db, orderId))?.['status'] === 'FULFILLED' ? true : undefined), `${orderId} FULFILLED after redrive`);
    const letters = readFileSync(join(dataDir, DEAD_LETTER_FILE_NAME), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(letters.filter((letter) => letter['orderId'] === orderId)).toEqual([expect.objectContaining({ reason: 'retries-exhausted', newStatus: 'PAID', invocations: 3 })]);
    expect((await statusOf(db, orderId))?.['fulfillmentRedrives']).toBe(1);
  });

  it('runs the same redrive from the command line (nx run api:redrive-fulfillment), dry run included', async () => {
    // Arrange
    provider.setDown(true);
    const orderId = await payOrder(db);
    await until(async () => ((await statusOf(db, orderId))?.['status'] === 'FULFILLMENT_FAILED' ? true : undefined), `${orderId} FULFILLMENT_FAILED`);
    provider.setDown(false);
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join('apps', 'api', 'src', 'local', 'redrive-fulfillment.ts'), ...args], {
        cwd: WORKSPACE_ROOT,
        env: { ...process.env, ...db.env, LOCAL_DATA_DIR: dataDir, TSX_TSCONFIG_PATH: join('apps', 'api', 'tsconfig.json') },
        encoding: 'utf8',
        timeout: 60_000,
      });

    // Act
    const dryRun = run(`--order=${orderId}`, '--dry-run');
    const statusAfterDryRun = (await statusOf(db, orderId))?.['status'];
    const realRun = run(`--order=${orderId}`);

    // Assert
    expect(dryRun.status).toBe(0);
    expect(dryRun.stdout).toContain(`Would re-queue 1 order(s).\n  ${orderId}`);
    expect(dryRun.stdout).toMatch(/Local fulfillment dead letters so far: \d+/);
    expect(statusAfterDryRun).toBe('FULFILLMENT_FAILED');
    expect(realRun.status).toBe(0);
    expect(realRun.stdout).toContain(`Re-queued 1 order(s).\n  ${orderId}`);
    await until(async () => ((await statusOf(db, orderId))?.['status'] === 'FULFILLED' ? true : undefined), `${orderId} FULFILLED after the CLI redrive`);
  });

  it('refuses a malformed command line with the usage', () => {
    // Arrange
    const args = ['--order=not-an-order'];

    // Act
    const result = spawnSync(process.execPath, ['--import', 'tsx', join('apps', 'api', 'src', 'local', 'redrive-fulfillment.ts'), ...args], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...db.env, TSX_TSCONFIG_PATH: join('apps', 'api', 'tsconfig.json') },
      encoding: 'utf8',
      timeout: 60_000,
    });

    // Assert
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Not an order id: "not-an-order"');
    expect(result.stderr).toContain('Usage: nx run api:redrive-fulfillment');
  });
});
