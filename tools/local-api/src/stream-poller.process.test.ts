import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIsolatedTables, type IsolatedTables } from '@tth/data/testing';
import { silentLogger } from '@tth/runtime';
import { startStreamPoller, type LocalStreamPoller } from './stream-poller';
import {
  API_KEY,
  WORKSPACE_ROOT,
  payOrder,
  startProviderDouble,
  statusOf,
  until,
  type ProviderDouble,
} from './testing';

/** Starts stream-poller-main.ts as its own process and waits for its ready line. */
async function startPollerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join('tools', 'local-api', 'src', 'stream-poller-main.ts')],
    {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...env, TSX_TSCONFIG_PATH: join('tools', 'local-api', 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The poller process did not start:\n${output}`)), 30_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Fulfillment stream poller ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The poller process exited with ${code}:\n${output}`));
    });
  });
  return child;
}

describe('a fulfillment worker process killed between PAID and the provider answer', () => {
  let db: IsolatedTables;
  let provider: ProviderDouble;
  let dataDir: string;
  let child: ChildProcess | undefined;
  let restarted: LocalStreamPoller | undefined;

  beforeAll(async () => {
    db = await createIsolatedTables('poller-kill');
    provider = await startProviderDouble();
    dataDir = mkdtempSync(join(tmpdir(), 'tth-poller-kill-'));
    Object.assign(process.env, db.env, {
      FULFILLMENT_ENDPOINT: provider.url,
      FULFILLMENT_API_KEY: API_KEY,
      FULFILLMENT_TIMEOUT_MS: '20000',
      LOG_LEVEL: 'ERROR',
    });
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await restarted?.stop();
    await provider?.close();
    await db?.cleanup();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is fulfilled by the next worker from the checkpoints, with the tickets issued once', async () => {
    // Arrange: the provider issues at once but answers only after 30 s, so the call is in flight.
    provider.setLatency(30_000);
    child = await startPollerProcess({
      ...db.env,
      FULFILLMENT_ENDPOINT: provider.url,
      FULFILLMENT_API_KEY: API_KEY,
      FULFILLMENT_TIMEOUT_MS: '20000',
      LOCAL_DATA_DIR: dataDir,
      LOG_LEVEL: 'ERROR',
    });
    const orderId = await payOrder(db);
    await until(
      async () => (provider.issuedPerOrder()[orderId] === 1 ? true : undefined),
      'the provider call of the first worker',
    );
    const statusWhenKilled = (await statusOf(db, orderId))?.['status'];

    // Act
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    provider.setLatency(0);
    restarted = await startStreamPoller({
      dynamoEndpoint: db.endpoint,
      tableNames: db.tableNames,
      dataDir,
      pollIntervalMs: 20,
      logger: silentLogger,
    });
    const fulfilled = await until(async () => {
      const order = await statusOf(db, orderId);
      return order?.['status'] === 'FULFILLED' ? order : undefined;
    }, 'FULFILLED after the restart');

    // Assert
    expect(statusWhenKilled).toBe('FULFILLING');
    expect(provider.issuedPerOrder()).toEqual({ [orderId]: 1 });
    expect(fulfilled['fulfillmentAttempts']).toBe(2);
    expect(fulfilled['tickets']).toHaveLength(2);
    expect(restarted.deadLetterCount()).toBe(0);
  });
});
