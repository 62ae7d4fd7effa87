import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedTables, type IsolatedTables } from '@tth/data/testing';
import { loadHandlerModule } from '@tth/functions';
import { silentLogger } from '@tth/runtime';
import { DEAD_LETTER_FILE_NAME, startStreamPoller, type LocalStreamPoller } from './stream-poller';
import {
  API_KEY,
  WORKSPACE_ROOT,
  payOrder,
  startProviderDouble,
  statusOf,
  until,
  type ProviderDouble,
} from './testing';

describe('local stream poller (DynamoDB Local streams → the fulfillment-worker Lambda handler)', () => {
  let db: IsolatedTables;
  let provider: ProviderDouble;
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
    const fulfilled = await until(
      async () => ((await statusOf(db, orderId))?.['status'] === 'FULFILLED' ? statusOf(db, orderId) : undefined),
      `${orderId} FULFILLED`,
    );

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
    const { handler: redrive } = await loadHandlerModule('redrive-fulfillment');

    // Act
    const result = await redrive({ orderIds: [orderId] });

    // Assert
    expect(result.requeued).toEqual([orderId]);
    await until(
      async () => ((await statusOf(db, orderId))?.['status'] === 'FULFILLED' ? true : undefined),
      `${orderId} FULFILLED after redrive`,
    );
    const letters = readFileSync(join(dataDir, DEAD_LETTER_FILE_NAME), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(letters.filter((letter) => letter['orderId'] === orderId)).toEqual([
      expect.objectContaining({ reason: 'retries-exhausted', newStatus: 'PAID', invocations: 3 }),
    ]);
    expect((await statusOf(db, orderId))?.['fulfillmentRedrives']).toBe(1);
  });

  it('runs the same redrive from the command line (nx run local-api:redrive-fulfillment), dry run included', async () => {
    // Arrange
    provider.setDown(true);
    const orderId = await payOrder(db);
    await until(
      async () => ((await statusOf(db, orderId))?.['status'] === 'FULFILLMENT_FAILED' ? true : undefined),
      `${orderId} FULFILLMENT_FAILED`,
    );
    provider.setDown(false);
    const run = (...args: string[]) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', join('tools', 'local-api', 'src', 'redrive-fulfillment.ts'), ...args],
        {
          cwd: WORKSPACE_ROOT,
          env: {
            ...process.env,
            ...db.env,
            LOCAL_DATA_DIR: dataDir,
            TSX_TSCONFIG_PATH: join('tools', 'local-api', 'tsconfig.json'),
          },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );

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
    await until(
      async () => ((await statusOf(db, orderId))?.['status'] === 'FULFILLED' ? true : undefined),
      `${orderId} FULFILLED after the CLI redrive`,
    );
  });

  it('explains an unreachable DynamoDB on the command line instead of a stack trace', async () => {
    // Arrange
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadEndpoint = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    // Act
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', join('tools', 'local-api', 'src', 'redrive-fulfillment.ts'), '--dry-run'],
      {
        cwd: WORKSPACE_ROOT,
        env: {
          ...process.env,
          ...db.env,
          DYNAMODB_ENDPOINT: deadEndpoint,
          TSX_TSCONFIG_PATH: join('tools', 'local-api', 'tsconfig.json'),
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

    // Assert
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `Cannot reach the Orders table ${db.tableNames.Orders} at ${deadEndpoint} (ECONNREFUSED): is the local stack running (npm start)?`,
    );
  });

  it('refuses a malformed command line with the usage', () => {
    // Arrange
    const args = ['--order=not-an-order'];

    // Act
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', join('tools', 'local-api', 'src', 'redrive-fulfillment.ts'), ...args],
      {
        cwd: WORKSPACE_ROOT,
        env: { ...process.env, ...db.env, TSX_TSCONFIG_PATH: join('tools', 'local-api', 'tsconfig.json') },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

    // Assert
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Not an order id: "not-an-order"');
    expect(result.stderr).toContain('Usage: nx run local-api:redrive-fulfillment');
  });
});
